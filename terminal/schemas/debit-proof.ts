/**
 * The debit proof: what the card returns for an entitlement debit, signed with its card key (the key in its card
 * certificate). The card has no clock: it signs in the date the terminal offered, and accepts only dates that never
 * go backwards. The terminal's random challenge makes each proof fresh. See SCHEMAS.md.
 *
 * Three versions decode. Version 3 (what cards write now) adds how the card verified its holder for this debit
 * (`cvm`: 1 fingerprint, 2 PIN, 3 supervised exception) and the supervisor's card for an exception, so a supervised
 * debit is card-signed as one. Version 2 adds `pointsPiastres` before the signature: for ration goods
 * `amount` is the part paid from the monthly entitlement and `pointsPiastres` the part paid with bread points (the
 * basket's value is their sum), as the terminal's `Debit` carries them; `balanceAfter` is the entitlement left.
 * Version 1 (older cards and logs) has no split: its ration `amount` is the whole basket value and `balanceAfter`
 * the entitlement and points left together.
 */
import type { CborValue } from '../codec/cbor.ts';
import { CARD_ID_LENGTH } from './card-id.ts';
import type { CardId } from './card-id.ts';
import { readItemLines } from './item-lines.ts';
import { P256_SIGNATURE_LENGTH } from './p256.ts';
import { signedSchemaCodec } from './schema-codec.ts';
import { SchemaError } from './schema-error.ts';
import { bytes, bytesOrNull, check, oneOf, tuple, uint } from './schema-fields.ts';
import { SERVICE, SERVICES } from './service.ts';
import type { ItemLine, Service } from './service.ts';

/** The version cards write now. */
export const DEBIT_PROOF_VERSION = 3;
/** Versions a decoder accepts. */
export const DEBIT_PROOF_VERSIONS = [1, 2, 3] as const;
/** How the card verified its holder (version 3): the journal record's CVM numbers, never 0 on a debit. */
export const PROOF_CVM = { FINGERPRINT: 1, PIN: 2, SUPERVISED_EXCEPTION: 3 } as const;
export type ProofCvm = (typeof PROOF_CVM)[keyof typeof PROOF_CVM];
/** Length of the terminal's random challenge. */
export const CHALLENGE_LENGTH = 16;

interface DebitProofCommon {
  readonly cardId: CardId;
  /** The card's transaction counter after this debit (uint32; strictly increasing per card). */
  readonly atc: number;
  readonly service: Service;
  /** The debit in the service's unit (loaves, piastres, visits); ration: see the version. */
  readonly amount: number;
  /** Ration only: [item code, quantity] lines, codes strictly increasing; empty for other services. */
  readonly items: readonly ItemLine[];
  /** What the card holds for this service after the debit, same unit as `amount`. */
  readonly balanceAfter: number;
  /** The date the card accepted, days since 1970-01-01 UTC (never before the card's last accepted date). */
  readonly date: number;
  /** The terminal that asked (uint32). */
  readonly terminalId: number;
  /** The terminal's random challenge, 16 bytes. */
  readonly challenge: Uint8Array;
  /** The card's ECDSA P-256 raw r||s over all the items before it. */
  readonly signature: Uint8Array;
}

/** Version 1: ration `amount` is the basket's whole value (entitlement first, then points, split unsigned). */
export interface DebitProofV1 extends DebitProofCommon {
  readonly version: 1;
}

/** Version 2: ration `amount` is the entitlement part, `pointsPiastres` the bread points part. */
export interface DebitProofV2 extends DebitProofCommon {
  readonly version: 2;
  /** Bread points spent, piastres: ration only, 0 for every other service. */
  readonly pointsPiastres: number;
}

/** Version 3: version 2 plus the card's own record of the cardholder verification. */
export interface DebitProofV3 extends Omit<DebitProofV2, 'version'> {
  readonly version: 3;
  readonly cvm: ProofCvm;
  /** The supervisor's card exactly when `cvm` is a supervised exception, else null. */
  readonly supervisorCardId: CardId | null;
}

export type DebitProof = DebitProofV1 | DebitProofV2 | DebitProofV3;

