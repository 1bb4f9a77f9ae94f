/**
 * Clock set forward, the card side. A card has no clock: it accepts only dates that never go backwards
 * (SET DATE / DEBIT, 9D07 otherwise) and signs the date into every debit proof.
 *
 * The bound, checked here over random households and terminal clocks that jump forward by 1..60 days for a few days
 * and then come back to true time: let F be the latest date the card has accepted, R(F) the last day a debit dated
 * F may be credited against (F's collect-ahead window, within F's month), and S the daily share. Then at every moment
 *
 *     loaves debited + bread points credited / (piastres per loaf)  ≤  S × (days from the card's first day to R(F))
 *
 * that is, never more than the household's true entitlement for the days up to the forwarded date. Moving the date
 * forward only spends future days' shares early (and turns the months it skips into their own bread points, never
 * more): it creates no entitlement. Afterwards every real date before F is refused with 9D07 until real time
 * catches up with F; the terminal shows that as a clear decline (GOV_DATE_BACKWARDS on the card, CARD_DATE_AHEAD
 * in terminal/services), so the cost of a forwarded clock falls on the household's early-spent days, which the
 * ledger sees in the signed dates (`detectClockSkew`).
 *
 * Why the date rule is what makes it hold: the test runs the same model with a card that accepts backward dates
 * (`acceptBackward`, TEST ONLY) and finds a violation: back from a forwarded month it turns the month again, so a
 * month is credited as bread points and then collected as loaves as well.
 */
import * as assert from 'uvu/assert';
import { DEFAULT_ENTITLEMENT_PARAMS } from '../../../card/gov/entitlement-params.ts';
import { daysInMonth, firstDayOfMonth } from '../../../card/gov/gov-date.ts';
import { GOV_STATUS_MESSAGES, SW_9D07_DATE_BACKWARDS } from '../../../card/gov/gov-status-words.ts';
import { createSeededRandom } from '../../../terminal/journal/seeded-random.ts';
import type { SeededRandom } from '../../../terminal/journal/seeded-random.ts';
import { suite } from '../../support/suite.ts';
import { entitlementUpTo, modelDebit, modelWindow, newModelCard } from './clock-forward-model.ts';
import type { ModelSetup } from './clock-forward-model.ts';
import { cmd, govCard, ISSUE_DAY, send, verified } from './gov-fixture.ts';

const test = suite('card/gov/clock-forward', { timeoutMs: 20000 });
const P = DEFAULT_ENTITLEMENT_PARAMS;

interface RunResult {
  readonly violations: string[];
  readonly refusedBackwards: number;
  readonly forwardedIntoNextMonth: boolean;
}

/** One household over one true month (plus the days its clock reaches ahead), one visit or two a day. */
function runHousehold(rng: SeededRandom, acceptBackward: boolean): RunResult {
  const month = 2025 * 12 + rng.int(24);
  const first = firstDayOfMonth(month);
  const days = daysInMonth(month);
  const setup: ModelSetup = { params: P, beneficiaries: 1 + rng.int(8), breadFrom: first - rng.int(100), acceptBackward };
  const card = newModelCard(month);
  const jumpAt = first + rng.int(days);
  const jump = 1 + rng.int(60);
  const jumpEnd = jumpAt + 1 + rng.int(5);
  const violations: string[] = [];
  let latest = card.lastDate;
  let refusedBackwards = 0;
  for (let today = first; today < first + days; today++) {
    const offered = today >= jumpAt && today < jumpEnd ? today + jump : today;
    for (let visit = 1 + rng.int(2); visit > 0; visit--) {
      const window = modelWindow(setup, card, offered);
      const loaves = window > 0 && rng.int(5) > 0 ? window : 1 + rng.int(3);
      const before = card.lastDate;
      const outcome = modelDebit(setup, card, offered, loaves);
      if (outcome === 'DATE_BACKWARDS') {
        refusedBackwards++;
        if (offered >= before) violations.push(`refused ${offered} though not before ${before}`);
      } else if (!acceptBackward && offered < before) {
        violations.push(`accepted ${offered} before ${before}`);
      }
      if (outcome === 'OK') latest = Math.max(latest, offered);
      const value = card.loaves + card.pointsCredited / P.breadPointPiastresPerLoaf;
      const bound = entitlementUpTo(setup, first, latest);
      if (value > bound) violations.push(`day ${today - first + 1} offered +${offered - today}: ${value} loaves' worth > ${bound}`);
    }
  }
  return { violations, refusedBackwards, forwardedIntoNextMonth: jumpAt + jump >= first + days };
}

