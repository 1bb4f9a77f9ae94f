/**
 * The parameters of the entitlement rules (READ DATA DF47), as the KARTGOV card holds them (personalised at issue)
 * and as the terminal's rules engine must take them: the same parameters give the same decisions on both sides. Defaults follow
 * DOMAIN.md ("Entitlements (defaults)"); a parameter download may change them.
 */
import { encodeCbor } from '../codec/cbor.ts';
import { check, decodeStrict, tuple, uint, version } from './schema-fields.ts';

export interface EntitlementParams {
  /** Loaves per beneficiary per day (5). */
  readonly breadLoavesPerBeneficiaryPerDay: number;
  /** Largest household (in beneficiaries) that counts as small for collection ahead (3). */
  readonly breadSmallHouseholdMax: number;
  /** Days' share a small household may collect at once, today included (3). */
  readonly breadAheadDaysSmall: number;
  /** Days' share a larger household may collect at once, today included (2). */
  readonly breadAheadDaysLarge: number;
  /** Days' share anyone may collect at once when the window reaches the month's last day (2). */
  readonly breadMonthEndMaxDays: number;
  /** Bread points credited next month per loaf not collected this month, in piastres (10). */
  readonly breadPointPiastresPerLoaf: number;
  /** Ration goods entitlement per beneficiary per month, in piastres (EGP 50 = 5000). */
  readonly rationPiastresPerBeneficiary: number;
}

/** The defaults of DOMAIN.md. */
export const DEFAULT_ENTITLEMENT_PARAMS: EntitlementParams = Object.freeze({
  breadLoavesPerBeneficiaryPerDay: 5,
  breadSmallHouseholdMax: 3,
  breadAheadDaysSmall: 3,
  breadAheadDaysLarge: 2,
  breadMonthEndMaxDays: 2,
  breadPointPiastresPerLoaf: 10,
  rationPiastresPerBeneficiary: 5000,
});

const PARAMS_VERSION = 1;
const FIELDS = [
  'version', 'breadLoavesPerBeneficiaryPerDay', 'breadSmallHouseholdMax', 'breadAheadDaysSmall', 'breadAheadDaysLarge',
  'breadMonthEndMaxDays', 'breadPointPiastresPerLoaf', 'rationPiastresPerBeneficiary',
] as const;

/** Deterministic CBOR `[1, loavesPerDay, smallMax, aheadSmall, aheadLarge, monthEndMax, pointPiastres, rationPiastres]`. */
export function encodeEntitlementParams(p: EntitlementParams): Uint8Array {
  const values = [
    p.breadLoavesPerBeneficiaryPerDay, p.breadSmallHouseholdMax, p.breadAheadDaysSmall, p.breadAheadDaysLarge,
    p.breadMonthEndMaxDays, p.breadPointPiastresPerLoaf, p.rationPiastresPerBeneficiary,
  ];
  const raw = [PARAMS_VERSION, ...values];
  readParams(raw);
  return encodeCbor(raw);
}

/** Parameters from their CBOR; throws `SchemaError` (`SCHEMA_INVALID`) naming the bad field. */
export function decodeEntitlementParams(bytes: Uint8Array): EntitlementParams {
  return readParams(decodeStrict(bytes, 'entitlementParams'));
}

function readParams(raw: unknown): EntitlementParams {
  const { items, at } = tuple(raw, 'entitlementParams', FIELDS);
  version(items[0], at(0), PARAMS_VERSION);
  const n = (i: number, min: number, max: number): number => {
    const v = uint(items[i], at(i), max);
    check(v >= min, at(i), `must be at least ${min}`);
    return v;
  };
  return {
    breadLoavesPerBeneficiaryPerDay: n(1, 1, 1000),
    breadSmallHouseholdMax: n(2, 0, 1000),
    breadAheadDaysSmall: n(3, 1, 31),
    breadAheadDaysLarge: n(4, 1, 31),
    breadMonthEndMaxDays: n(5, 1, 31),
    breadPointPiastresPerLoaf: n(6, 0, 100_000),
    rationPiastresPerBeneficiary: n(7, 0, 10_000_000),
  };
}
