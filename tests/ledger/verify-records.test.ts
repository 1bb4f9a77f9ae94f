/**
 * What terminals journal now, through the ledger's record checks (ingested on PGlite): journal record v2 for an
 * old ration card (no proof; once per card number and counter, apart from unified cards' ids), debit proof v3
 * (cvm and supervisor; the supervisor's card checked against the registry and flagged).
 */
import * as assert from 'uvu/assert';
import { suite } from '../support/suite.ts';
import { CVM } from '../../terminal/schemas/journal-record.ts';
import { legacyCardKey } from '../../ledger/verify-records.ts';
import { testCard } from './ledger-fixtures.ts';
import { legacySale, RECORD_TYPE, staffCertificate, testLedger, v3Sale, type TestLedger } from './journal-fixtures.ts';

const test = suite('ledger/verify-records', { timeoutMs: 60_000 });
const ctx = {} as { l: TestLedger };

test.before(async () => {
  ctx.l = await testLedger();
});
test.after(() => ctx.l?.close());

const register = async (n: number, household: number) => {
  const card = testCard(n, household);
  await ctx.l.ledger.registerCard(card.issuerBytes, card.cardBytes);
  await ctx.l.ledger.setHousehold(card.householdId, 4);
  return card;
};

test('an old ration card\'s sale is accepted once per (card number, legacyAtc), apart from unified card ids', async () => {
  const unified = await register(9201, 9201);
  const t = await ctx.l.terminal();
  // The same 8 bytes as a unified card id, in a household of its own (no dual use here: review-flags' suite).
  const old = { cardNumber: unified.cardId, householdId: Uint8Array.of(0x4c, 0, 0, 0, 0, 0, 0x92, 0x01) };
  const first = await ctx.l.send(t, [
    [RECORD_TYPE.TRANSACTION, (seq) => v3Sale({ terminalId: t.terminalId, seq, card: unified, atc: 7 })],
    [RECORD_TYPE.TRANSACTION, (seq) => legacySale({ terminalId: t.terminalId, seq, ...old, legacyAtc: 7, piastres: 1500 })],
    [RECORD_TYPE.TRANSACTION, (seq) => legacySale({ terminalId: t.terminalId, seq, ...old, legacyAtc: 7, piastres: 1500 })],
  ]);
  assert.equal(first.ack.verdicts, [{ seq: 3, kind: 'rejected', code: 'LEGACY_COUNTER_REPLAYED' }]);
  assert.equal(first.ack.totals, [{ service: 1, type: 0, count: 1, amount: 5 }, { service: 2, type: 0, count: 1, amount: 1500 }]);
  const again = await ctx.l.send(t, [
    [RECORD_TYPE.TRANSACTION, (seq) => legacySale({ terminalId: t.terminalId, seq, ...old, legacyAtc: 7, piastres: 1500 })],
    [RECORD_TYPE.TRANSACTION, (seq) => legacySale({ terminalId: t.terminalId, seq, ...old, legacyAtc: 8, piastres: 500 })],
  ]);
  assert.equal(again.ack.verdicts, [{ seq: 4, kind: 'rejected', code: 'LEGACY_COUNTER_REPLAYED' }], 'replayed in a later batch too');
  const rows = await ctx.l.store.query('SELECT card_id, atc, card_kind FROM transactions WHERE terminal_id = $1 ORDER BY seq', [t.terminalId]);
  const key = legacyCardKey(unified.cardId);
  assert.equal(rows.map((r) => [r['card_id'], Number(r['atc']), Number(r['card_kind'])]), [
    [Buffer.from(unified.cardId).toString('hex'), 7, 0], [key, 7, 1], [key, 8, 1],
  ]);
});

test('proof v3: a supervised exception is accepted and flagged; an unregistered or non-supervisor card is flagged too', async () => {
  const card = await register(9202, 9202);
  const supervisor = staffCertificate(1);
  const ordinary = staffCertificate(2, false);
  for (const s of [supervisor, ordinary]) await ctx.l.ledger.registerCard(card.issuerBytes, s.cardBytes);
  const stranger = staffCertificate(3); // never registered
  const t = await ctx.l.terminal();
  const sale = (atc: number, cvm: 2 | 3, supervisorCardId: Uint8Array | null) => [RECORD_TYPE.TRANSACTION,
    (seq: number) => v3Sale({ terminalId: t.terminalId, seq, card, atc, cvm, supervisorCardId, amount: 1 })] as const;
  const { ack } = await ctx.l.send(t, [
    sale(1, CVM.PIN, null), sale(2, CVM.SUPERVISED_EXCEPTION, supervisor.cardId), sale(3, CVM.SUPERVISED_EXCEPTION, ordinary.cardId),
    sale(4, CVM.SUPERVISED_EXCEPTION, stranger.cardId),
  ]);
  assert.equal(ack.totals, [{ service: 1, type: 0, count: 4, amount: 4 }], 'all counted: the card signed every debit');
  assert.equal(ack.verdicts, [
    { seq: 2, kind: 'flagged', code: 'SUPERVISED_EXCEPTION' },
    { seq: 3, kind: 'flagged', code: 'SUPERVISED_EXCEPTION' }, { seq: 3, kind: 'flagged', code: 'SUPERVISOR_NOT_REGISTERED' },
    { seq: 4, kind: 'flagged', code: 'SUPERVISED_EXCEPTION' }, { seq: 4, kind: 'flagged', code: 'SUPERVISOR_NOT_REGISTERED' },
  ]);
  const [row] = await ctx.l.store.query('SELECT cvm, supervisor_card_id FROM transactions WHERE terminal_id = $1 AND seq = 2', [t.terminalId]);
  assert.equal([Number(row!['cvm']), row!['supervisor_card_id']], [3, Buffer.from(supervisor.cardId).toString('hex')]);
});

test('proof v3 signed by another key, or for a card of another household, is rejected', async () => {
  const card = await register(9203, 9203);
  const other = await register(9204, 9204);
  const t = await ctx.l.terminal();
  const { ack } = await ctx.l.send(t, [
    [RECORD_TYPE.TRANSACTION, (seq) => v3Sale({ terminalId: t.terminalId, seq, card: { ...card, key: other.key }, atc: 1 })],
    [RECORD_TYPE.TRANSACTION, (seq) => v3Sale({ terminalId: t.terminalId, seq, card: { ...card, householdId: other.householdId }, atc: 2 })],
  ]);
  assert.equal(ack.verdicts, [{ seq: 1, kind: 'rejected', code: 'PROOF_SIGNATURE_INVALID' }, { seq: 2, kind: 'rejected', code: 'HOUSEHOLD_MISMATCH' }]);
});

test.run();