const FIELDS_V1 = [
  'version', 'cardId', 'atc', 'service', 'amount', 'items', 'balanceAfter', 'date', 'terminalId', 'challenge', 'signature',
] as const;
const FIELDS_V2 = [...FIELDS_V1.slice(0, -1), 'pointsPiastres', 'signature'] as const;
const FIELDS_V3 = [...FIELDS_V2.slice(0, -1), 'cvm', 'supervisorCardId', 'signature'] as const;

function toArray(p: DebitProof): CborValue[] {
  const items = p.items.map((line) => [line[0], line[1]]);
  const common = [p.version, p.cardId, p.atc, p.service, p.amount, items, p.balanceAfter, p.date, p.terminalId, p.challenge];
  if (p.version === 1) return [...common, p.signature];
  if (p.version === 2) return [...common, p.pointsPiastres, p.signature];
  return [...common, p.pointsPiastres, p.cvm, p.supervisorCardId, p.signature];
}

function fromArray(raw: unknown, root: string): DebitProof {
  // The version decides the field list, so it is read (at its own path) before the length is checked.
  const v = Array.isArray(raw) && raw.length > 0 ? uint(raw[0], `${root}[0].version`) : DEBIT_PROOF_VERSION;
  if (v !== 1 && v !== 2 && v !== 3) throw new SchemaError(`${root}[0].version`, `unsupported version ${v}, expected 1, 2 or 3`);
  const { items: f, at } = tuple(raw, root, v === 1 ? FIELDS_V1 : v === 2 ? FIELDS_V2 : FIELDS_V3);
  const service = oneOf(f[3], at(3), SERVICES);
  const common = {
    cardId: bytes(f[1], at(1), CARD_ID_LENGTH),
    atc: uint(f[2], at(2), 0xffff_ffff),
    service,
    amount: uint(f[4], at(4), 0xffff_ffff),
    items: readItemLines(f[5], at(5), service),
    balanceAfter: uint(f[6], at(6), 0xffff_ffff),
    date: uint(f[7], at(7), 0xffff_ffff),
    terminalId: uint(f[8], at(8), 0xffff_ffff),
    challenge: bytes(f[9], at(9), CHALLENGE_LENGTH),
  };
  if (v === 1) return { version: 1, ...common, signature: bytes(f[10], at(10), P256_SIGNATURE_LENGTH) };
  const pointsPiastres = uint(f[10], at(10), 0xffff_ffff);
  check(pointsPiastres === 0 || service === SERVICE.RATION, at(10), 'bread points pay for ration goods only');
  if (v === 2) return { version: 2, ...common, pointsPiastres, signature: bytes(f[11], at(11), P256_SIGNATURE_LENGTH) };
  const cvm = oneOf(f[11], at(11), Object.values(PROOF_CVM));
  const supervisorCardId = bytesOrNull(f[12], at(12), CARD_ID_LENGTH);
  check((cvm === PROOF_CVM.SUPERVISED_EXCEPTION) === (supervisorCardId !== null), at(12), 'present exactly for a supervised exception');
  return { version: 3, ...common, pointsPiastres, cvm, supervisorCardId, signature: bytes(f[13], at(13), P256_SIGNATURE_LENGTH) };
}

/** Codec for `debitProof` (versions 1, 2 and 3): `encode`, `decode`, `tbs`, `sign` (card side), `verify`. */
export const debitProofCodec = signedSchemaCodec<DebitProof>('debitProof', toArray, fromArray);

/** Deterministic CBOR of a debit proof; throws `SchemaError` naming the bad field. */
export const encodeDebitProof = (value: DebitProof): Uint8Array => debitProofCodec.encode(value);
/** A debit proof from its CBOR; throws `SchemaError` (code `SCHEMA_INVALID`) naming the bad field. */
export const decodeDebitProof = (bytes: Uint8Array): DebitProof => debitProofCodec.decode(bytes);

/**
 * A ration debit's money as signed, piastres: the basket's value, and its entitlement and bread points parts. A
 * version 1 proof signed the value only (its `amount`): both parts are then `null`. Other services: value = amount.
 */
export function rationSplitOf(p: DebitProof): {
  readonly valuePiastres: number;
  readonly entitlementPiastres: number | null;
  readonly pointsPiastres: number | null;
} {
  if (p.version === 1) return { valuePiastres: p.amount, entitlementPiastres: null, pointsPiastres: null };
  return { valuePiastres: p.amount + p.pointsPiastres, entitlementPiastres: p.amount, pointsPiastres: p.pointsPiastres };
}
