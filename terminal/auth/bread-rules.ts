/**
 * Subsidized bread: `loavesPerBeneficiaryPerDay × beneficiaries` a day (the daily share S), paid at the loaf price.
 *
 * Collecting ahead: a household may take up to k days' share at once, k = `aheadDaysSmall` for households of at
 * most `smallHouseholdMax` beneficiaries, else `aheadDaysLarge`, and at most `monthEndAheadDays` in the month's
 * last `monthEndWindowDays` days. So on day d of a month of M days:
 * - loaves collected today ≤ k·S (the "at once" limit);
 * - loaves collected this month ≤ min((d − 1 + k)·S, M·S) (never more than k days ahead, never past the month).
 * Days not collected may be made up within the month under the same limits; what is left at the month's end
 * becomes bread points. Offline, a household with several entitled cards lets each card take at most its share
 * of S a day (`cardShareOf`).
 */
import { dayOfMonth, daysIn, daysLeftInMonth, monthOf } from './calendar.ts';
import type { BreadParameters } from './parameters.ts';
import type { RuleInput, RuleResult } from './rule-input.ts';
import { cardShareOf, reason } from './rule-input.ts';

/** Days' share a household of `beneficiaries` may collect at once on `today`. */
export function aheadDays(bread: BreadParameters, beneficiaries: number, today: number): number {
  const k = beneficiaries <= bread.smallHouseholdMax ? bread.aheadDaysSmall : bread.aheadDaysLarge;
  return daysLeftInMonth(today) <= bread.monthEndWindowDays ? Math.min(k, bread.monthEndAheadDays) : k;
}

/** The most loaves the household may collect now under the household rules (0 when none). */
export function breadRoom(input: RuleInput): number {
  const { bread } = input.params;
  const s = bread.loavesPerBeneficiaryPerDay * input.card.beneficiaries;
  const k = aheadDays(bread, input.card.beneficiaries, input.today);
  const monthCap = Math.min((dayOfMonth(input.today) - 1 + k) * s, daysIn(monthOf(input.today)) * s);
  return Math.max(0, Math.min(monthCap - input.household.loaves, k * s - input.household.loavesToday));
}

/** Decides a bread request of `loaves`. */
export function breadRule(input: RuleInput, loaves: number): RuleResult {
  if (!Number.isSafeInteger(loaves) || loaves < 1) return { ok: false, reason: reason('REQUEST_INVALID', { service: 'bread' }) };
  const room = breadRoom(input);
  if (room === 0) return { ok: false, reason: reason('QUOTA_EXHAUSTED', { service: 'bread', maxLoaves: 0 }) };
  if (loaves > room) return { ok: false, reason: reason('COLLECT_AHEAD_LIMIT', { service: 'bread', maxLoaves: room }) };
  const { bread } = input.params;
  const share = cardShareOf(bread.loavesPerBeneficiaryPerDay * input.card.beneficiaries, input.share, input.card.entitledCards);
  const shareRoom = Math.max(0, share - input.cardUsage.loavesToday);
  if (loaves > shareRoom) {
    return { ok: false, reason: reason('OFFLINE_LIMIT_REACHED', { service: 'bread', limit: 'CARD_SHARE', maxLoaves: shareRoom, stillServes: ['health'] }) };
  }
  const value = loaves * bread.loafPricePiastres;
  return {
    ok: true,
    cuts: [],
    debit: {
      service: 'bread', amount: loaves, loaves, entitlementPiastres: 0, pointsPiastres: 0, items: [],
      valuePiastres: value, cashDuePiastres: value, changePiastres: 0,
    },
  };
}
