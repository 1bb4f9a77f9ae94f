/**
 * The review flags from what terminals journal (PGlite): a card-signed date ahead of the ledger's receipt
 * (CARD_DATE_AHEAD), an old ration card used after its household's switch (LEGACY_AFTER_SWITCH, whichever batch
 * arrives first), and a terminal's PIN-fallback and supervised-exception rates per day (HIGH_*_RATE), as stored and
 * reported by `GET /v1/reports/flags`.
 */
import * as assert from 'uvu/assert';
import { suite } from '../support/suite.ts';
import { CVM } from '../../terminal/schemas/journal-record.ts';
import { testCard, type TestCard } from './ledger-fixtures.ts';
import { DAY, DAY_START_S, legacySale, RECORD_TYPE, staffCertificate, testLedger, v3Sale, type TestLedger } from './journal-fixtures.ts';

const test = suite('ledger/review-flags', { timeoutMs: 60_000 });
const ctx = {} as { l: TestLedger };

test.before(async () => {
  ctx.l = await testLedger({ exceptionRates: { minApprovals: 4 } });
  ctx.l.clock.nowMs = (DAY_START_S + 10 * 3600) * 1000; // the ledger receives on DAY, 10:00 UTC
});
test.after(() => ctx.l?.close());

const register = async (n: number): Promise<TestCard> => {
  const card = testCard(n, n);
  await ctx.l.ledger.registerCard(card.issuerBytes, card.cardBytes);
  await ctx.l.ledger.setHousehold(card.householdId, 4);
  return card;
};

test('CARD_DATE_AHEAD: a card-signed date more than a day ahead of the ledger\'s receipt', async () => {
  const card = await register(9401);
  const t = await ctx.l.terminal();
  const { ack } = await ctx.l.send(t, [
    [RECORD_TYPE.TRANSACTION, (seq) => v3Sale({ terminalId: t.terminalId, seq, card, atc: 1, day: DAY + 1, time: DAY_START_S + 9 * 3600 })],
    [RECORD_TYPE.TRANSACTION, (seq) => v3Sale({ terminalId: t.terminalId, seq, card, atc: 2, day: DAY + 3, time: DAY_START_S + 9 * 3600 })],
  ]);
  assert.equal(ack.verdicts, [{ seq: 2, kind: 'flagged', code: 'CARD_DATE_AHEAD' }]);
});

test('LEGACY_AFTER_SWITCH: old card after the unified sale, whichever terminal syncs first', async () => {
  const card = await register(9402);
  const [a, b] = [await ctx.l.terminal(), await ctx.l.terminal()];
  const old = { cardNumber: Uint8Array.of(0x10, 0, 0, 0x94, 0x02, 0xff, 0xff, 0xff), householdId: card.householdId };
  // B syncs first: an old-card sale at 08:00, before anything says the household switched.
  const first = await ctx.l.send(b, [[RECORD_TYPE.TRANSACTION, (seq) => legacySale({ terminalId: b.terminalId, seq, ...old, legacyAtc: 3, piastres: 900, time: DAY_START_S + 8 * 3600 })]]);
  assert.equal(first.ack.verdicts, []);
  // A's unified sale of 07:00 arrives: B's record is flagged (in the reports; A's acknowledgement names A's records only).
  const second = await ctx.l.send(a, [[RECORD_TYPE.TRANSACTION, (seq) => v3Sale({ terminalId: a.terminalId, seq, card, atc: 1, time: DAY_START_S + 7 * 3600 })]]);
  assert.equal(second.ack.verdicts, []);
  const report = await ctx.l.ledger.flagsReport(DAY);
  const flagged = report.records.filter((f) => f.code === 'LEGACY_AFTER_SWITCH');
  assert.equal(flagged.map((f) => [f.terminalId, f.seq]), [[b.terminalId, 1]]);
  assert.match(flagged[0]!.detail, /3600 s later/);
  // B sells on the old card again: flagged in its own acknowledgement.
  const third = await ctx.l.send(b, [[RECORD_TYPE.TRANSACTION, (seq) => legacySale({ terminalId: b.terminalId, seq, ...old, legacyAtc: 4, piastres: 900, time: DAY_START_S + 9 * 3600 })]]);
  assert.equal(third.ack.verdicts, [{ seq: 2, kind: 'flagged', code: 'LEGACY_AFTER_SWITCH' }]);
});

test('HIGH_EXCEPTION_RATE and HIGH_FALLBACK_RATE per terminal and day, recomputed as batches arrive', async () => {
  const card = await register(9403);
  const supervisor = staffCertificate(40);
  await ctx.l.ledger.registerCard(card.issuerBytes, supervisor.cardBytes);
  const t = await ctx.l.terminal();
  const sale = (atc: number, cvm: 1 | 2 | 3) => [RECORD_TYPE.TRANSACTION, (seq: number) => v3Sale({
    terminalId: t.terminalId, seq, card, atc, cvm, supervisorCardId: cvm === CVM.SUPERVISED_EXCEPTION ? supervisor.cardId : null, amount: 1,
  })] as const;
  await ctx.l.send(t, [sale(1, 1), sale(2, 1), sale(3, 2)]);
  const ofTerminal = async () => (await ctx.l.ledger.flagsReport(DAY)).terminals.filter((f) => f.terminalId === t.terminalId).map((f) => f.code);
  assert.equal(await ofTerminal(), [], 'fewer than minApprovals: nothing');
  await ctx.l.send(t, [sale(4, 3)]);
  assert.equal(await ofTerminal(), ['HIGH_EXCEPTION_RATE', 'HIGH_FALLBACK_RATE'], '1 supervised and 1 PIN of 4');
  await ctx.l.send(t, Array.from({ length: 40 }, (_, i) => sale(5 + i, 1)));
  assert.equal(await ofTerminal(), [], 'cleared: fallbacks 2 of 44 (4.5 % <= 15 %), supervised 1 of 44 (2.3 % <= 3 %)');
});

test.run();
