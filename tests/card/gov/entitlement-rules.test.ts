import * as assert from 'uvu/assert';
import { DEFAULT_ENTITLEMENT_PARAMS as P } from '../../../card/gov/entitlement-params.ts';
import {
  applyMonthLoad, breadAheadDays, breadDailyQuota, breadRemaining, decideBread, decideRation, monthBreadEntitlement,
  monthlyRationPiastres, rationAvailable, rollToMonth,
} from '../../../card/gov/entitlement-rules.ts';
import type { EntitlementDecision } from '../../../card/gov/entitlement-rules.ts';
import { emptyEntitlementState } from '../../../card/gov/entitlement-state.ts';
import type { EntitlementState } from '../../../card/gov/entitlement-state.ts';
import { monthOfDay } from '../../../card/gov/gov-date.ts';
import { EXAMPLE_RATION_CATALOGUE } from '../../../card/gov/issue-household.ts';
import { suite } from '../../support/suite.ts';
import { day } from './gov-fixture.ts';

const test = suite('card/gov/entitlement-rules');

const MARCH = monthOfDay(day('2026-03-01'));
const APRIL = MARCH + 1;
const fresh = (month = MARCH): EntitlementState => emptyEntitlementState(month);
const okState = (d: EntitlementDecision): EntitlementState => {
  if (!d.ok) throw new Error(`refused ${d.refusal}`);
  return d.state;
};
const refusal = (d: EntitlementDecision): string => (d.ok ? 'ok' : d.refusal);
const loaded = (month = MARCH): EntitlementState =>
  applyMonthLoad(fresh(month), { rationPiastres: 20_000, pointsPiastres: null, items: [...EXAMPLE_RATION_CATALOGUE] });

test('defaults follow DOMAIN.md: 5 loaves per beneficiary per day, EGP 50 per beneficiary per month', () => {
  assert.is(breadDailyQuota(P, 4), 20);
  assert.is(monthlyRationPiastres(P, 4), 20_000);
  assert.is(monthBreadEntitlement(P, 1, MARCH, day('2026-03-01')), 155);
  assert.is(monthBreadEntitlement(P, 1, MARCH, day('2026-03-30')), 10, 'only the days from activation count');
  assert.is(monthBreadEntitlement(P, 1, MARCH, day('2026-05-01')), 0, 'activated after the month');
  assert.is(monthBreadEntitlement(P, 3, MARCH, null), 0, 'bread inactive');
});

test('collection ahead: 3 days for up to 3 beneficiaries, 2 for 4 or more, at most 2 when reaching the month end', () => {
  const table: Array<[beneficiaries: number, iso: string, days: number]> = [
    [1, '2026-03-10', 3], [3, '2026-03-10', 3], [4, '2026-03-10', 2], [9, '2026-03-10', 2],
    [3, '2026-03-28', 3], // days 28-30, the window ends before the 31st
    [3, '2026-03-29', 2], // would reach the 31st: month-end cap
    [3, '2026-03-30', 2], [3, '2026-03-31', 1], [4, '2026-03-31', 1], [4, '2026-03-30', 2],
    [2, '2026-02-26', 2], [2, '2026-02-25', 3], // 28-day February
  ];
  for (const [beneficiaries, iso, days] of table) assert.is(breadAheadDays(P, beneficiaries, day(iso)), days, `${beneficiaries} on ${iso}`);
});

test('bread: today and the window ahead are allowed; past the window is AHEAD_LIMIT; past the month EXHAUSTED', () => {
  const d10 = day('2026-03-10');
  // 2 beneficiaries: 10 a day, window 3 days = 30.
  let decision = decideBread(P, fresh(), { beneficiaries: 2, day: d10, loaves: 30 });
  const state = okState(decision);
  assert.is(decision.ok && decision.balanceAfter, 22 * 10 - 30);
  assert.equal(state.breadTaken.slice(9, 13), [10, 10, 10, 0]);
  assert.is(refusal(decideBread(P, state, { beneficiaries: 2, day: d10, loaves: 1 })), 'BREAD_AHEAD_LIMIT');
  // The next day the window is days 11-13, of which 11 and 12 are taken.
  decision = decideBread(P, state, { beneficiaries: 2, day: day('2026-03-11'), loaves: 10 });
  assert.equal(okState(decision).breadTaken.slice(10, 13), [10, 10, 10]);
  assert.is(refusal(decideBread(P, state, { beneficiaries: 2, day: day('2026-03-11'), loaves: 11 })), 'BREAD_AHEAD_LIMIT');
  // 4 beneficiaries: 20 a day, 2 days at most.
  assert.ok(decideBread(P, fresh(), { beneficiaries: 4, day: d10, loaves: 40 }).ok);
  assert.is(refusal(decideBread(P, fresh(), { beneficiaries: 4, day: d10, loaves: 41 })), 'BREAD_AHEAD_LIMIT');
  // Last day of the month: only today's share; more is gone for good.
  const d31 = day('2026-03-31');
  assert.ok(decideBread(P, fresh(), { beneficiaries: 1, day: d31, loaves: 5 }).ok);
  assert.is(refusal(decideBread(P, fresh(), { beneficiaries: 1, day: d31, loaves: 6 })), 'BREAD_EXHAUSTED');
  // Month end cap for a small household on the 29th: 2 days, not 3.
  assert.ok(decideBread(P, fresh(), { beneficiaries: 3, day: day('2026-03-29'), loaves: 30 }).ok);
  assert.is(refusal(decideBread(P, fresh(), { beneficiaries: 3, day: day('2026-03-29'), loaves: 31 })), 'BREAD_AHEAD_LIMIT');
  assert.throws(() => decideBread(P, fresh(), { beneficiaries: 1, day: day('2026-04-01'), loaves: 1 }), /month/);
  assert.throws(() => decideBread(P, fresh(), { beneficiaries: 1, day: d10, loaves: 0 }), /positive/);
});

