/**
 * The entitlement rules as the card enforces them: pure functions of the parameters, the month's counters and the
 * request, with no clock and no I/O. The terminal's own rules engine must reach the same decisions from the same
 * parameters and counters (READ DATA gives both), so that an offline terminal never promises what the card refuses.
 *
 * Bread: each day of the month carries `quota = loavesPerBeneficiaryPerDay * beneficiaries` loaves. On day D a
 * debit takes loaves from day D's share, then D+1's, ... within a window of `ahead` days (today included):
 * `breadAheadDaysSmall` for households of at most `breadSmallHouseholdMax` beneficiaries, else `breadAheadDaysLarge`;
 * when the window would reach the month's last day it is at most `breadMonthEndMaxDays`; it never crosses into the
 * next month. Past days' loaves are gone; at the month's turn every loaf of the old month not collected is credited
 * as bread points (`breadPointPiastresPerLoaf` each) for the next month only.
 *
 * Ration goods: the issuer loads the month's entitlement (piastres) and catalogue (price, caps per person and per
 * card). A debit of item lines costs `sum(quantity * price)`; each item's month total must stay within
 * `min(perPerson * beneficiaries, perCard)`. The terminal may name the bread points to spend (`pointsPiastres`,
 * the cashier's choice: first, none or an amount, as the terminal's rules engine computed it); the rest comes from
 * the month's entitlement. Without it the card's default applies: the entitlement first, then the bread points.
 * Refusals in this order, as the terminal's engine declines a whole basket: an item not in the catalogue; points
 * asked beyond the points left; an item over its cap (before any money check: a basket that breaks a cap and the
 * money is refused for the cap); points asked beyond the basket's value; the entitlement part beyond what is left.
 */
import { daysInMonth, dayToDate, firstDayOfMonth, monthOfDay } from './gov-date.ts';
import type { EntitlementParams } from './entitlement-params.ts';
import { emptyEntitlementState } from './entitlement-state.ts';
import type { EntitlementState, RationItemState } from './entitlement-state.ts';

/** Why the rules refuse a debit; each maps to one status word (COMMANDS.md). */
export type EntitlementRefusal =
  | 'BREAD_EXHAUSTED'
  | 'BREAD_AHEAD_LIMIT'
  | 'RATION_NOT_LOADED'
  | 'RATION_ITEM_UNKNOWN'
  | 'RATION_ITEM_CAP'
  | 'RATION_EXHAUSTED'
  | 'RATION_POINTS_INSUFFICIENT'
  | 'RATION_POINTS_OVER_VALUE';

/**
 * A decision. On approval `amount` is the debit proof's amount (loaves, visits; ration: the entitlement part),
 * `pointsPiastres` the bread points spent (ration only, else 0) and `balanceAfter` what is left in `amount`'s unit.
 */
export type EntitlementDecision =
  | {
      readonly ok: true;
      readonly state: EntitlementState;
      readonly amount: number;
      readonly pointsPiastres: number;
      readonly balanceAfter: number;
    }
  | { readonly ok: false; readonly refusal: EntitlementRefusal };

/** A month's ration catalogue line as the issuer loads it. */
export type RationItemRule = Omit<RationItemState, 'consumed'>;

/** The month's ration load: entitlement, optional bread points (ledger-computed), catalogue. */
export interface MonthLoad {
  readonly rationPiastres: number;
  /** Bread points for the month when the issuer sets them; `null` keeps the card's own count. */
  readonly pointsPiastres: number | null;
  readonly items: readonly RationItemRule[];
}

/** Loaves a household may collect per day. */
export function breadDailyQuota(params: EntitlementParams, beneficiaries: number): number {
  return params.breadLoavesPerBeneficiaryPerDay * beneficiaries;
}

/** The ration entitlement of a household for one month, in piastres (what the issuer loads by default). */
export function monthlyRationPiastres(params: EntitlementParams, beneficiaries: number): number {
  return params.rationPiastresPerBeneficiary * beneficiaries;
}

