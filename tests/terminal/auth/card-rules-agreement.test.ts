/**
 * The terminal's engine and the card's own rule check (card/gov/entitlement-rules.ts) over many seeded random
 * cases from the same parameters and counters: they must agree on every approval and refusal, and on what an
 * approval takes. Importing card/ from a test is allowed; terminal/ never imports it.
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

test(`ration: ${RUNS} random baskets, counters and points`, () => {
  const seen = new Set<string>();
  for (let run = 0; run < RUNS; run++) {
    const b = 1 + rng.int(10);
    const { day, month } = randomDay();
    const monthly = b * P.ration.monthlyPiastresPerBeneficiary;
    const consumed = P.ration.catalogue.map(() => rng.int(3));
    const spent = rng.int(2) === 0 ? 0 : rng.int(monthly + 1);
    const points = rng.int(2) * rng.int(3000);
    const pointsSpent = rng.int(points + 1);
    const state: EntitlementState = {
      ...emptyEntitlementState(month), rationLoaded: true, rationPiastres: monthly, rationSpent: spent,
      pointsPiastres: points, pointsSpent,
      items: P.ration.catalogue.map((it, i) => ({ code: it.code, pricePiastres: it.pricePiastres, perPerson: it.capPerPerson, perCard: it.capPerCard, consumed: consumed[i]! })),
    };
    const lines: ItemLine[] = P.ration.catalogue.filter(() => rng.int(2) === 0).map((it) => [it.code, 1 + rng.int(4)]);
    if (lines.length === 0) lines.push([P.ration.catalogue[0]!.code, 1]);
    const cardSide = decideRation(state, { beneficiaries: b, lines });
    const items: ItemLine[] = P.ration.catalogue.flatMap((it, i) => (consumed[i]! > 0 ? [[it.code, consumed[i]!] as const] : []));
    const mine = authorize(input({ service: 'ration', lines, points: 'first', allowPartial: false }, {
      card: card({
        beneficiaries: b, notAfter: day + 999, points: { month, creditPiastres: points },
        usage: usage(day, { rationPiastres: spent, pointsPiastres: pointsSpent, items }),
      }),
      context: { today: day, online: true, offline: { hoursSinceSync: 0, transactions: 0, valuePiastres: 0 }, householdSwitched: false },
    }));
    const what = `b=${b} lines=${JSON.stringify(lines)} consumed=${consumed} spent=${spent} points=${points}/${pointsSpent}`;
    assert.is(mine.ok, cardSide.ok, what);
    if (cardSide.ok && mine.ok) {
      assert.is(mine.debit.valuePiastres, cardSide.amount, what);
      assert.is(mine.debit.entitlementPiastres + mine.debit.pointsPiastres, cardSide.amount, what);
      seen.add('APPROVED');
    } else if (!cardSide.ok && !mine.ok) {
      // The card names the first item over its cap before the money; the engine the first line it cannot grant.
      const codes = cardSide.refusal === 'RATION_ITEM_CAP' ? ['ITEM_CAP_REACHED', 'BALANCE_INSUFFICIENT', 'QUOTA_EXHAUSTED'] : ['BALANCE_INSUFFICIENT', 'QUOTA_EXHAUSTED', 'ITEM_CAP_REACHED'];
      assert.ok(codes.includes(mine.outcome), `${what}: card ${cardSide.refusal}, terminal ${mine.outcome}`);
      seen.add(cardSide.refusal);
    }
  }
  assert.ok(seen.has('APPROVED') && seen.has('RATION_ITEM_CAP') && seen.has('RATION_EXHAUSTED'), [...seen].join());
});

test.run();
