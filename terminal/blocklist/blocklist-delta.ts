/**
 * Version 1 of the blocklist delta the terminal downloads: the card ids to add and to remove between two list
 * versions, signed by the CA or ledger list-signing key (`KEY_USAGE.LIST_SIGN`). A delta from version 0 (the empty
 * list) is a full list. Ids are packed, 8 bytes each, ascending: a million ids cost 8 MB. See SCHEMAS.md.
 */
import type { CborValue } from '../codec/cbor.ts';
import { KEY_ID_LENGTH, keyIdOf, P256_SIGNATURE_LENGTH } from '../schemas/p256.ts';
import { signedSchemaCodec } from '../schemas/schema-codec.ts';
import { bytes, check, tuple, uint, version } from '../schemas/schema-fields.ts';
import { assertDisjoint, MAX_BLOCKLIST_IDS, readPackedIds } from './packed-ids.ts';

export const BLOCKLIST_DELTA_VERSION = 1;

export interface BlocklistDelta {
  readonly version: typeof BLOCKLIST_DELTA_VERSION;
  /** The list version this delta applies to; 0 means the empty list (a full list). */
  readonly fromVersion: number;
  /** The list version after applying it; greater than `fromVersion`. */
  readonly toVersion: number;
  /** Card ids to add: 8 bytes each, big-endian, strictly ascending. */
  readonly adds: Uint8Array;
  /** Card ids to remove (e.g. expired cards), same form; none in a full list. */
  readonly removes: Uint8Array;
  /** Key id of the signing key. */
  readonly signerKeyId: Uint8Array;
  /** ECDSA P-256 raw r||s over items 0..5. */
  readonly signature: Uint8Array;
}

const FIELDS = ['version', 'fromVersion', 'toVersion', 'adds', 'removes', 'signerKeyId', 'signature'] as const;

function toArray(d: BlocklistDelta): CborValue[] {
  return [d.version, d.fromVersion, d.toVersion, d.adds, d.removes, d.signerKeyId, d.signature];
}

function fromArray(raw: unknown, root: string): BlocklistDelta {
  const { items: f, at } = tuple(raw, root, FIELDS);
  const v = version(f[0], at(0), BLOCKLIST_DELTA_VERSION);
  const fromVersion = uint(f[1], at(1));
  const toVersion = uint(f[2], at(2));
  check(toVersion > fromVersion, at(2), `toVersion ${toVersion} is not after fromVersion ${fromVersion}`);
  const adds = readPackedIds(f[3], at(3));
  const removes = readPackedIds(f[4], at(4));
  check(fromVersion !== 0 || removes.length === 0, at(4), 'a full list (fromVersion 0) removes nothing');
  assertDisjoint(adds, removes, at(4));
  const signerKeyId = bytes(f[5], at(5), KEY_ID_LENGTH);
  const signature = bytes(f[6], at(6), P256_SIGNATURE_LENGTH);
  return { version: v, fromVersion, toVersion, adds, removes, signerKeyId, signature };
}

/** Codec for `blocklistDelta`: `encode`, `decode`, `tbs`, `sign` (ledger side), `verify`. */
export const blocklistDeltaCodec = signedSchemaCodec<BlocklistDelta>(
  'blocklistDelta',
  toArray,
  fromArray,
  2 * MAX_BLOCKLIST_IDS * 8 + 1024,
);

/** Deterministic CBOR of a delta; throws `SchemaError` naming the bad field. */
export const encodeBlocklistDelta = (value: BlocklistDelta): Uint8Array => blocklistDeltaCodec.encode(value);
/** A delta from its CBOR; throws `SchemaError` (code `SCHEMA_INVALID`) naming the bad field. */
export const decodeBlocklistDelta = (bytes: Uint8Array): BlocklistDelta => blocklistDeltaCodec.decode(bytes);

/**
 * True if `delta` names `publicKey` (compressed P-256 point of the CA or ledger list-signing key, from the
 * parameter download) as its signer and its signature verifies. Check before `Blocklist.applyDelta`.
 */
export function verifyBlocklistDelta(delta: BlocklistDelta, publicKey: Uint8Array): boolean {
  const keyId = keyIdOf(publicKey);
  return keyId.every((b, i) => b === delta.signerKeyId[i]) && blocklistDeltaCodec.verify(delta, publicKey);
}
