/**
 * The card's entitlement counters (READ DATA BF45: DF46 state, DF47 rule parameters) and its last entitlement
 * load (BF42/DF25), decoded with the formats shared with the card (terminal/schemas), and turned into
 * what the rules engine reads: the card's `Usage` and the `Parameters` the card itself applies, so terminal and
 * card decide alike (the card's catalogue and rule figures replace the terminal's where the card has them).
 */
import { dayOfMonth, monthOf } from '../auth/calendar.ts';
import type { Usage } from '../auth/auth-types.ts';
import type { CatalogueItem, Parameters } from '../auth/parameters.ts';
import { check, decodeStrict, uint } from '../schemas/schema-fields.ts';
import { decodeEntitlementState, type EntitlementState, type RationItemState } from '../schemas/entitlement-state.ts';
import { decodeEntitlementParams } from '../schemas/entitlement-params.ts';
import type { ItemLine } from '../schemas/service.ts';


/** One ration item of the card's month: price, caps (from the issuer's load) and units taken. */
export type CardRationItem = RationItemState;

/** DF46: the counters of the card's month (the shared format, terminal/schemas/entitlement-state.ts). */
export type CardCounters = EntitlementState;

/** DF47: the rule figures the card applies, under the terminal's names. */
export interface CardRuleParams {
  readonly loavesPerBeneficiaryPerDay: number;
  readonly smallHouseholdMax: number;
  readonly aheadDaysSmall: number;
  readonly aheadDaysLarge: number;
  readonly monthEndAheadDays: number;
  readonly pointPiastresPerLoaf: number;
  readonly rationPiastresPerBeneficiary: number;
}

/** DF46 decoded by the one decoder the card uses too; `SchemaError` naming the field when malformed. */
export function decodeCardCounters(bytes: Uint8Array): CardCounters {
  return decodeEntitlementState(bytes);
}

/** DF47 decoded by the card's own decoder, renamed for the engine. */
export function decodeCardRuleParams(bytes: Uint8Array): CardRuleParams {
  const p = decodeEntitlementParams(bytes);
  return {
    loavesPerBeneficiaryPerDay: p.breadLoavesPerBeneficiaryPerDay, smallHouseholdMax: p.breadSmallHouseholdMax,
    aheadDaysSmall: p.breadAheadDaysSmall, aheadDaysLarge: p.breadAheadDaysLarge, monthEndAheadDays: p.breadMonthEndMaxDays,
    pointPiastresPerLoaf: p.breadPointPiastresPerLoaf, rationPiastresPerBeneficiary: p.rationPiastresPerBeneficiary,
  };
}

/** The beneficiaries count of the card's last entitlement load (DF25: `["kart-gov-load", 1, cardId, seq, month, beneficiaries, ...]`). */
export function beneficiariesOfLoad(bytes: Uint8Array): number {
  const raw = decodeStrict(bytes, 'entitlementLoad');
  check(Array.isArray(raw) && raw.length === 10 && raw[0] === 'kart-gov-load', 'entitlementLoad', 'not an entitlement load');
  const beneficiaries = uint((raw as unknown[])[5], 'entitlementLoad[5].beneficiaries', 100);
  check(beneficiaries >= 1, 'entitlementLoad[5].beneficiaries', 'at least one beneficiary');
  return beneficiaries;
}

/**
 * The card's counters as the engine's `Usage` on `today`. `loavesToday` is an upper bound of what the card took
 * today (every loaf credited to today or later: loaves taken today are credited to today or ahead), so the offline
 * share cap it feeds never lets a card take more than its share. `transactionsToday` is unknown to the card (0).
 */
export function usageOfCard(counters: CardCounters, today: number): Usage {
  const items: ItemLine[] = counters.items.filter((i) => i.consumed > 0).map((i) => [i.code, i.consumed] as const);
  const sameMonth = counters.month === monthOf(today);
  const fromToday = sameMonth ? counters.breadTaken.slice(dayOfMonth(today) - 1).reduce((s, n) => s + n, 0) : 0;
  return {
    month: counters.month,
    loaves: counters.breadTaken.reduce((s, n) => s + n, 0),
    breadTaken: counters.breadTaken,
    rationPiastres: counters.rationSpent,
    pointsPiastres: counters.pointsSpent,
    items,
    day: today,
    loavesToday: fromToday,
    transactionsToday: 0,
  };
}

/**
 * The terminal's parameters with the card's own rule figures and month catalogue in place, so the engine applies
 * what the card will apply (the card decides last; the engine's answer only has to agree with it). Item names come
 * from the terminal's catalogue where it knows the code.
 */
export function parametersForCard(base: Parameters, rules: CardRuleParams, counters: CardCounters): Parameters {
  const known = new Map(base.ration.catalogue.map((item) => [item.code, item]));
  const catalogue: CatalogueItem[] = counters.items.map((i) => ({
    code: i.code,
    nameAr: known.get(i.code)?.nameAr ?? `صنف ${i.code}`,
    nameEn: known.get(i.code)?.nameEn ?? `item ${i.code}`,
    unit: known.get(i.code)?.unit ?? { ar: 'وحدة', en: 'unit' },
    pricePiastres: i.pricePiastres,
    capPerPerson: i.perPerson,
    capPerCard: i.perCard,
  }));
  return {
    ...base,
    bread: {
      ...base.bread,
      loavesPerBeneficiaryPerDay: rules.loavesPerBeneficiaryPerDay,
      smallHouseholdMax: rules.smallHouseholdMax,
      aheadDaysSmall: rules.aheadDaysSmall,
      aheadDaysLarge: rules.aheadDaysLarge,
      monthEndAheadDays: rules.monthEndAheadDays,
      pointPiastresPerLoaf: rules.pointPiastresPerLoaf,
    },
    ration: { monthlyPiastresPerBeneficiary: rules.rationPiastresPerBeneficiary, catalogue: counters.items.length > 0 ? catalogue : base.ration.catalogue },
  };
}
