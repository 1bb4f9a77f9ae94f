/**
 * The terminal's engine and the card's own rule check (card/gov/entitlement-rules.ts) over many seeded random
 * cases from the same parameters and counters: they must agree on every approval and refusal (with the same code:
 * the card's SW maps to the engine's decline), and on what an approval takes: for ration goods the same split
 * between the entitlement and the bread points, whatever the cashier's points choice (the terminal sends the
 * debit's points in DF36), and the same amount (the debit proof's, the journal record's). Importing card/ from a test is allowed; terminal/ never imports it.
 */
import * as assert from 'uvu/assert';
import { suite } from '../../support/suite.ts';
import { decideBread, decideRation } from '../../../card/gov/entitlement-rules.ts';
import type { EntitlementParams } from '../../../card/gov/entitlement-params.ts';
import { emptyEntitlementState } from '../../../card/gov/entitlement-state.ts';
import type { EntitlementState } from '../../../card/gov/entitlement-state.ts';
import { daysIn, firstDayOf } from '../../../terminal/auth/calendar.ts';
import { DEFAULT_PARAMETERS } from '../../../terminal/auth/parameters.ts';
import { authorize } from '../../../terminal/auth/rules-engine.ts';
import type { PointsChoice } from '../../../terminal/auth/auth-types.ts';
import type { ItemLine } from '../../../terminal/schemas/service.ts';
import { createSeededRandom } from '../../../terminal/journal/seeded-random.ts';
import { addDebit } from '../../../terminal/auth/usage.ts';
import { card, input, usage } from './auth-fixtures.ts';

const test = suite('terminal/auth/card-rules-agreement', { timeoutMs: 15000 });
const P = DEFAULT_PARAMETERS;
const CARD_PARAMS: EntitlementParams = {
  breadLoavesPerBeneficiaryPerDay: P.bread.loavesPerBeneficiaryPerDay,
  breadSmallHouseholdMax: P.bread.smallHouseholdMax,
  breadAheadDaysSmall: P.bread.aheadDaysSmall,
  breadAheadDaysLarge: P.bread.aheadDaysLarge,
  breadMonthEndMaxDays: P.bread.monthEndAheadDays,
  breadPointPiastresPerLoaf: P.bread.pointPiastresPerLoaf,
  rationPiastresPerBeneficiary: P.ration.monthlyPiastresPerBeneficiary,
};
const RUNS = 4000;
const rng = createSeededRandom(0x67_6f_76);

function randomDay(): { day: number; month: number } {
  const month = 2025 * 12 + rng.int(24);
  return { day: firstDayOf(month) + rng.int(daysIn(month)), month };
}

test(`bread: ${RUNS} random households, days, counters and requests`, () => {
  const seen = new Set<string>();
  for (let run = 0; run < RUNS; run++) {
    const b = 1 + rng.int(10);
    const s = b * P.bread.loavesPerBeneficiaryPerDay;
    const { day, month } = randomDay();
    const taken = Array.from({ length: daysIn(month) }, () => (rng.int(3) === 0 ? rng.int(s + 1) : 0));
    const loaves = 1 + rng.int(3 * s + 5);
    const state: EntitlementState = { ...emptyEntitlementState(month), breadTaken: taken };
    const cardSide = decideBread(CARD_PARAMS, state, { beneficiaries: b, day, loaves });
    const mine = authorize(input({ service: 'bread', loaves }, {
      card: card({ beneficiaries: b, notAfter: day + 999, usage: usage(day, { breadTaken: taken }) }),
      context: { today: day, online: true, offline: { hoursSinceSync: 0, transactions: 0, valuePiastres: 0 }, householdSwitched: false },
    }));
    const expected = cardSide.ok ? 'APPROVED' : cardSide.refusal === 'BREAD_EXHAUSTED' ? 'QUOTA_EXHAUSTED' : 'COLLECT_AHEAD_LIMIT';
    assert.is(mine.outcome, expected, `b=${b} day=${day} loaves=${loaves} taken=${taken.join(',')}`);
    seen.add(expected);
    if (cardSide.ok && mine.ok) assert.equal(addDebit(usage(day, { breadTaken: taken }), mine.debit, day).breadTaken, cardSide.state.breadTaken);
  }
  assert.equal([...seen].sort(), ['APPROVED', 'COLLECT_AHEAD_LIMIT', 'QUOTA_EXHAUSTED']);
});