test('bread remaining: today, window and month', () => {
  const state = okState(decideBread(P, fresh(), { beneficiaries: 1, day: day('2026-03-30'), loaves: 7 }));
  assert.equal(breadRemaining(P, state, 1, day('2026-03-30')), { today: 0, window: 3, month: 3 });
});

test('ration: caps per person and per card, unknown items, cost from entitlement then bread points', () => {
  const state = { ...loaded(), pointsPiastres: 1000 };
  // Sugar (code 1): 1 kg per person, at most 6 per card.
  assert.ok(decideRation(state, { beneficiaries: 8, lines: [[1, 6]] }).ok);
  assert.is(refusal(decideRation(state, { beneficiaries: 8, lines: [[1, 7]] })), 'RATION_ITEM_CAP');
  assert.is(refusal(decideRation(state, { beneficiaries: 2, lines: [[1, 3]] })), 'RATION_ITEM_CAP');
  assert.is(refusal(decideRation(state, { beneficiaries: 2, lines: [[9, 1]] })), 'RATION_ITEM_UNKNOWN');
  assert.is(refusal(decideRation(fresh(), { beneficiaries: 2, lines: [[1, 1]] })), 'RATION_NOT_LOADED');
  const decision = decideRation(state, { beneficiaries: 4, lines: [[1, 2], [2, 1]] });
  assert.ok(decision.ok);
  assert.is(decision.ok && decision.amount, 2 * 1260 + 3000);
  assert.is(decision.ok && decision.pointsPiastres, 0);
  assert.is(decision.ok && decision.balanceAfter, 20_000 - 5520, 'version 2: the entitlement left');
  const after = okState(decision);
  assert.is(after.items.find((i) => i.code === 1)!.consumed, 2);
  assert.is(refusal(decideRation(after, { beneficiaries: 4, lines: [[1, 3]] })), 'RATION_ITEM_CAP', 'consumption counts across debits');
  // 20 000 entitlement + 1 000 points: spending 20 500 takes 500 from the points.
  const big = { ...state, items: [{ code: 7, pricePiastres: 500, perPerson: 100, perCard: 100, consumed: 0 }] };
  const spent = okState(decideRation(big, { beneficiaries: 1, lines: [[7, 41]] }));
  assert.equal([spent.rationSpent, spent.pointsSpent, rationAvailable(spent)], [20_000, 500, 500]);
  assert.is(refusal(decideRation(spent, { beneficiaries: 1, lines: [[7, 2]] })), 'RATION_EXHAUSTED');
  const split = decideRation(big, { beneficiaries: 1, lines: [[7, 41]] });
  assert.equal(split.ok && [split.amount, split.pointsPiastres, split.balanceAfter], [20_000, 500, 0], 'default split: entitlement first');
});