const RUNS = 3000;

test(`${RUNS} households, clocks forward 1..60 days then back: never more than the entitlement up to the forwarded date`, () => {
  const rng = createSeededRandom(0x0c10c);
  let refused = 0;
  let crossedMonth = 0;
  for (let run = 0; run < RUNS; run++) {
    const result = runHousehold(rng, false);
    assert.equal(result.violations, [], `run ${run}`);
    refused += result.refusedBackwards;
    if (result.forwardedIntoNextMonth) crossedMonth++;
  }
  assert.ok(refused > RUNS, `real dates before the forwarded one were refused (${refused} times)`);
  assert.ok(crossedMonth > RUNS / 4, `many jumps reached a later month (${crossedMonth})`);
});

test('the property check fails for a card that accepts backward dates (TEST-ONLY mutation)', () => {
  const rng = createSeededRandom(0x0c10c);
  let failing = 0;
  for (let run = 0; run < 300; run++) if (runHousehold(rng, true).violations.length > 0) failing++;
  assert.ok(failing > 10, `only ${failing} of 300 mutated runs were caught`);
});

test('the applet itself: forward, back to true time refused with 9D07 (a message a person can read) until time catches up', () => {
  const card = verified(govCard({ beneficiaries: 2 }));
  const forward = ISSUE_DAY + 12;
  assert.is(send(card, cmd.debitBread(forward, 30, 'fwd')).sw, 0x9000, 'the forwarded date is accepted: 3 days of 10');
  for (let day = ISSUE_DAY + 1; day < forward; day++) {
    assert.is(send(card, cmd.debitBread(day, 1, `back-${day}`)).sw, SW_9D07_DATE_BACKWARDS, `true day ${day - ISSUE_DAY}`);
    assert.is(send(card, cmd.setDate(day)).sw, SW_9D07_DATE_BACKWARDS);
  }
  assert.is(send(card, cmd.debitBread(forward, 1, 'caught-up')).sw, 0x9d06, 'real time reaches it: those days were spent early');
  assert.is(send(card, cmd.debitBread(forward + 3, 10, 'after')).sw, 0x9000, 'and the next day not yet spent is served');
  assert.is(GOV_STATUS_MESSAGES[SW_9D07_DATE_BACKWARDS]!.code, 'GOV_DATE_BACKWARDS');
  assert.match(GOV_STATUS_MESSAGES[SW_9D07_DATE_BACKWARDS]!.en, /clock/);
});

test('model and applet agree step by step on a forwarded clock', () => {
  const rng = createSeededRandom(0xabc);
  for (let household = 0; household < 6; household++) {
    const card = verified(govCard({ beneficiaries: 2 }));
    const setup: ModelSetup = { params: P, beneficiaries: 2, breadFrom: ISSUE_DAY };
    const model = newModelCard(2026 * 12 + 2);
    model.lastDate = ISSUE_DAY;
    const jumpAt = ISSUE_DAY + rng.int(15);
    const jump = 1 + rng.int(40);
    for (let today = ISSUE_DAY; today < ISSUE_DAY + 21; today++) {
      const offered = today >= jumpAt && today < jumpAt + 3 ? today + jump : today;
      const loaves = 1 + rng.int(12);
      const expected = modelDebit(setup, model, offered, loaves);
      const sw = send(card, cmd.debitBread(offered, loaves, `h${household}d${today}`)).sw;
      const want = { OK: 0x9000, DATE_BACKWARDS: 0x9d07, BREAD_EXHAUSTED: 0x9d05, BREAD_AHEAD_LIMIT: 0x9d06 }[expected];
      assert.is(sw.toString(16), want?.toString(16), `household ${household} day ${today - ISSUE_DAY} offered +${offered - today}: model ${expected}`);
    }
  }
});

test.run();