/** What the terminal sends in DF36 for a choice on a basket of `value` with `pointsLeft` (online: no share). */
function pointsSent(choice: PointsChoice, value: number, pointsLeft: number): number {
  return choice === 'first' ? Math.min(pointsLeft, value) : choice === 'none' ? 0 : choice.piastres;
}

const CARD_REFUSAL_TO_DECLINE: Record<string, string> = {
  RATION_ITEM_CAP: 'ITEM_CAP_REACHED',
  RATION_POINTS_INSUFFICIENT: 'POINTS_INSUFFICIENT',
  RATION_ITEM_UNKNOWN: 'REQUEST_INVALID',
};

test(`ration: ${RUNS} random baskets, counters and points choices: same decision, same split, same amount`, () => {
  const seen = new Set<string>();
  for (let run = 0; run < RUNS; run++) {
    const b = 1 + rng.int(10);
    const { day, month } = randomDay();
    const monthly = b * P.ration.monthlyPiastresPerBeneficiary;
    const consumed = P.ration.catalogue.map(() => rng.int(3));
    const spent = rng.int(2) === 0 ? 0 : rng.int(monthly + 1);
    const points = rng.int(2) * rng.int(3000);
    const pointsSpent = rng.int(points + 1);
    const pointsLeft = points - pointsSpent;
    const state: EntitlementState = {
      ...emptyEntitlementState(month), rationLoaded: true, rationPiastres: monthly, rationSpent: spent,
      pointsPiastres: points, pointsSpent,
      items: P.ration.catalogue.map((it, i) => ({ code: it.code, pricePiastres: it.pricePiastres, perPerson: it.capPerPerson, perCard: it.capPerCard, consumed: consumed[i]! })),
    };
    const lines: ItemLine[] = P.ration.catalogue.filter(() => rng.int(2) === 0).map((it) => [it.code, 1 + rng.int(4)]);
    if (lines.length === 0) lines.push([P.ration.catalogue[0]!.code, 1]);
    const pick = rng.int(3);
    const choice: PointsChoice = pick === 0 ? 'first' : pick === 1 ? 'none' : { piastres: rng.int(pointsLeft + 400) };
    const allowPartial = rng.int(4) === 0;
    const items: ItemLine[] = P.ration.catalogue.flatMap((it, i) => (consumed[i]! > 0 ? [[it.code, consumed[i]!] as const] : []));
    const mine = authorize(input({ service: 'ration', lines, points: choice, allowPartial }, {
      card: card({
        beneficiaries: b, notAfter: day + 999, points: { month, creditPiastres: points },
        usage: usage(day, { rationPiastres: spent, pointsPiastres: pointsSpent, items }),
      }),
      context: { today: day, online: true, offline: { hoursSinceSync: 0, transactions: 0, valuePiastres: 0 }, householdSwitched: false },
    }));
    const what = `b=${b} lines=${JSON.stringify(lines)} consumed=${consumed} spent=${spent} points=${points}/${pointsSpent} choice=${JSON.stringify(choice)} partial=${allowPartial}`;
    if (mine.ok) {
      // The flow sends the granted lines and the debit's points (DF36): the card must take exactly that split.
      const cardSide = decideRation(state, { beneficiaries: b, lines: mine.debit.items, pointsPiastres: mine.debit.pointsPiastres });
      assert.ok(cardSide.ok, `${what}: the card refuses ${cardSide.ok ? '' : cardSide.refusal} what the terminal approved`);
      if (!cardSide.ok) continue;
      // The proof's amount is the journal record's amount: the terminal's Debit.amount.
      assert.is(cardSide.amount, mine.debit.amount, `${what}: amount`);
      assert.is(cardSide.amount, mine.debit.entitlementPiastres, `${what}: entitlement part`);
      assert.is(cardSide.pointsPiastres, mine.debit.pointsPiastres, `${what}: points part`);
      assert.is(cardSide.amount + cardSide.pointsPiastres, mine.debit.valuePiastres, `${what}: value`);
      assert.is(cardSide.state.rationSpent - spent, mine.debit.entitlementPiastres, what);
      assert.is(cardSide.state.pointsSpent - pointsSpent, mine.debit.pointsPiastres, what);
      seen.add(mine.cuts.length > 0 ? 'APPROVED_PARTIAL' : mine.debit.pointsPiastres > 0 ? 'APPROVED_WITH_POINTS' : 'APPROVED');
    } else if (!allowPartial) {
      // The card sees the whole basket with the points the choice names, and must refuse it with the same code.
      const value = lines.reduce((sum, [code, q]) => sum + q * P.ration.catalogue.find((it) => it.code === code)!.pricePiastres, 0);
      const sent = pointsSent(choice, value, pointsLeft);
      const cardSide = decideRation(state, { beneficiaries: b, lines, pointsPiastres: sent });
      assert.not.ok(cardSide.ok, `${what}: the card approves what the terminal declined ${mine.outcome}`);
      if (cardSide.ok) continue;
      const expected = cardSide.refusal === 'RATION_EXHAUSTED'
        ? (monthly - spent + sent === 0 ? 'QUOTA_EXHAUSTED' : 'BALANCE_INSUFFICIENT')
        : CARD_REFUSAL_TO_DECLINE[cardSide.refusal];
      assert.is(mine.outcome, expected, `${what}: card ${cardSide.refusal}`);
      seen.add(cardSide.refusal);
    }
  }
  const all = ['APPROVED', 'APPROVED_PARTIAL', 'APPROVED_WITH_POINTS', 'RATION_EXHAUSTED', 'RATION_ITEM_CAP', 'RATION_POINTS_INSUFFICIENT'];
  assert.equal([...seen].sort(), all, [...seen].join());
});

