/**
 * The ledger's view of a household (household-usage.ts) on PGlite: bread spread from each card-signed day over the
 * days' shares as the card does, ration money, points and items of the month, today's counters, entitled cards,
 * the switch, old-card sales and foreign debits counted, other months apart; an unknown household has no view.
 */
import * as assert from 'uvu/assert';
import { suite } from '../support/suite.ts';
import { DEFAULT_FLAG_RULES } from '../../ledger/flags.ts';
import { householdUsage } from '../../ledger/household-usage.ts';
import { monthOf } from '../../terminal/auth/calendar.ts';
import { testCard } from './ledger-fixtures.ts';
import { DAY, DAY_START_S, foreignDebit, legacySale, RECORD_TYPE, testLedger, v3Proof, v3Sale, type TestLedger } from './journal-fixtures.ts';

const test = suite('ledger/household-usage', { timeoutMs: 60_000 });
const ctx = {} as { l: TestLedger };

test.before(async () => {
  ctx.l = await testLedger();
  ctx.l.clock.nowMs = (DAY_START_S + 20 * 3600) * 1000;
});
test.after(() => ctx.l?.close());

const hex = (b: Uint8Array) => Buffer.from(b).toString('hex');

test('a household\'s month and day over its cards, terminals, old card and foreign debits', async () => {
  const [a, b] = [testCard(9601, 9601), testCard(9602, 9601)]; // two cards of one household of 2 beneficiaries: 10 loaves a day
  for (const card of [a, b]) await ctx.l.ledger.registerCard(card.issuerBytes, card.cardBytes);
  await ctx.l.ledger.setHousehold(a.householdId, 2);
  const [t1, t2] = [await ctx.l.terminal(), await ctx.l.terminal()];
  const earlier = DAY - 2; // 2025-03-13; DAY is 2025-03-15, the 15th
  await ctx.l.send(t1, [
    [RECORD_TYPE.TRANSACTION, (seq) => v3Sale({ terminalId: t1.terminalId, seq, card: a, atc: 1, amount: 25, day: earlier })],
    [RECORD_TYPE.TRANSACTION, (seq) => v3Sale({ terminalId: t1.terminalId, seq, card: a, atc: 2, amount: 4, day: DAY })],
    [RECORD_TYPE.TRANSACTION, (seq) => v3Sale({ terminalId: t1.terminalId, seq, card: a, atc: 3, service: 2, amount: 700, day: DAY })],
    [RECORD_TYPE.TRANSACTION, (seq) => v3Sale({ terminalId: t1.terminalId, seq, card: a, atc: 4, amount: 5, day: DAY - 20 })], // last month
  ]);
  await ctx.l.send(t2, [
    [RECORD_TYPE.TRANSACTION, (seq) => legacySale({ terminalId: t2.terminalId, seq, cardNumber: Uint8Array.of(1, 2, 3, 0xff, 0xff, 0xff, 0xff, 0xff), householdId: a.householdId, legacyAtc: 9, piastres: 300 })],
    [RECORD_TYPE.FOREIGN_DEBIT, () => foreignDebit(v3Proof({ terminalId: 77, seq: 1, card: b, atc: 1, amount: 3, day: DAY }).bytes)],
  ]);
  const answer = await householdUsage(ctx.l.store, hex(a.householdId), DAY, DEFAULT_FLAG_RULES, ctx.l.clock.nowMs);
  const view = answer.view!;
  assert.equal([view.entitledCards, view.switched], [2, true]);
  const u = view.usage;
  assert.equal([u.month, u.day, u.loaves, u.loavesToday, u.transactionsToday], [monthOf(DAY), DAY, 32, 7, 4]);
  // 25 loaves on the 13th: 10 + 10 + 5 (13th to 15th); then 4 and 3 on the 15th fill it to 10 and spill 2 to the 16th.
  assert.equal(u.breadTaken, [0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 10, 10, 10, 2]);
  assert.equal([u.rationPiastres, u.pointsPiastres, u.items], [1000, 0, [[1, 2]]]);
});

test('an unknown household has no view', async () => {
  const answer = await householdUsage(ctx.l.store, '00000000000000ff', DAY, DEFAULT_FLAG_RULES, 1);
  assert.equal([answer.view, answer.day, answer.asOfMs], [undefined, DAY, 1]);
});

test.run();
