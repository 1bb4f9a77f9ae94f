/**
 * Version 1 of the "switched households" delta the terminal downloads with its blocklist and parameters: household
 * ids to add (the household made its first ration or bread transaction on a unified card, so its old ration card is
 * stopped) and to remove (a correction), between two versions of the list. The same shape and rules as the
 * blocklist delta (SCHEMAS.md) with a leading magic text, so neither can be decoded, nor its signature
 * accepted, as the other: a signed list of households must never be applied as a list of cards. Signed by the
 * CA or ledger list-signing key (`KEY_USAGE.LIST_SIGN`).
 */
import type { CborValue } from '../codec/cbor.ts';
import { assertDisjoint, MAX_BLOCKLIST_IDS, readPackedIds } from '../blocklist/packed-ids.ts';
import { KEY_ID_LENGTH, keyIdOf, P256_SIGNATURE_LENGTH } from '../schemas/p256.ts';
import { signedSchemaCodec } from '../schemas/schema-codec.ts';
import { SchemaError } from '../schemas/schema-error.ts';
import { bytes, check, tuple, uint, version } from '../schemas/schema-fields.ts';

export const SWITCHED_HOUSEHOLDS_MAGIC = 'kart-switched-households';
export const SWITCHED_HOUSEHOLDS_DELTA_VERSION = 1;

export interface SwitchedHouseholdsDelta {
  readonly magic: typeof SWITCHED_HOUSEHOLDS_MAGIC;
  readonly version: typeof SWITCHED_HOUSEHOLDS_DELTA_VERSION;
  /** The list version this delta applies to; 0 = the empty list (a full list). */
  readonly fromVersion: number;
  readonly toVersion: number;
  /** Household ids to add: 8 bytes each, big-endian, strictly ascending. */
  readonly adds: Uint8Array;
  /** Household ids to remove, same form; none in a full list. */
  readonly removes: Uint8Array;
  readonly signerKeyId: Uint8Array;
  /** ECDSA P-256 raw r||s over items 0..6. */
  readonly signature: Uint8Array;
}

const FIELDS = ['magic', 'version', 'fromVersion', 'toVersion', 'adds', 'removes', 'signerKeyId', 'signature'] as const;

function toArray(d: SwitchedHouseholdsDelta): CborValue[] {
  return [d.magic, d.version, d.fromVersion, d.toVersion, d.adds, d.removes, d.signerKeyId, d.signature];
}

function fromArray(raw: unknown, root: string): SwitchedHouseholdsDelta {
  const { items: f, at } = tuple(raw, root, FIELDS);
  if (f[0] !== SWITCHED_HOUSEHOLDS_MAGIC) throw new SchemaError(at(0), `expected "${SWITCHED_HOUSEHOLDS_MAGIC}"`);
  const v = version(f[1], at(1), SWITCHED_HOUSEHOLDS_DELTA_VERSION);
  const fromVersion = uint(f[2], at(2));
  const toVersion = uint(f[3], at(3));
  check(toVersion > fromVersion, at(3), `toVersion ${toVersion} is not after fromVersion ${fromVersion}`);
  const adds = readPackedIds(f[4], at(4));
  const removes = readPackedIds(f[5], at(5));
  check(fromVersion !== 0 || removes.length === 0, at(5), 'a full list (fromVersion 0) removes nothing');
  assertDisjoint(adds, removes, at(5));
  return {
    magic: SWITCHED_HOUSEHOLDS_MAGIC, version: v, fromVersion, toVersion, adds, removes,
    signerKeyId: bytes(f[6], at(6), KEY_ID_LENGTH), signature: bytes(f[7], at(7), P256_SIGNATURE_LENGTH),
  };
}

/** Codec for `switchedHouseholdsDelta`: `encode`, `decode`, `tbs`, `sign` (ledger side), `verify`. */
export const switchedHouseholdsDeltaCodec = signedSchemaCodec<SwitchedHouseholdsDelta>(
  'switchedHouseholdsDelta',
  toArray,
  fromArray,
  2 * MAX_BLOCKLIST_IDS * 8 + 1024,
);

/** True if `delta` names `publicKey` (the list-signing key from the parameters) as signer and its signature verifies. */
export function verifySwitchedHouseholdsDelta(delta: SwitchedHouseholdsDelta, publicKey: Uint8Array): boolean {
  const keyId = keyIdOf(publicKey);
  return keyId.every((b, i) => b === delta.signerKeyId[i]) && switchedHouseholdsDeltaCodec.verify(delta, publicKey);
}