test('ration: a basket over an item cap and over the money is ITEM_CAP_REACHED on both sides', () => {
  const { day, month } = { day: firstDayOf(2025 * 12 + 2) + 9, month: 2025 * 12 + 2 };
  const sugar = P.ration.catalogue[0]!;
  const oil = P.ration.catalogue[1]!;
  const state: EntitlementState = {
    ...emptyEntitlementState(month), rationLoaded: true, rationPiastres: 5000, rationSpent: 5000,
    items: P.ration.catalogue.map((it) => ({ code: it.code, pricePiastres: it.pricePiastres, perPerson: it.capPerPerson, perCard: it.capPerCard, consumed: 0 })),
  };
  const lines: ItemLine[] = [[sugar.code, 1], [oil.code, 2]]; // oil: 1 per person, 1 beneficiary; no money left
  const cardSide = decideRation(state, { beneficiaries: 1, lines, pointsPiastres: 0 });
  const mine = authorize(input({ service: 'ration', lines, points: 'none', allowPartial: false }, {
    card: card({ beneficiaries: 1, notAfter: day + 999, usage: usage(day, { rationPiastres: 5000 }) }),
    context: { today: day, online: true, offline: { hoursSinceSync: 0, transactions: 0, valuePiastres: 0 }, householdSwitched: false },
  }));
  assert.equal([cardSide.ok || cardSide.refusal, mine.outcome], ['RATION_ITEM_CAP', 'ITEM_CAP_REACHED']);
  assert.is(!mine.ok && mine.reason.itemCode, oil.code);
});

test.run();