test('ration: the terminal names the points to spend; the card applies exactly that split or refuses', () => {
  const state = { ...loaded(), rationSpent: 19_000, pointsPiastres: 1000, pointsSpent: 200 }; // 1000 + 800 left
  const rice = (n: number) => ({ beneficiaries: 4, lines: [[3, n]] as [number, number][] }); // 1200 a unit
  const first = decideRation(state, { ...rice(1), pointsPiastres: 800 });
  assert.equal(first.ok && [first.amount, first.pointsPiastres, first.balanceAfter], [400, 800, 600], 'points first');
  assert.equal(first.ok && [first.state.rationSpent, first.state.pointsSpent], [19_400, 1000]);
  const none = decideRation(state, { ...rice(1), pointsPiastres: 0 });
  assert.is(refusal(none), 'RATION_EXHAUSTED', 'no points: 1200 > the 1000 entitlement left');
  const chosen = decideRation(state, { ...rice(1), pointsPiastres: 250 });
  assert.equal(chosen.ok && [chosen.amount, chosen.pointsPiastres], [950, 250]);
  assert.is(refusal(decideRation(state, { ...rice(1), pointsPiastres: 801 })), 'RATION_POINTS_INSUFFICIENT');
  const cheap = { ...state, pointsPiastres: 5000, pointsSpent: 0, items: [{ code: 9, pricePiastres: 600, perPerson: 1, perCard: 3, consumed: 0 }] };
  assert.is(refusal(decideRation(cheap, { beneficiaries: 4, lines: [[9, 1]], pointsPiastres: 601 })), 'RATION_POINTS_OVER_VALUE');
  assert.ok(decideRation(cheap, { beneficiaries: 4, lines: [[9, 1]], pointsPiastres: 600 }).ok, 'points may pay all of it');
  assert.throws(() => decideRation(state, { ...rice(1), pointsPiastres: -1 }), /non-negative/);
});

test('ration: refusal order: unknown item, points, item cap (before money), points over value, money', () => {
  const state = { ...loaded(), rationSpent: 20_000, pointsPiastres: 500 }; // no entitlement left, 500 points
  const b = 2; // sugar cap 2
  assert.is(refusal(decideRation(state, { beneficiaries: b, lines: [[1, 1], [9, 1]], pointsPiastres: 9999 })), 'RATION_ITEM_UNKNOWN');
  assert.is(refusal(decideRation(state, { beneficiaries: b, lines: [[1, 3]], pointsPiastres: 501 })), 'RATION_POINTS_INSUFFICIENT');
  assert.is(refusal(decideRation(state, { beneficiaries: b, lines: [[1, 3]] })), 'RATION_ITEM_CAP', 'cap and money broken: the cap');
  assert.is(refusal(decideRation(state, { beneficiaries: b, lines: [[2, 1], [1, 3]], pointsPiastres: 0 })), 'RATION_ITEM_CAP', 'whatever the line order');
  assert.is(refusal(decideRation(state, { beneficiaries: b, lines: [[1, 2]] })), 'RATION_EXHAUSTED');
});

test('month turn: uncollected loaves become bread points for the next month only', () => {
  const breadFrom = day('2026-03-01');
  const collected = okState(decideBread(P, fresh(), { beneficiaries: 1, day: day('2026-03-10'), loaves: 15 }));
  const april = rollToMonth(P, collected, { month: APRIL, beneficiaries: 1, breadFrom });
  assert.is(april.pointsPiastres, (155 - 15) * 10);
  assert.equal([april.month, april.breadTaken.length, april.rationLoaded, april.pointsSpent], [APRIL, 30, false, 0]);
  // May: April never used, so all of April's 150 loaves count; March's points are gone.
  assert.is(rollToMonth(P, april, { month: APRIL + 1, beneficiaries: 1, breadFrom }).pointsPiastres, 1500);
  assert.is(rollToMonth(P, collected, { month: APRIL + 1, beneficiaries: 1, breadFrom }).pointsPiastres, 1500, 'a gap month counts as uncollected');
  assert.is(rollToMonth(P, collected, { month: APRIL, beneficiaries: 1, breadFrom: null }).pointsPiastres, 0, 'no bread, no points');
  assert.is(rollToMonth(P, collected, { month: MARCH, beneficiaries: 1, breadFrom }), collected, 'same month: unchanged');
  assert.throws(() => rollToMonth(P, april, { month: MARCH, beneficiaries: 1, breadFrom }), /earlier month/);
});

test('a reload replaces the entitlement and caps but keeps what was consumed; issuer points override', () => {
  const spent = okState(decideRation(loaded(), { beneficiaries: 4, lines: [[1, 3]] }));
  const reloaded = applyMonthLoad(spent, {
    rationPiastres: 30_000, pointsPiastres: 777, items: [{ code: 1, pricePiastres: 1300, perPerson: 1, perCard: 6 }],
  });
  assert.equal([reloaded.rationPiastres, reloaded.rationSpent, reloaded.pointsPiastres], [30_000, 3780, 777]);
  assert.equal(reloaded.items, [{ code: 1, pricePiastres: 1300, perPerson: 1, perCard: 6, consumed: 3 }]);
  assert.is(applyMonthLoad({ ...spent, pointsPiastres: 50 }, { rationPiastres: 1, pointsPiastres: null, items: [] }).pointsPiastres, 50);
});

test.run();
