/**
 * The issuer's entitlement load for one card and one month: the household's beneficiaries, the month's ration
 * entitlement and catalogue and, optionally, bread points. It is the only way balances reach the card, and it is
 * signed by the issuer key (the key of the issuer certificate on the card, ECDSA P-256 over the deterministic CBOR
 * of all items but the signature). `sequence` must grow with every load a card accepts, so none can be replayed.
 *
 * CBOR: `["kart-gov-load", 1, cardId, sequence, month, beneficiaries, rationPiastres, pointsPiastres / null,
 * [[code, pricePiastres, perPerson, perCard], ...], signature]`; `month` is a month index (`year * 12 + month - 1`).
 * The text in front keeps these signatures apart from every other schema signed with P-256 here.
 */
import type { CborValue } from '../../terminal/codec/cbor.ts';
import { CARD_ID_LENGTH } from '../../terminal/schemas/card-id.ts';
import type { CardId } from '../../terminal/schemas/card-id.ts';
import { P256_SIGNATURE_LENGTH } from '../../terminal/schemas/p256.ts';
import { signedSchemaCodec } from '../../terminal/schemas/schema-codec.ts';
import { bytes, check, list, text, tuple, uint, version } from '../../terminal/schemas/schema-fields.ts';
import type { RationItemRule } from './entitlement-rules.ts';

export const ENTITLEMENT_LOAD_MAGIC = 'kart-gov-load';
export const ENTITLEMENT_LOAD_VERSION = 1;

export interface EntitlementLoad {
  readonly magic: typeof ENTITLEMENT_LOAD_MAGIC;
  readonly version: typeof ENTITLEMENT_LOAD_VERSION;
  readonly cardId: CardId;
  /** Strictly greater than the last sequence the card accepted. */
  readonly sequence: number;
  /** Month index the ration entitlement is for. */
  readonly month: number;
  /** The household's beneficiaries (1 to 100): the multiplier of every per-person rule. */
  readonly beneficiaries: number;
  readonly rationPiastres: number;
  /** Bread points for the month set by the ledger (household-wide), or null to let the card count them. */
  readonly pointsPiastres: number | null;
  /** The month's catalogue, codes strictly increasing. */
  readonly items: readonly RationItemRule[];
  readonly signature: Uint8Array;
}

const FIELDS = [
  'magic', 'version', 'cardId', 'sequence', 'month', 'beneficiaries', 'rationPiastres', 'pointsPiastres', 'items', 'signature',
] as const;
const ITEM_FIELDS = ['code', 'pricePiastres', 'perPerson', 'perCard'] as const;
const U32 = 0xffff_ffff;

function toArray(l: EntitlementLoad): CborValue[] {
  const items = l.items.map((i) => [i.code, i.pricePiastres, i.perPerson, i.perCard]);
  return [l.magic, l.version, l.cardId, l.sequence, l.month, l.beneficiaries, l.rationPiastres, l.pointsPiastres, items, l.signature];
}

function fromArray(raw: unknown, root: string): EntitlementLoad {
  const { items: f, at } = tuple(raw, root, FIELDS);
  text(f[0], at(0), /^kart-gov-load$/);
  const v = version(f[1], at(1), ENTITLEMENT_LOAD_VERSION);
  const beneficiaries = uint(f[5], at(5), 100);
  check(beneficiaries >= 1, at(5), 'at least one beneficiary');
  const items = list(f[8], at(8), 64, (value, path): RationItemRule => {
    const { items: g, at: gat } = tuple(value, path, ITEM_FIELDS);
    return { code: uint(g[0], gat(0), U32), pricePiastres: uint(g[1], gat(1), U32), perPerson: uint(g[2], gat(2), U32), perCard: uint(g[3], gat(3), U32) };
  });
  for (let i = 1; i < items.length; i++) check(items[i]!.code > items[i - 1]!.code, `${at(8)}[${i}]`, 'item codes must increase');
  return {
    magic: ENTITLEMENT_LOAD_MAGIC,
    version: v,
    cardId: bytes(f[2], at(2), CARD_ID_LENGTH),
    sequence: uint(f[3], at(3), U32),
    month: uint(f[4], at(4), 9999 * 12),
    beneficiaries,
    rationPiastres: uint(f[6], at(6), U32),
    pointsPiastres: f[7] === null ? null : uint(f[7], at(7), U32),
    items,
    signature: bytes(f[9], at(9), P256_SIGNATURE_LENGTH),
  };
}

/** Codec for the entitlement load: `encode`, `decode`, `tbs`, `sign` (issuer side), `verify` (card side). */
export const entitlementLoadCodec = signedSchemaCodec<EntitlementLoad>('entitlementLoad', toArray, fromArray);
