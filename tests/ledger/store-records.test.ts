/**
 * The lookups of store-records.ts read only the (card, ATC) uses a batch's records claim: a replay is still found
 * however far back in a card's history its use was stored, by a sale, an old card's counter or a foreign report.
 */
import * as assert from 'uvu/assert';
import { suite } from '../support/suite.ts';
import { testCard } from './ledger-fixtures.ts';
import { DAY_START_S, foreignDebit, legacySale, RECORD_TYPE, testLedger, v3Proof, v3Sale, type TestLedger } from './journal-fixtures.ts';

const test = suite('ledger/store-records', { timeoutMs: 60_000 });
const ctx = {} as { l: TestLedger };

test.before(async () => {
  ctx.l = await testLedger();
});
test.after(() => ctx.l?.close());

test('a replay is found among a card\'s many stored uses, in a later batch or the same one', async () => {
  const card = testCard(9301, 9301);
  await ctx.l.ledger.registerCard(card.issuerBytes, card.cardBytes);
  await ctx.l.ledger.setHousehold(card.householdId, 100);
  const t = await ctx.l.terminal();
  const sale = (atc: number) => [RECORD_TYPE.TRANSACTION, (seq: number) => v3Sale({ terminalId: t.terminalId, seq, card, atc, amount: 1 })] as const;
  for (let b = 0; b < 3; b++) {
    const sent = await ctx.l.send(t, Array.from({ length: 20 }, (_, i) => sale(b * 20 + i + 1)));
    assert.equal(sent.ack.verdicts, [], `history batch ${b}`);
  }
  const sent = await ctx.l.send(t, [sale(61), sale(3), sale(61), sale(59), sale(62)]);
  assert.equal(sent.ack.verdicts.map((v) => [v.seq - sent.first, v.code]), [[1, 'PROOF_REPLAYED'], [2, 'PROOF_REPLAYED'], [3, 'PROOF_REPLAYED']]);
  assert.equal(sent.ack.totals, [{ service: 1, type: 0, count: 2, amount: 2 }]);
});

test('foreign reports and old-card counters: known uses far back, and a later sale replacing a report', async () => {
  const card = testCard(9302, 9302);
  await ctx.l.ledger.registerCard(card.issuerBytes, card.cardBytes);
  await ctx.l.ledger.setHousehold(card.householdId, 100);
  const t = await ctx.l.terminal();
  const other = await ctx.l.terminal();
  const old = { cardNumber: Uint8Array.of(0x4c, 9, 3, 2, 0, 0, 0, 1), householdId: Uint8Array.of(0x4c, 0, 0, 0, 0, 0, 0x93, 0x02) };
  await ctx.l.send(t, [
    ...Array.from({ length: 10 }, (_, i) => [RECORD_TYPE.TRANSACTION, (seq: number) => v3Sale({ terminalId: t.terminalId, seq, card, atc: i + 1, amount: 1 })] as const),
    ...Array.from({ length: 10 }, (_, i) => [RECORD_TYPE.TRANSACTION, (seq: number) => legacySale({ terminalId: t.terminalId, seq, ...old, legacyAtc: i + 1, piastres: 10 })] as const),
  ]);
  const report = (atc: number) => [RECORD_TYPE.FOREIGN_DEBIT, () => foreignDebit(v3Proof({ terminalId: other.terminalId, seq: 1, card, atc, amount: 1 }).bytes)] as const;
  const reported = await ctx.l.send(t, [
    report(2), report(40),
    [RECORD_TYPE.TRANSACTION, (seq) => legacySale({ terminalId: t.terminalId, seq, ...old, legacyAtc: 1, piastres: 10 })],
  ]);
  assert.equal(reported.ack.verdicts.map((v) => [v.seq - reported.first, v.code]), [[2, 'LEGACY_COUNTER_REPLAYED']]);
  const verdicts = async () => (await ctx.l.store.query(
    'SELECT seq, verdict FROM records WHERE terminal_id = $1 AND seq >= $2 ORDER BY seq', [t.terminalId, reported.first],
  )).map((r) => [Number(r['seq']) - reported.first, r['verdict']]);
  assert.equal(await verdicts(), [[0, 'FOREIGN_KNOWN'], [1, 'FOREIGN_SETTLED'], [2, 'LEGACY_COUNTER_REPLAYED']]);
  const own = await ctx.l.send(other, [[RECORD_TYPE.TRANSACTION, (seq) => v3Sale({ terminalId: other.terminalId, seq, card, atc: 40, amount: 1, time: DAY_START_S + 15 * 3600 })]]);
  assert.equal(own.ack.verdicts, [], 'the terminal that made the debit syncs it after all');
  assert.equal((await verdicts())[1], [1, 'FOREIGN_KNOWN'], 'its sale replaces the report');
  const rows = await ctx.l.store.query('SELECT terminal_id, source FROM transactions WHERE card_id = $1 AND atc = 40', [Buffer.from(card.cardId).toString('hex')]);
  assert.equal(rows.map((r) => [Number(r['terminal_id']), Number(r['source'])]), [[other.terminalId, 0]]);
});

test.run();
