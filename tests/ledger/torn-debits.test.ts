/**
 * Torn debits at the ledger (PGlite): a terminal's debit intent without a sale, the card's debit reported by other
 * terminals (journal type 4) stored once as a settled sale, replaced by the terminal's own sale if it syncs after
 * all; intents ended by a sale, by `NO_DEBIT`, or by the card's next debit; unresolved ones open after the grace
 * period. Also covers foreign-debit.ts (the report's checks).
 */
import * as assert from 'uvu/assert';
import { suite } from '../support/suite.ts';
import { testKeyPair } from '../fixtures/schemas-v1/test-keys.ts';
import { testCard, type TestCard } from './ledger-fixtures.ts';
import { foreignDebit, intent, RECORD_TYPE, settled, testLedger, v3Proof, v3Sale, type TestLedger } from './journal-fixtures.ts';

const test = suite('ledger/torn-debits', { timeoutMs: 60_000 });
const ctx = {} as { l: TestLedger };
const GRACE = 2 * 3_600_000;

test.before(async () => {
  ctx.l = await testLedger({ intentGraceMs: GRACE });
});
test.after(() => ctx.l?.close());
/** The ledger's clock a minute after the intents' time (06:00 UTC on day 20162). */
test.before.each(() => {
  ctx.l.clock.nowMs = 20162 * 86_400_000 + 6 * 3_600_000 + 60_000;
});

const register = async (n: number): Promise<TestCard> => {
  const card = testCard(n, n);
  await ctx.l.ledger.registerCard(card.issuerBytes, card.cardBytes);
  await ctx.l.ledger.setHousehold(card.householdId, 4);
  return card;
};
const hex = (b: Uint8Array) => Buffer.from(b).toString('hex');
const statusOf = async (terminalId: number, seq: number) =>
  String((await ctx.l.store.query('SELECT status FROM intents WHERE terminal_id = $1 AND seq = $2', [terminalId, seq]))[0]?.['status']);
const householdRows = async (card: TestCard) => (await ctx.l.ledger.householdReport(hex(card.householdId), 20162)).transactions;

test('a torn debit reported by two other terminals counts once; the terminal\'s own sale later replaces the report', async () => {
  const card = await register(9301);
  const [a, b, c] = [await ctx.l.terminal(), await ctx.l.terminal(), await ctx.l.terminal()];
  const challenge = new Uint8Array(16).fill(0xa5);
  const torn = v3Proof({ terminalId: a.terminalId, seq: 2, card, atc: 5, challenge });
  const sentA = await ctx.l.send(a, [[RECORD_TYPE.DEBIT_INTENT, () => intent(card, 4, challenge)]]);
  assert.equal(sentA.ack.verdicts, []);
  assert.is(await statusOf(a.terminalId, 1), 'pending');
  const fromB = await ctx.l.send(b, [[RECORD_TYPE.FOREIGN_DEBIT, () => foreignDebit(torn.bytes)]]);
  assert.equal(fromB.ack.verdicts, [], 'a foreign debit stored is not a rejection');
  assert.equal(fromB.ack.totals, [], 'nor a sale of B');
  assert.is(await statusOf(a.terminalId, 1), 'debited');
  assert.equal((await householdRows(card)).map((r) => [r.terminalId, r.source, r.amount]), [[b.terminalId, 'foreign-debit', 5]]);
  await ctx.l.send(c, [[RECORD_TYPE.FOREIGN_DEBIT, () => foreignDebit(torn.bytes)]]);
  assert.is((await householdRows(card)).length, 1, 'the second report adds nothing');
  const verdicts = await ctx.l.store.query('SELECT verdict FROM records WHERE terminal_id = $1', [c.terminalId]);
  assert.equal(verdicts.map((r) => r['verdict']), ['FOREIGN_KNOWN']);
  assert.equal((await ctx.l.ledger.reconciliation(b.terminalId, 20162)).totals, [], 'B\'s reconciliation counts its own sales only');

  // A recovers the sale from the card's log and syncs it: it replaces B's report.
  const own = await ctx.l.send(a, [[RECORD_TYPE.TRANSACTION, (seq) => v3Sale({ terminalId: a.terminalId, seq, card, atc: 5, challenge })]]);
  assert.equal(own.ack.verdicts, []);
  assert.equal((await householdRows(card)).map((r) => [r.terminalId, r.source]), [[a.terminalId, 'sale']]);
  assert.is(await statusOf(a.terminalId, 1), 'debited', 'settled by the evidence already');
});

