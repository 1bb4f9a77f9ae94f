/**
 * Subsidized bread: each day of the month carries the household's daily share S = `loavesPerBeneficiaryPerDay ×
 * beneficiaries` loaves, paid at the loaf price. The same rule as the card's (card/gov/entitlement-rules.ts), so an
 * offline terminal never promises what the card refuses:
 * - a debit on day d takes loaves from day d's share, then d+1's, ... within a window of k days (today included):
 *   k = `aheadDaysSmall` for households of at most `smallHouseholdMax` beneficiaries, else `aheadDaysLarge`; when
 *   the window would reach the month's last day, at most `monthEndAheadDays`; it never crosses into next month;
 * - past days' loaves are gone (at the month's turn every loaf not collected becomes bread points).
 * More than the month has left: QUOTA_EXHAUSTED; more than the window has: COLLECT_AHEAD_LIMIT (with `maxLoaves`).
 * Offline, a household with several entitled cards lets each card take at most its share of S a day (`cardShareOf`).
 */
import { dayOfMonth, daysIn, monthOf } from './calendar.ts';
import type { BreadParameters } from './parameters.ts';
import type { RuleInput, RuleResult } from './rule-input.ts';
import { cardShareOf, reason } from './rule-input.ts';

/** Days' share (today included) a household of `beneficiaries` may collect at once on `today`. */
export function aheadDays(bread: BreadParameters, beneficiaries: number, today: number): number {
  const dom = dayOfMonth(today);
  const last = daysIn(monthOf(today));
  let k = beneficiaries <= bread.smallHouseholdMax ? bread.aheadDaysSmall : bread.aheadDaysLarge;
  if (dom + k - 1 >= last) k = Math.min(k, bread.monthEndAheadDays);
  return Math.max(1, Math.min(k, last - dom + 1));
}

/** Loaves the household may still collect: within today's window, and in the rest of the month. */
export function breadRoom(input: RuleInput): { readonly window: number; readonly month: number } {
  const { bread } = input.params;
  const s = bread.loavesPerBeneficiaryPerDay * input.card.beneficiaries;
  const dom = dayOfMonth(input.today);
  const k = aheadDays(bread, input.card.beneficiaries, input.today);
  let window = 0;
  let month = 0;
  for (let i = dom - 1; i < daysIn(monthOf(input.today)); i++) {
    const left = Math.max(0, s - (input.household.breadTaken[i] ?? 0));
    month += left;
    if (i < dom - 1 + k) window += left;
  }
  return { window, month };
}

/** Decides a bread request of `loaves`. */
export function breadRule(input: RuleInput, loaves: number): RuleResult {
  if (!Number.isSafeInteger(loaves) || loaves < 1) return { ok: false, reason: reason('REQUEST_INVALID', { service: 'bread' }) };
  const room = breadRoom(input);
  if (loaves > room.month) return { ok: false, reason: reason('QUOTA_EXHAUSTED', { service: 'bread', maxLoaves: room.window }) };
  if (loaves > room.window) return { ok: false, reason: reason('COLLECT_AHEAD_LIMIT', { service: 'bread', maxLoaves: room.window }) };
  const { bread } = input.params;
  const s = bread.loavesPerBeneficiaryPerDay * input.card.beneficiaries;
  const shareRoom = Math.max(0, cardShareOf(s, input.share, input.card.entitledCards) - input.cardUsage.loavesToday);
  if (loaves > shareRoom) {
    return { ok: false, reason: reason('OFFLINE_LIMIT_REACHED', { service: 'bread', limit: 'CARD_SHARE', maxLoaves: shareRoom, stillServes: ['health'] }) };
  }
  const allocation: [number, number][] = [];
  let left = loaves;
  for (let dom = dayOfMonth(input.today); left > 0; dom++) {
    const take = Math.min(left, Math.max(0, s - (input.household.breadTaken[dom - 1] ?? 0)));
    if (take > 0) allocation.push([dom, take]);
    left -= take;
  }
  const value = loaves * bread.loafPricePiastres;
  return {
    ok: true,
    cuts: [],
    debit: {
      service: 'bread', amount: loaves, loaves, breadAllocation: allocation, entitlementPiastres: 0, pointsPiastres: 0,
      items: [], valuePiastres: value, cashDuePiastres: value, changePiastres: 0,
    },
  };
}
