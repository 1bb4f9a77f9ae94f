/**
 * The versioned parameter set every decision of `terminal/auth` reads: entitlements, the ration catalogue, the
 * offline policy, cardholder verification and warnings. `DEFAULT_PARAMETERS` holds the defaults of DOMAIN.md; a
 * parameter download replaces the whole set (a new `version`), checked by `validateParameters`.
 * Integers only: piastres, loaves, grams, catalogue units, days, hours.
 */
import { TerminalError } from '../errors.ts';

/** A unit in which a catalogue item is sold (one unit per quantity step). */
export interface CatalogueUnit {
  readonly ar: string;
  readonly en: string;
}

/** One item of the month's ration catalogue. */
export interface CatalogueItem {
  /** The item code of the schemas' item lines (uint32). */
  readonly code: number;
  readonly nameAr: string;
  readonly nameEn: string;
  readonly unit: CatalogueUnit;
  /** Subsidized price of one unit, piastres. */
  readonly pricePiastres: number;
  /** Units per beneficiary per month. */
  readonly capPerPerson: number;
  /** Units per household ration card per month, whatever its size. */
  readonly capPerCard: number;
}

export interface BreadParameters {
  readonly loavesPerBeneficiaryPerDay: number;
  readonly loafPricePiastres: number;
  /** Flour per loaf, grams (the bakery register's yield). */
  readonly loafGrams: number;
  /** Households of at most this many beneficiaries may collect `aheadDaysSmall` days' share at once. */
  readonly smallHouseholdMax: number;
  readonly aheadDaysSmall: number;
  /** Larger households: at most this many days' share at once. */
  readonly aheadDaysLarge: number;
  /** At most this many days' share at once when the window would reach the month's last day. */
  readonly monthEndAheadDays: number;
  /** Bread points credited next month per loaf not collected, piastres. */
  readonly pointPiastresPerLoaf: number;
}

export interface RationParameters {
  /** The monthly ration entitlement per beneficiary, piastres. */
  readonly monthlyPiastresPerBeneficiary: number;
  readonly catalogue: readonly CatalogueItem[];
}

/** A fraction of two integers (`num / den`), kept exact. */
export interface Fraction {
  readonly num: number;
  readonly den: number;
}

export interface OfflineParameters {
  /** Offline approvals stop this many hours after the last successful sync. */
  readonly maxHoursWithoutSync: number;
  /** ... and after this many offline approvals since the last sync. */
  readonly maxTransactions: number;
  /** ... and once their value (entitlement piastres, bread at its price) would pass this. */
  readonly maxValuePiastres: number;
  /** Offline approvals per card per day. */
  readonly maxTransactionsPerCardPerDay: number;
  /**
   * The share of the household's entitlement one card may take offline: `cardShare × entitlement / entitled
   * cards`, rounded down (per day for bread, per month for ration money, items and points). 1/1 makes the
   * household's offline over-draw zero; see OFFLINE.md and `overdrawBound`.
   */
  readonly cardShare: Fraction;
}

export interface VerificationParameters {
  /** Fingerprint attempts before the PIN is offered. */
  readonly fingerprintTries: number;
  /** PIN attempts before the supervised exception is offered. */
  readonly pinTries: number;
  /** Supervised exceptions one terminal may grant per day. */
  readonly supervisedDailyCap: number;
}

export interface Parameters {
  /** The parameter set's version (journaled with every record). */
  readonly version: number;
  readonly bread: BreadParameters;
  readonly ration: RationParameters;
  readonly offline: OfflineParameters;
  readonly verification: VerificationParameters;
  /** Warn EXPIRES_SOON when the card's last valid day is fewer than this many days after today. */
  readonly expiryWarningDays: number;
}

const item = (
  code: number, nameAr: string, nameEn: string, unit: CatalogueUnit,
  pricePiastres: number, capPerPerson: number, capPerCard: number,
): CatalogueItem => ({ code, nameAr, nameEn, unit, pricePiastres, capPerPerson, capPerCard });
const KG = { ar: 'كجم', en: 'kg' };