/** How many days' share (today included) a household may collect on `day`. */
export function breadAheadDays(params: EntitlementParams, beneficiaries: number, day: number): number {
  const dom = dayToDate(day).day;
  const last = daysInMonth(monthOfDay(day));
  let ahead = beneficiaries <= params.breadSmallHouseholdMax ? params.breadAheadDaysSmall : params.breadAheadDaysLarge;
  if (dom + ahead - 1 >= last) ahead = Math.min(ahead, params.breadMonthEndMaxDays);
  return Math.max(1, Math.min(ahead, last - dom + 1));
}

/** Loaves still available on `day`: today's share, within the collection-ahead window, and to the month's end. */
export function breadRemaining(
  params: EntitlementParams,
  state: EntitlementState,
  beneficiaries: number,
  day: number,
): { readonly today: number; readonly window: number; readonly month: number } {
  const quota = breadDailyQuota(params, beneficiaries);
  const dom = dayToDate(day).day;
  const ahead = breadAheadDays(params, beneficiaries, day);
  let window = 0;
  let month = 0;
  for (let i = dom - 1; i < state.breadTaken.length; i++) {
    const left = Math.max(0, quota - state.breadTaken[i]!);
    month += left;
    if (i < dom - 1 + ahead) window += left;
  }
  return { today: Math.max(0, quota - (state.breadTaken[dom - 1] ?? quota)), window, month };
}

/** Decides a bread debit of `loaves` on `day` (counters already rolled to `day`'s month). */
export function decideBread(
  params: EntitlementParams,
  state: EntitlementState,
  request: { readonly beneficiaries: number; readonly day: number; readonly loaves: number },
): EntitlementDecision {
  const { beneficiaries, day, loaves } = request;
  if (monthOfDay(day) !== state.month) throw new RangeError('counters are not for the month of the debit');
  if (!Number.isSafeInteger(loaves) || loaves < 1) throw new RangeError('loaves must be a positive integer');
  const remaining = breadRemaining(params, state, beneficiaries, day);
  if (loaves > remaining.month) return { ok: false, refusal: 'BREAD_EXHAUSTED' };
  if (loaves > remaining.window) return { ok: false, refusal: 'BREAD_AHEAD_LIMIT' };
  const quota = breadDailyQuota(params, beneficiaries);
  const taken = [...state.breadTaken];
  let left = loaves;
  for (let i = dayToDate(day).day - 1; left > 0; i++) {
    const take = Math.min(left, Math.max(0, quota - taken[i]!));
    taken[i] = taken[i]! + take;
    left -= take;
  }
  return { ok: true, state: { ...state, breadTaken: taken }, amount: loaves, pointsPiastres: 0, balanceAfter: remaining.month - loaves };
}

/** Ration goods still available this month in piastres: entitlement then bread points. */
export function rationAvailable(state: EntitlementState): number {
  return Math.max(0, state.rationPiastres - state.rationSpent) + Math.max(0, state.pointsPiastres - state.pointsSpent);
}

/** A ration debit as asked: item lines `[code, quantity]` (codes strictly increasing, quantities ≥ 1). */
export interface RationRequest {
  readonly beneficiaries: number;
  readonly lines: ReadonlyArray<readonly [number, number]>;
  /** Bread points to spend, piastres; absent or null: the entitlement first, then the points. */
  readonly pointsPiastres?: number | null;
}

