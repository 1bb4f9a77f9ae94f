/**
 * A small seeded day with faults through the runner: every approval shown is in the ledger exactly once, the
 * journal's totals equal the ledger's, the register's sold total equals the approved loaves, every fault injected
 * is recovered. The ledger is read here directly too, not only through the runner's own summary.
 */
import * as assert from 'uvu/assert';
import { dayScript } from '../../../../sdk/bench/day/day-script.ts';
import { runDay, type DaySummary } from '../../../../sdk/bench/day/run-day.ts';
import { OUTCOME } from '../../../../terminal/schemas/journal-record.ts';
import { SERVICE } from '../../../../terminal/schemas/service.ts';
import { suite } from '../../../support/suite.ts';

// The embedded ledger's PGlite runs initdb at start: seconds, many more on a loaded machine.
const test = suite('sdk/bench/day/run-day', { timeoutMs: 180_000 });

test('12 customers, 3 households, faults on: the day reconciles', async () => {
  const script = dayScript({ customers: 12, households: 3, seed: 7, faults: true });
  let seen: { approved: number; loaves: number; declined: number; registerSold: number[]; ledgerLoaves: number[]; stored: number } | undefined;
  const s: DaySummary = await runDay({
    script,
    async inspect(ledger, summary) {
      const r = await ledger.ledger.reconciliation(summary.terminalId, summary.day);
      const row = (type: number) => r.totals.find((t) => t.service === SERVICE.BREAD && t.type === type);
      const registers = await ledger.ledger.dayRegistersReport(summary.day);
      seen = {
        approved: row(OUTCOME.APPROVED)?.count ?? 0, loaves: row(OUTCOME.APPROVED)?.amount ?? 0, declined: row(OUTCOME.DECLINED)?.count ?? 0,
        registerSold: registers.map((x) => x.register.soldTotal), ledgerLoaves: registers.map((x) => x.ledgerLoaves), stored: r.storedUpToSeq,
      };
    },
  });
  assert.equal(s.problems, [], s.problems.join('; '));
  assert.ok(s.agree);
  assert.ok(seen, 'inspected');
  // The approvals shown to customers, counted by the runner from their receipts, against the ledger read here.
  assert.ok(s.approvals >= 5 && s.loaves > 0, `${s.approvals} approvals, ${s.loaves} loaves`);
  assert.is(seen!.approved, s.approvals, 'every approval in the ledger, once');
  assert.is(seen!.loaves, s.loaves);
  const declines = Object.values(s.declines).reduce((a, b) => a + b, 0);
  assert.ok(declines >= 1, 'the seeded day has an over-share decline');
  assert.is(seen!.declined, declines);
  assert.equal(s.approvalsInLedger, { missing: [], duplicated: [], unexpected: [] });
  assert.equal(s.journal, { approved: s.ledger.approved, declined: s.ledger.declined });
  assert.is(seen!.stored, s.journalLastSeq, 'the ledger holds the whole journal, the register included');
  // The day register: one, journaled and synced; its sold total is the approved loaves, as the ledger counts them.
  assert.equal(seen!.registerSold, [s.loaves]);
  assert.equal(seen!.ledgerLoaves, [s.loaves]);
  assert.is(s.register.soldTotal, s.loaves);
  assert.is(s.register.discrepancy, -script.shrinkageLoaves, 'the counted closing stock is short by the loaves given without a card');
  // The faults: each kind injected once and recovered.
  assert.equal(s.faults.map((f) => f.kind).sort(), ['card-pulled', 'ledger-unreachable', 'power-cut']);
  for (const f of s.faults) assert.ok(f.recovered, `${f.kind}: ${f.detail}`);
  assert.is(s.sales, 13, 'the pulled card\'s visit ran a second sale');
  assert.is(Object.values(s.errors).reduce((a, b) => a + b, 0) + s.approvals + declines, s.sales);
});

test('without faults none is reported', async () => {
  const s = await runDay({ script: dayScript({ customers: 3, households: 2, seed: 11, faults: false }) });
  assert.equal(s.faults, []);
  assert.is(s.sales, 3);
  assert.equal(s.errors, {});
  assert.ok(s.agree, s.problems.join('; '));
});

test.run();
