/**
 * `createTestbench`: a light bench (reader only: nothing else starts), and one full bakery bench shared by the
 * suite (its embedded ledger takes seconds to start): fingerprint sale with its receipt and trace, wrong finger
 * then PIN, the supervised exception through the second slot, sync acknowledgements, and a second terminal on the
 * same ledger with its journal and key in a given directory.
 */
import * as assert from 'uvu/assert';
import { existsSync, mkdtempSync, rmSync, statSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { createDemoCard } from '../../card/demo-card.ts';
import { createTestbench, type BenchHousehold, type Testbench } from '../../sdk/create-testbench.ts';
import { CVM } from '../../terminal/schemas/journal-record.ts';
import { localDay } from '../../terminal/services/run-transaction.ts';
import { createTestIssuer } from '../../card/gov/test-issuer.ts';
import { suite } from '../support/suite.ts';

const test = suite('sdk/create-testbench', { timeoutMs: 120_000 });
const ctx = {} as { bench: Testbench; household: BenchHousehold };

test.before(async () => {
  ctx.bench = createTestbench();
  ctx.household = await ctx.bench.issueHousehold({ beneficiaries: 5, members: 5 });
});
test.after(async () => {
  await ctx.bench?.close();
});

test('a bench used for its reader alone starts no firmware and no ledger', async () => {
  const bench = createTestbench();
  try {
    await bench.insertCard(createDemoCard());
    const session = await bench.terminal.acceptCard({ timeoutMs: 2_000 });
    assert.is(session.connection.reader, bench.readerName);
    await session.close();
    assert.ok(bench.simReader, 'simulated slots expose their fault controls');
  } finally {
    const started = Date.now();
    await bench.close();
    assert.ok(Date.now() - started < 1_000, 'closing a light bench is immediate');
  }
});

test('the head\'s right finger: approved by fingerprint, the receipt printed in Arabic and English, the trace kept', async () => {
  const { bench, household } = ctx;
  const head = household.members[0]!;
  await bench.presentCard(head);
  bench.presentFinger(head, 'right');
  const result = await bench.sellBread({ loaves: 5 });
  assert.ok(result.ok, `expected APPROVED, got ${result.outcome}`);
  assert.equal([result.receipt.amount, result.receipt.cvm, result.receipt.online], [5, CVM.FINGERPRINT, true]);
  const paper = await bench.printReceipt(result);
  for (const text of ['مخبز النور', 'خبز مدعم 5 رغيف', 'Subsidized bread 5 loaves', 'APPROVED', 'Verified by fingerprint']) assert.match(paper, text);
  assert.is(bench.printer.problems().length, 0);
  const commands = bench.lastSession()!.exchanges.map((x) => Buffer.from(x.capdu.subarray(0, 2)).toString('hex'));
  assert.ok(commands.includes('80de'), 'DEBIT ENTITLEMENT in the session');
  assert.is(bench.scanner.script.pending, 0);
});

test('a wrong finger three times, then the PIN: approved by PIN', async () => {
  const { bench, household } = ctx;
  const spouse = household.members[1]!;
  await bench.presentCard(spouse);
  for (let i = 0; i < 3; i++) bench.presentFinger(spouse, 'wrong');
  bench.enterPin(spouse.pin);
  const result = await bench.sellBread({ loaves: 5 });
  assert.ok(result.ok, `expected APPROVED, got ${result.outcome}`);
  assert.is(result.receipt.cvm, CVM.PIN);
  assert.equal(result.verification.filter((e) => e.type === 'CVM_FINGERPRINT').length, 3);
  assert.equal([bench.scanner.script.pending, bench.pinPad.pending], [0, 0]);
});

test('finger and PIN fail: the supervisor\'s card in the second slot and their PIN approve a supervised exception', async () => {
  const { bench, household } = ctx;
  const son = household.members[2]!;
  await bench.presentCard(son);
  for (let i = 0; i < 3; i++) bench.presentFinger(son, 'wrong');
  for (let i = 0; i < 3; i++) bench.enterPin('0000');
  bench.enterPin(bench.supervisorPin);
  const result = await bench.sellBread({ loaves: 5 });
  assert.ok(result.ok, `expected APPROVED, got ${result.outcome}`);
  assert.is(result.receipt.cvm, CVM.SUPERVISED_EXCEPTION);
  assert.is(bench.pinPad.pending, 0);
  assert.match(JSON.stringify(bench.pinPad.prompts.at(-1)), /supervisor/i);
});

test('a sale beyond the household\'s share is declined with its code and both messages', async () => {
  const { bench, household } = ctx;
  await bench.presentCard(household.members[0]!);
  const result = await bench.sellBread({ loaves: 60 });
  assert.not.ok(result.ok);
  if (!result.ok) {
    assert.is(result.outcome, 'COLLECT_AHEAD_LIMIT');
    assert.ok(result.message.ar.length > 0 && result.message.en.length > 0);
  }
  await bench.removeCard();
});

test('sync: the ledger holds the whole journal; the embedded ledger is not durable', async () => {
  const { bench } = ctx;
  await bench.sync();
  const services = await bench.ready();
  const last = services.acks.at(-1)!;
  assert.equal([last.status, last.storedUpToSeq, last.durable], ['accepted', services.journal.journal.state.lastSeq, false]);
  assert.ok(services.acks.every((a) => a.verdicts.every((v) => v.kind !== 'rejected')), JSON.stringify(services.acks.flatMap((a) => a.verdicts)));
});

test('a second terminal on the same ledger, its journal and key in a given directory that close() keeps', async () => {
  const dir = mkdtempSync(join(tmpdir(), 'kart-bench-test-'));
  const ledger = (await ctx.bench.ready()).ledger;
  const second = createTestbench({ dir, ledger, terminalId: 0x00b4_0002 });
  try {
    const household = await second.issueHousehold({ number: 7 });
    const head = household.members[0]!;
    await second.presentCard(head);
    second.presentFinger(head);
    const result = await second.sellBread({ loaves: 5 });
    assert.ok(result.ok, `expected APPROVED, got ${result.outcome}`);
    assert.is(result.receipt.terminalId, 0x00b4_0002);
    const [ack] = (await second.sync()).slice(-1);
    assert.is(ack?.storedUpToSeq, (await second.ready()).journal.journal.state.lastSeq);
    assert.is(statSync(join(dir, 'terminal-key.pem')).mode & 0o077, 0, 'key file readable by its owner only');
  } finally {
    await second.close();
  }
  assert.ok(existsSync(join(dir, 'journal.cbor')), 'the journal stays in a given directory');
  rmSync(dir, { recursive: true, force: true });
});

test('a restarted counter rebuilds its day from the journal: the supervised exceptions granted (the daily cap) and the usage', async () => {
  const dir = mkdtempSync(join(tmpdir(), 'kart-bench-restart-'));
  const ledger = (await ctx.bench.ready()).ledger;
  const issuer = createTestIssuer();
  const terminalId = 0x00b4_0003;
  const first = createTestbench({ dir, ledger, terminalId, issuer });
  let householdId: Uint8Array;
  let cardId: Uint8Array;
  let before: { supervised: number; household: unknown; card: unknown };
  const today = localDay(Date.now(), 120);
  try {
    const household = await first.issueHousehold({ number: 8, beneficiaries: 4, members: 4 });
    householdId = household.householdId;
    const son = household.members[1]!;
    cardId = son.cardId;
    await first.presentCard(son);
    for (let i = 0; i < 3; i++) first.presentFinger(son, 'wrong');
    for (let i = 0; i < 3; i++) first.enterPin('0000');
    first.enterPin(first.supervisorPin);
    const supervised = await first.sellBread({ loaves: 4 });
    assert.ok(supervised.ok, `expected APPROVED, got ${supervised.outcome}`);
    assert.is(supervised.receipt.cvm, CVM.SUPERVISED_EXCEPTION);
    await first.removeCard();
    await first.presentCard(household.members[0]!);
    first.presentFinger(household.members[0]!);
    const plain = await first.sellBread({ loaves: 3 });
    assert.ok(plain.ok, `expected APPROVED, got ${plain.outcome}`);
    const { runner } = await first.ready();
    before = { supervised: runner.tallies.supervisedOn(today), household: runner.tallies.household(householdId), card: runner.tallies.card(son.cardId) };
    assert.is(before.supervised, 1);
    assert.ok(before.household, 'the household counted before the restart');
  } finally {
    await first.close();
  }
  const again = createTestbench({ dir, ledger, terminalId, issuer });
  try {
    const { runner } = await again.ready();
    assert.is(runner.tallies.supervisedOn(today), 1, 'the day\'s supervised exception survives the restart');
    // The journal has the loaves, not the days they were credited against (the card's counters keep those).
    const totals = (u: unknown) => {
      const { month, loaves, day, loavesToday, transactionsToday, rationPiastres } = u as Record<string, number>;
      return { month, loaves, day, loavesToday, transactionsToday, rationPiastres };
    };
    assert.equal(totals(runner.tallies.household(householdId!)), totals(before!.household));
    assert.equal(totals(runner.tallies.card(cardId!)), totals(before!.card));
    assert.is(totals(runner.tallies.household(householdId!)).loaves, 7);
    assert.ok(runner.localSwitches.has(householdId!), 'the household this counter switched to the unified card');
  } finally {
    await again.close();
    rmSync(dir, { recursive: true, force: true });
  }
  // The shared ledger is still up for the first bench.
  assert.ok((await fetch(`${ledger.url}/v1/downloads/blocklist?since=0`)).status < 500);
});

test.run();