/** Decides a ration debit; see the module description for the split and the order of refusals. */
export function decideRation(state: EntitlementState, request: RationRequest): EntitlementDecision {
  if (!state.rationLoaded) return { ok: false, refusal: 'RATION_NOT_LOADED' };
  const found = request.lines.map(([code]) => state.items.findIndex((i) => i.code === code));
  if (found.some((index) => index < 0)) return { ok: false, refusal: 'RATION_ITEM_UNKNOWN' };
  const entitlementLeft = Math.max(0, state.rationPiastres - state.rationSpent);
  const pointsLeft = Math.max(0, state.pointsPiastres - state.pointsSpent);
  const asked = request.pointsPiastres ?? null;
  if (asked !== null && (!Number.isSafeInteger(asked) || asked < 0)) throw new RangeError('points must be a non-negative integer');
  if (asked !== null && asked > pointsLeft) return { ok: false, refusal: 'RATION_POINTS_INSUFFICIENT' };
  const items = state.items.map((item) => ({ ...item }));
  let value = 0;
  for (const [n, [, quantity]] of request.lines.entries()) {
    const item = items[found[n]!]!;
    const cap = Math.min(item.perPerson * request.beneficiaries, item.perCard);
    if (item.consumed + quantity > cap) return { ok: false, refusal: 'RATION_ITEM_CAP' };
    item.consumed += quantity;
    value += quantity * item.pricePiastres;
  }
  if (!Number.isSafeInteger(value)) return { ok: false, refusal: 'RATION_EXHAUSTED' };
  if (asked !== null && asked > value) return { ok: false, refusal: 'RATION_POINTS_OVER_VALUE' };
  const points = asked ?? Math.max(0, value - entitlementLeft);
  const fromEntitlement = value - points;
  if (fromEntitlement > entitlementLeft || points > pointsLeft) return { ok: false, refusal: 'RATION_EXHAUSTED' };
  const next: EntitlementState = {
    ...state, items, rationSpent: state.rationSpent + fromEntitlement, pointsSpent: state.pointsSpent + points,
  };
  return { ok: true, state: next, amount: fromEntitlement, pointsPiastres: points, balanceAfter: entitlementLeft - fromEntitlement };
}

/** Loaves a household was entitled to in a month, counting days from `breadFrom` (bread activation), none if null. */
export function monthBreadEntitlement(
  params: EntitlementParams,
  beneficiaries: number,
  month: number,
  breadFrom: number | null,
): number {
  if (breadFrom === null) return 0;
  const first = firstDayOfMonth(month);
  const days = Math.max(0, Math.min(daysInMonth(month), first + daysInMonth(month) - Math.max(first, breadFrom)));
  return days * breadDailyQuota(params, beneficiaries);
}

/**
 * Counters for `month` (≥ the state's): the same state for the same month; for a later month, fresh counters with
 * the bread points of the month before it (its uncollected loaves; a month never seen counts as uncollected).
 */
export function rollToMonth(
  params: EntitlementParams,
  state: EntitlementState,
  context: { readonly month: number; readonly beneficiaries: number; readonly breadFrom: number | null },
): EntitlementState {
  const { month } = context;
  if (month < state.month) throw new RangeError('counters never go back to an earlier month');
  if (month === state.month) return state;
  const previous = month - 1;
  const collected = state.month === previous ? state.breadTaken.reduce((a, b) => a + b, 0) : 0;
  const entitled = monthBreadEntitlement(params, context.beneficiaries, previous, context.breadFrom);
  const points = Math.max(0, entitled - collected) * params.breadPointPiastresPerLoaf;
  return { ...emptyEntitlementState(month), pointsPiastres: points };
}

/**
 * Applies the issuer's load for the counters' month: sets the entitlement, the catalogue (prices and caps) and,
 * when given, the bread points; what was already spent or taken this month stays counted (a reload never gives
 * back what was consumed).
 */
export function applyMonthLoad(state: EntitlementState, load: MonthLoad): EntitlementState {
  const items = [...load.items]
    .sort((a, b) => a.code - b.code)
    .map((rule) => ({ ...rule, consumed: state.items.find((i) => i.code === rule.code)?.consumed ?? 0 }));
  return {
    ...state, rationLoaded: true, rationPiastres: load.rationPiastres, items,
    pointsPiastres: load.pointsPiastres ?? state.pointsPiastres,
  };
}
