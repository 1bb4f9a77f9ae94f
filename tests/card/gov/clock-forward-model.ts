/**
 * A pure model of one card's bread debits under a terminal clock that jumps forward and comes back (not a suite):
 * the card's date rule (accept a date only if it is not before the last accepted one, then roll the counters to its
 * month, `card/gov/accept-date.ts`) and its bread rule (`decideBread`, `rollToMonth` from entitlement-rules.ts).
 * `acceptBackward` is the TEST-ONLY mutation of a card without the date rule: it takes any date and treats any
 * change of month as a month turn.
 */
import { breadAheadDays, breadDailyQuota, breadRemaining, decideBread, rollToMonth } from '../../../card/gov/entitlement-rules.ts';
import type { EntitlementParams } from '../../../card/gov/entitlement-params.ts';
import { emptyEntitlementState } from '../../../card/gov/entitlement-state.ts';
import type { EntitlementState } from '../../../card/gov/entitlement-state.ts';
import { daysInMonth, firstDayOfMonth, monthOfDay } from '../../../card/gov/gov-date.ts';

export interface ModelCard {
  state: EntitlementState;
  lastDate: number;
  /** Loaves debited. */
  loaves: number;
  /** Bread points credited at month turns, piastres. */
  pointsCredited: number;
}

export interface ModelSetup {
  readonly params: EntitlementParams;
  readonly beneficiaries: number;
  /** Bread activation day (points count from it). */
  readonly breadFrom: number;
  readonly acceptBackward?: boolean;
}

/** A card whose counters are for `month`, last date the day before it starts. */
export function newModelCard(month: number): ModelCard {
  return { state: emptyEntitlementState(month), lastDate: firstDayOfMonth(month) - 1, loaves: 0, pointsCredited: 0 };
}

/** One DEBIT of `loaves` dated `date`: 'DATE_BACKWARDS', the rule's refusal, or 'OK'. Mutates `card` on success. */
export function modelDebit(setup: ModelSetup, card: ModelCard, date: number, loaves: number): string {
  if (date < card.lastDate && !setup.acceptBackward) return 'DATE_BACKWARDS';
  const month = monthOfDay(date);
  let state = card.state;
  if (month !== state.month) {
    const context = { month, beneficiaries: setup.beneficiaries, breadFrom: setup.breadFrom };
    state = month > state.month ? rollToMonth(setup.params, state, context) : rollToMonth(setup.params, { ...state, month: month - 2 }, context);
  }
  const decision = decideBread(setup.params, state, { beneficiaries: setup.beneficiaries, day: date, loaves });
  if (!decision.ok) return decision.refusal;
  if (state !== card.state) card.pointsCredited += state.pointsPiastres;
  card.state = decision.state;
  card.lastDate = date;
  card.loaves += loaves;
  return 'OK';
}

/** The most loaves the card would grant now on `date` (its collect-ahead window), 0 if the date is refused. */
export function modelWindow(setup: ModelSetup, card: ModelCard, date: number): number {
  if (date < card.lastDate && !setup.acceptBackward) return 0;
  const month = monthOfDay(date);
  const state = month === card.state.month ? card.state : emptyEntitlementState(month);
  return breadRemaining(setup.params, state, setup.beneficiaries, date).window;
}

/**
 * The bound: the household's entitlement for the days from `first` (its first day on this card) up to the last
 * day a debit dated `latest` may be credited against (`latest`'s collect-ahead window, within its month), in loaves.
 */
export function entitlementUpTo(setup: ModelSetup, first: number, latest: number): number {
  const lastOfMonth = firstDayOfMonth(monthOfDay(latest)) + daysInMonth(monthOfDay(latest)) - 1;
  const reach = Math.min(latest + breadAheadDays(setup.params, setup.beneficiaries, latest) - 1, lastOfMonth);
  return breadDailyQuota(setup.params, setup.beneficiaries) * Math.max(0, reach - Math.max(first, setup.breadFrom) + 1);
}
