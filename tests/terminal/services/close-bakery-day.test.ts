/**
 * Closing the bakery's day on the full test bench: two bread sales and a decline, then the day register built
 * from the journal, journaled, synced in the signed batches, and read back from the ledger's inspection report
 * beside the ledger's own count of the loaves.
 */
import * as assert from 'uvu/assert';
import { createTestbench, type Testbench } from '../../../sdk/create-testbench.ts';
import { closeBakeryDay } from '../../../terminal/services/close-bakery-day.ts';
import { RECORD_TYPE } from '../../../terminal/services/service-records.ts';
import { decodeBakeryRegister } from '../../../terminal/auth/bakery-day-register.ts';
import { suite } from '../../support/suite.ts';

const test = suite('terminal/services/close-bakery-day', { timeoutMs: 120_000 });
const ctx = {} as { bench: Testbench };

test.before(() => {
  ctx.bench = createTestbench();
});
test.after(async () => {
  await ctx.bench?.close();
});

test('the register counts the journal\'s approved loaves per hour, is journaled, synced and reported by the ledger', async () => {
  const { bench } = ctx;
  const household = await bench.issueHousehold({ beneficiaries: 4, members: 2 });
  const [head, spouse] = household.members;
  await bench.presentCard(head!);
  bench.presentFinger(head!, 'right');
  assert.is((await bench.sellBread({ loaves: 6 })).outcome, 'APPROVED');
  await bench.presentCard(spouse!);
  bench.presentFinger(spouse!, 'right');
  assert.is((await bench.sellBread({ loaves: 4 })).outcome, 'APPROVED');
  await bench.presentCard(head!);
  bench.presentFinger(head!, 'right');
  assert.is((await bench.sellBread({ loaves: 60 })).outcome, 'COLLECT_AHEAD_LIMIT', 'beyond the household share');

  const services = await bench.ready();
  const now = Math.floor(bench.clock() / 1000);
  const day = Math.floor((now + 120 * 60) / 86_400);
  const closed = await closeBakeryDay(services.journal.journal, {
    terminalId: bench.terminalId, day, utcOffsetMinutes: 120, flourDeliveredGrams: 9_000, loafGrams: 90,
    openingStockLoaves: 20, closingStockLoaves: 105,
  });
  assert.is(closed.register.soldTotal, 10, 'declines and other services are not loaves sold');
  assert.is(closed.register.transactions, 2);
  assert.is(closed.register.expectedFromFlour, 100);
  assert.is(closed.register.expectedClosing, 110);
  assert.is(closed.register.discrepancy, -5);
  assert.is(closed.register.soldPerHour.reduce((a, b) => a + b, 0), 10);
  assert.match(closed.text, 'Sold: 10 loaves in 2 transactions');
  assert.match(closed.text, 'المباع: 10 رغيف');

  const [frame] = await services.journal.journal.read(closed.seq, 1);
  assert.is(frame!.type, RECORD_TYPE.DAY_REGISTER);
  assert.equal(decodeBakeryRegister(frame!.body), closed.register, 'the journal holds the register itself');

  const acks = await bench.sync();
  const storedUpTo = Math.max(0, ...services.acks.map((a) => a.storedUpToSeq), ...acks.map((a) => a.storedUpToSeq));
  assert.ok(storedUpTo >= closed.seq, `the ledger holds up to ${storedUpTo}, the register is ${closed.seq}`);
  const report = await services.ledger.ledger.dayRegistersReport(day);
  assert.is(report.length, 1);
  assert.is(report[0]!.terminalId, bench.terminalId);
  assert.equal(report[0]!.register, closed.register);
  assert.is(report[0]!.ledgerLoaves, 10, 'the ledger counted the same loaves from the sales themselves');
});

test.run();