test('intents end by a sale, by NO_DEBIT, by the card\'s next debit; without evidence they open after the grace period', async () => {
  const card = await register(9302);
  const t = await ctx.l.terminal();
  const other = await ctx.l.terminal();
  const ch = (n: number) => new Uint8Array(16).fill(n);
  await ctx.l.send(t, [
    [RECORD_TYPE.DEBIT_INTENT, () => intent(card, 0, ch(1))],
    [RECORD_TYPE.TRANSACTION, (seq) => v3Sale({ terminalId: t.terminalId, seq, card, atc: 1, challenge: ch(1) })],
    [RECORD_TYPE.DEBIT_INTENT, () => intent(card, 1, ch(2))],
    [RECORD_TYPE.DEBIT_INTENT_SETTLED, () => settled(ch(2))],
    [RECORD_TYPE.DEBIT_INTENT, () => intent(card, 1, ch(3))],
  ]);
  assert.equal([await statusOf(t.terminalId, 1), await statusOf(t.terminalId, 3), await statusOf(t.terminalId, 5)], ['sold', 'no_debit', 'pending']);
  ctx.l.clock.nowMs = 20162 * 86_400_000 + 6 * 3_600_000 + GRACE + 1;
  await ctx.l.send(other, [[RECORD_TYPE.TRANSACTION, (seq) => v3Sale({ terminalId: other.terminalId, seq, card: testCard(9303, 9303), atc: 1 })]]);
  assert.is(await statusOf(t.terminalId, 5), 'open', 'past the grace period, no evidence');
  assert.ok((await ctx.l.ledger.tornDebitsReport()).some((i) => i.terminalId === t.terminalId && i.seq === 5 && i.status === 'open'));
  // The card's debit ATC 2 made elsewhere with another challenge: intent 5's debit never happened.
  await ctx.l.send(other, [[RECORD_TYPE.TRANSACTION, (seq) => v3Sale({ terminalId: other.terminalId, seq, card, atc: 2, challenge: ch(9) })]]);
  assert.is(await statusOf(t.terminalId, 5), 'no_debit');
});

test('a foreign debit report whose proof does not verify is rejected and stores nothing', async () => {
  const card = await register(9304);
  const t = await ctx.l.terminal();
  const forged = v3Proof({ terminalId: 1, seq: 1, card: { ...card, key: testKeyPair('not the card') }, atc: 3 });
  const unknown = v3Proof({ terminalId: 1, seq: 1, card: testCard(9305, 9305), atc: 3 });
  const { ack } = await ctx.l.send(t, [
    [RECORD_TYPE.FOREIGN_DEBIT, () => foreignDebit(forged.bytes)],
    [RECORD_TYPE.FOREIGN_DEBIT, () => foreignDebit(unknown.bytes)],
    [RECORD_TYPE.FOREIGN_DEBIT, () => Uint8Array.of(0x80)],
  ]);
  assert.equal(ack.verdicts.map((v) => v.code), ['PROOF_SIGNATURE_INVALID', 'CARD_UNKNOWN', 'RECORD_MALFORMED']);
  assert.is((await householdRows(card)).length, 0);
});

test('a report and the sale of the same debit in one batch: one row, the sale\'s', async () => {
  const card = await register(9306);
  const t = await ctx.l.terminal();
  const challenge = new Uint8Array(16).fill(0x3c);
  const proof = v3Proof({ terminalId: t.terminalId, seq: 2, card, atc: 4, challenge });
  const { ack } = await ctx.l.send(t, [
    [RECORD_TYPE.FOREIGN_DEBIT, () => foreignDebit(proof.bytes)],
    [RECORD_TYPE.TRANSACTION, (seq) => v3Sale({ terminalId: t.terminalId, seq, card, atc: 4, challenge })],
  ]);
  assert.equal([ack.status, ack.verdicts], ['accepted', []]);
  assert.equal((await householdRows(card)).map((r) => [r.seq, r.source]), [[2, 'sale']]);
  const verdicts = await ctx.l.store.query('SELECT verdict FROM records WHERE terminal_id = $1 ORDER BY seq', [t.terminalId]);
  assert.equal(verdicts.map((r) => r['verdict']), ['FOREIGN_KNOWN', 'ACCEPTED']);
});

test.run();