/** The defaults of DOMAIN.md; catalogue prices and caps other than sugar's are illustrative. */
export const DEFAULT_PARAMETERS: Parameters = {
  version: 1,
  bread: {
    loavesPerBeneficiaryPerDay: 5,
    loafPricePiastres: 20,
    loafGrams: 90,
    smallHouseholdMax: 3,
    aheadDaysSmall: 3,
    aheadDaysLarge: 2,
    monthEndAheadDays: 2,
    pointPiastresPerLoaf: 10,
  },
  ration: {
    monthlyPiastresPerBeneficiary: 5000,
    catalogue: [
      item(101, 'سكر', 'Sugar', KG, 1250, 1, 6),
      item(102, 'زيت', 'Cooking oil', { ar: 'زجاجة ٨٠٠ مل', en: '800 ml bottle' }, 3000, 1, 4),
      item(103, 'أرز', 'Rice', KG, 1200, 2, 10),
      item(104, 'مكرونة', 'Pasta', { ar: 'كيس ٤٠٠ جم', en: '400 g bag' }, 700, 2, 8),
      item(105, 'شاي', 'Tea', { ar: 'علبة ٤٠ جم', en: '40 g pack' }, 600, 1, 3),
    ],
  },
  offline: {
    maxHoursWithoutSync: 72,
    maxTransactions: 5000,
    maxValuePiastres: 1_000_000,
    maxTransactionsPerCardPerDay: 4,
    cardShare: { num: 1, den: 1 },
  },
  verification: { fingerprintTries: 3, pinTries: 3, supervisedDailyCap: 20 },
  expiryWarningDays: 30,
};

function bad(path: string, problem: string): never {
  throw new TerminalError('TERM_PARAMETERS_INVALID', `parameters.${path}: ${problem}`);
}

function count(value: unknown, path: string, min = 0): void {
  if (!Number.isSafeInteger(value) || (value as number) < min) bad(path, `expected an integer ≥ ${min}`);
}

/**
 * Checks a downloaded parameter set: every figure an integer in range, the catalogue's codes unique uint32s.
 * Throws `TerminalError` `TERM_PARAMETERS_INVALID` naming the field; returns the set unchanged.
 */
export function validateParameters(p: Parameters): Parameters {
  count(p.version, 'version', 1);
  for (const [k, v] of Object.entries(p.bread)) count(v, `bread.${k}`, 1);
  count(p.ration.monthlyPiastresPerBeneficiary, 'ration.monthlyPiastresPerBeneficiary', 1);
  const codes = new Set<number>();
  p.ration.catalogue.forEach((it, i) => {
    count(it.code, `ration.catalogue[${i}].code`);
    if (it.code > 0xffff_ffff || codes.has(it.code)) bad(`ration.catalogue[${i}].code`, 'duplicate or not a uint32');
    codes.add(it.code);
    count(it.pricePiastres, `ration.catalogue[${i}].pricePiastres`, 1);
    count(it.capPerPerson, `ration.catalogue[${i}].capPerPerson`);
    count(it.capPerCard, `ration.catalogue[${i}].capPerCard`);
  });
  const o = p.offline;
  count(o.maxHoursWithoutSync, 'offline.maxHoursWithoutSync');
  count(o.maxTransactions, 'offline.maxTransactions');
  count(o.maxValuePiastres, 'offline.maxValuePiastres');
  count(o.maxTransactionsPerCardPerDay, 'offline.maxTransactionsPerCardPerDay');
  count(o.cardShare.num, 'offline.cardShare.num');
  count(o.cardShare.den, 'offline.cardShare.den', 1);
  count(p.verification.fingerprintTries, 'verification.fingerprintTries');
  count(p.verification.pinTries, 'verification.pinTries');
  count(p.verification.supervisedDailyCap, 'verification.supervisedDailyCap');
  count(p.expiryWarningDays, 'expiryWarningDays');
  return p;
}
