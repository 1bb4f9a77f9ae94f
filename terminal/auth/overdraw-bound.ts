/**
 * The offline over-draw bound. A household's entitlement is shared by its entitled cards; offline, no terminal
 * sees what the household's other cards took elsewhere, so the household can get more than it is entitled to. The
 * engine lets each card take offline at most its share of the household's amounts (`cardShareOf`: a day's bread,
 * the month's ration money, each item cap, the month's points), so with E entitled cards, share m = num/den and a
 * household amount A, the cards together take at most E·⌊m·A/E⌋ of it, and the over-draw is at most
 * `max(0, E·⌊m·A/E⌋ − A)`: 0 for the default m = 1, about (m − 1)·A above it. Bread's A is the daily share S, so
 * its bound grows with the D offline days: `D · max(0, E·⌊m·S/E⌋ − S)` loaves. See OFFLINE.md for the proof.
 */
import type { Fraction, Parameters } from './parameters.ts';
import { cardShareOf } from './rule-input.ts';

/** A household as the bound sees it. */
export interface HouseholdShape {
  readonly beneficiaries: number;
  /** Cards carrying the ration services (each may be at a different offline terminal). */
  readonly entitledCards: number;
}

/** The most a household can over-draw while offline, per kind of entitlement. */
export interface OverdrawBound {
  /** Loaves over the legal maximum, over `days` offline days within one month. */
  readonly breadLoaves: number;
  /** Ration money over the month's balance, piastres. */
  readonly rationPiastres: number;
  /** Units over each item's monthly household cap, by item code. */
  readonly itemUnits: ReadonlyMap<number, number>;
  /** Points over the month's credit of `pointsCreditPiastres`, piastres. */
  readonly pointsPiastres: number;
}

/** How much E cards with offline share `share` can take of a household amount beyond the amount itself. */
export function excessOf(amount: number, share: Fraction, entitledCards: number): number {
  if (entitledCards <= 1) return 0;
  return Math.max(0, entitledCards * cardShareOf(amount, share, entitledCards) - amount);
}

/**
 * The over-draw bound of `household` for `days` offline days within one month under `params`' offline policy,
 * whatever the number of terminals, the arrival order and the requests.
 */
export function overdrawBound(params: Parameters, household: HouseholdShape, days: number, pointsCreditPiastres = 0): OverdrawBound {
  const { beneficiaries: b, entitledCards: e } = household;
  const share = params.offline.cardShare;
  const daily = params.bread.loavesPerBeneficiaryPerDay * b;
  const itemUnits = new Map<number, number>();
  for (const item of params.ration.catalogue) {
    itemUnits.set(item.code, excessOf(Math.min(item.capPerPerson * b, item.capPerCard), share, e));
  }
  return {
    breadLoaves: days * excessOf(daily, share, e),
    rationPiastres: excessOf(params.ration.monthlyPiastresPerBeneficiary * b, share, e),
    itemUnits,
    pointsPiastres: excessOf(pointsCreditPiastres, share, e),
  };
}

/**
 * TEST ONLY: `params` with the offline card share doubled, a policy whose over-draw exceeds the bound of the
 * real one. The property suite runs it to show that its check detects a policy that raises the bound.
 */
export function withDoubledCardShareForTest(params: Parameters): Parameters {
  const { num, den } = params.offline.cardShare;
  return { ...params, offline: { ...params.offline, cardShare: { num: num * 2, den } } };
}
