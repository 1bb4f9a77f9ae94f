/**
 * The entitlement counters of one month, as the KARTGOV card keeps them and as READ DATA returns them (tag DF46):
 * the input of the card's pure rules (card/gov/entitlement-rules.ts) and of the terminal's engine, one format
 * decoded by one function on both sides (the card imports terminal/schemas; the terminal never imports card/).
 */
import { encodeCbor } from '../codec/cbor.ts';
import { daysIn as daysInMonth } from '../auth/calendar.ts';
import { bool, check, decodeStrict, list, tuple, uint, version } from './schema-fields.ts';

/** One ration catalogue item of the month: its price and caps (from the issuer's load) and what was taken. */
export interface RationItemState {
  readonly code: number;
  /** Price of one catalogue unit in piastres. */
  readonly pricePiastres: number;
  /** Units per beneficiary per month. */
  readonly perPerson: number;
  /** Units per card per month, whatever the household size. */
  readonly perCard: number;
  /** Units taken this month. */
  readonly consumed: number;
}

export interface EntitlementState {
  /** Month index (`year * 12 + month - 1`) the counters are for. */
  readonly month: number;
  /** Loaves collected against each day of the month (index = day of month - 1), collection ahead included. */
  readonly breadTaken: readonly number[];
  /** Whether the issuer loaded this month's ration entitlement. */
  readonly rationLoaded: boolean;
  /** The month's ration entitlement in piastres (from the load). */
  readonly rationPiastres: number;
  readonly rationSpent: number;
  /** Bread points credited for this month (from last month's uncollected loaves, or the load), in piastres. */
  readonly pointsPiastres: number;
  readonly pointsSpent: number;
  /** The month's catalogue, item codes strictly increasing. */
  readonly items: readonly RationItemState[];
}

/** Counters of a month where nothing happened yet. */
export function emptyEntitlementState(month: number): EntitlementState {
  return {
    month, breadTaken: new Array<number>(daysInMonth(month)).fill(0), rationLoaded: false,
    rationPiastres: 0, rationSpent: 0, pointsPiastres: 0, pointsSpent: 0, items: [],
  };
}

const STATE_VERSION = 1;
const FIELDS = [
  'version', 'month', 'breadTaken', 'rationLoaded', 'rationPiastres', 'rationSpent', 'pointsPiastres', 'pointsSpent', 'items',
] as const;
const ITEM_FIELDS = ['code', 'pricePiastres', 'perPerson', 'perCard', 'consumed'] as const;
const U32 = 0xffff_ffff;

/** Deterministic CBOR `[1, month, [taken...], loaded, ration, spent, points, pointsSpent, [[code, price, perPerson, perCard, consumed]...]]`. */
export function encodeEntitlementState(s: EntitlementState): Uint8Array {
  const raw = [
    STATE_VERSION, s.month, [...s.breadTaken], s.rationLoaded, s.rationPiastres, s.rationSpent, s.pointsPiastres, s.pointsSpent,
    s.items.map((i) => [i.code, i.pricePiastres, i.perPerson, i.perCard, i.consumed]),
  ];
  readState(raw);
  return encodeCbor(raw);
}

/** Counters from their CBOR; throws `SchemaError` (`SCHEMA_INVALID`) naming the bad field. */
export function decodeEntitlementState(bytes: Uint8Array): EntitlementState {
  return readState(decodeStrict(bytes, 'entitlementState'));
}

function readState(raw: unknown): EntitlementState {
  const { items: f, at } = tuple(raw, 'entitlementState', FIELDS);
  version(f[0], at(0), STATE_VERSION);
  const month = uint(f[1], at(1), 9999 * 12);
  const breadTaken = list(f[2], at(2), 31, (v, p) => uint(v, p, U32));
  check(breadTaken.length === daysInMonth(month), at(2), `expected ${daysInMonth(month)} days`);
  const items = list(f[8], at(8), 64, (v, p): RationItemState => {
    const { items: g, at: gat } = tuple(v, p, ITEM_FIELDS);
    return {
      code: uint(g[0], gat(0), U32), pricePiastres: uint(g[1], gat(1), U32), perPerson: uint(g[2], gat(2), U32),
      perCard: uint(g[3], gat(3), U32), consumed: uint(g[4], gat(4), U32),
    };
  });
  for (let i = 1; i < items.length; i++) check(items[i]!.code > items[i - 1]!.code, `${at(8)}[${i}]`, 'item codes must increase');
  return {
    month, breadTaken, rationLoaded: bool(f[3], at(3)), rationPiastres: uint(f[4], at(4), U32), rationSpent: uint(f[5], at(5), U32),
    pointsPiastres: uint(f[6], at(6), U32), pointsSpent: uint(f[7], at(7), U32), items,
  };
}
