/**
 * The card's entitlement counters (READ DATA BF45: DF46 state, DF47 rule parameters) and its last entitlement
 * load (BF42/DF25), decoded by the terminal's own readers of the formats in card/gov/COMMANDS.md, and turned into
 * what the rules engine reads: the card's `Usage` and the `Parameters` the card itself applies, so terminal and
 * card decide alike (the card's catalogue and rule figures replace the terminal's where the card has them).
 */
import { dayOfMonth, daysIn, monthOf } from '../auth/calendar.ts';
import type { Usage } from '../auth/auth-types.ts';
import type { CatalogueItem, Parameters } from '../auth/parameters.ts';
import { bool, check, decodeStrict, list, tuple, uint, version } from '../schemas/schema-fields.ts';
import type { ItemLine } from '../schemas/service.ts';

const U32 = 0xffff_ffff;

/** One ration item of the card's month: price, caps (from the issuer's load) and units taken. */
export interface CardRationItem {
  readonly code: number;
  readonly pricePiastres: number;
  readonly perPerson: number;
  readonly perCard: number;
  readonly consumed: number;
}

/** DF46: the counters of the card's month. */
export interface CardCounters {
  readonly month: number;
  readonly breadTaken: readonly number[];
  readonly rationLoaded: boolean;
  readonly rationPiastres: number;
  readonly rationSpent: number;
  readonly pointsPiastres: number;
  readonly pointsSpent: number;
  readonly items: readonly CardRationItem[];
}

/** DF47: the rule figures the card applies. */
export interface CardRuleParams {
  readonly loavesPerBeneficiaryPerDay: number;
  readonly smallHouseholdMax: number;
  readonly aheadDaysSmall: number;
  readonly aheadDaysLarge: number;
  readonly monthEndAheadDays: number;
  readonly pointPiastresPerLoaf: number;
  readonly rationPiastresPerBeneficiary: number;
}

/** DF46 `[1, month, [taken...], loaded, ration, spent, points, pointsSpent, [[code, price, perPerson, perCard, consumed]...]]`. */
export function decodeCardCounters(bytes: Uint8Array): CardCounters {
  const { items: f, at } = tuple(decodeStrict(bytes, 'cardCounters'), 'cardCounters', [
    'version', 'month', 'breadTaken', 'rationLoaded', 'rationPiastres', 'rationSpent', 'pointsPiastres', 'pointsSpent', 'items',
  ]);
  version(f[0], at(0), 1);
  const month = uint(f[1], at(1), 9999 * 12);
  const breadTaken = list(f[2], at(2), 31, (v, p) => uint(v, p, U32));
  check(breadTaken.length === daysIn(month), at(2), `expected ${daysIn(month)} days`);
  const items = list(f[8], at(8), 64, (v, p): CardRationItem => {
    const { items: g, at: gat } = tuple(v, p, ['code', 'pricePiastres', 'perPerson', 'perCard', 'consumed']);
    return {
      code: uint(g[0], gat(0), U32), pricePiastres: uint(g[1], gat(1), U32), perPerson: uint(g[2], gat(2), U32),
      perCard: uint(g[3], gat(3), U32), consumed: uint(g[4], gat(4), U32),
    };
  });
  return {
    month, breadTaken, rationLoaded: bool(f[3], at(3)), rationPiastres: uint(f[4], at(4), U32), rationSpent: uint(f[5], at(5), U32),
    pointsPiastres: uint(f[6], at(6), U32), pointsSpent: uint(f[7], at(7), U32), items,
  };
}

/** DF47 `[1, loavesPerDay, smallMax, aheadSmall, aheadLarge, monthEndMax, pointPiastres, rationPiastres]`. */
export function decodeCardRuleParams(bytes: Uint8Array): CardRuleParams {
  const names = ['version', 'loaves', 'smallMax', 'aheadSmall', 'aheadLarge', 'monthEnd', 'points', 'ration'];
  const { items: f, at } = tuple(decodeStrict(bytes, 'cardRuleParams'), 'cardRuleParams', names);
  version(f[0], at(0), 1);
  const n = (i: number, min: number): number => {
    const v = uint(f[i], at(i), 10_000_000);
    check(v >= min, at(i), `must be at least ${min}`);
    return v;
  };
  return {
    loavesPerBeneficiaryPerDay: n(1, 1), smallHouseholdMax: n(2, 0), aheadDaysSmall: n(3, 1), aheadDaysLarge: n(4, 1),
    monthEndAheadDays: n(5, 1), pointPiastresPerLoaf: n(6, 0), rationPiastresPerBeneficiary: n(7, 0),
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
