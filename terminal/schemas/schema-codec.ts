/**
 * Builds `encode`/`decode` (and for signed schemas `tbs`/`sign`/`verify`) from a schema's two halves: `toArray`
 * (typed value → positional array) and `fromArray` (decoded value → typed value, or `SchemaError` naming the
 * field). Encoding validates first, so no invalid item is ever written; decoding also demands the canonical bytes.
 */
import type { KeyObject } from 'node:crypto';
import { encodeCbor } from '../codec/cbor.ts';
import type { CborValue } from '../codec/cbor.ts';
import { signP256, verifyP256, P256_SIGNATURE_LENGTH } from './p256.ts';
import { SchemaError } from './schema-error.ts';
import { assertCanonical, decodeStrict, MAX_ITEM_BYTES } from './schema-fields.ts';

export interface SchemaCodec<T> {
  /** The schema name that starts every field path. */
  readonly root: string;
  /** Validates `value` and returns its deterministic CBOR; throws `SchemaError` naming the bad field. */
  encode(value: T): Uint8Array;
  /** Decodes and validates; throws `SchemaError` for malformed, non-canonical or out-of-schema bytes. */
  decode(bytes: Uint8Array): T;
}

/** `T` without its signature, distributed over a union (so each variant keeps its own field types). */
export type Unsigned<T> = T extends unknown ? Omit<T, 'signature'> : never;

/** A schema whose last array item is an ECDSA P-256 signature over the CBOR array of all the items before it. */
export interface SignedSchemaCodec<T extends { readonly signature: Uint8Array }> extends SchemaCodec<T> {
  /** The to-be-signed bytes: deterministic CBOR of the positional array without its last item (the signature). */
  tbs(value: Unsigned<T>): Uint8Array;
  /** Validates, signs the to-be-signed bytes with `privateKey` and returns the signed value. */
  sign(unsigned: Unsigned<T>, privateKey: KeyObject): T;
  /** True if `value.signature` verifies over `tbs(value)` under `publicKey` (compressed point or key object). */
  verify(value: T, publicKey: Uint8Array | KeyObject): boolean;
}

type ToArray<T> = (value: T) => CborValue[];
type FromArray<T> = (raw: unknown, root: string) => T;

/** An unsigned schema's codec. */
export function schemaCodec<T>(
  root: string,
  toArray: ToArray<T>,
  fromArray: FromArray<T>,
  maxBytes = MAX_ITEM_BYTES,
): SchemaCodec<T> {
  const toRaw = (value: T): CborValue[] => toRawArray(() => toArray(value), root);
  return {
    root,
    encode(value) {
      const raw = toRaw(value);
      fromArray(raw, root);
      return encodeCbor(raw);
    },
    decode(bytes) {
      const value = fromArray(decodeStrict(bytes, root, maxBytes), root);
      assertCanonical(bytes, encodeCbor(toRaw(value)), root);
      return value;
    },
  };
}

const PLACEHOLDER_SIGNATURE = new Uint8Array(P256_SIGNATURE_LENGTH);

/** A signed schema's codec: `toArray` must put the signature last. */
export function signedSchemaCodec<T extends { readonly signature: Uint8Array }>(
  root: string,
  toArray: ToArray<T>,
  fromArray: FromArray<T>,
  maxBytes = MAX_ITEM_BYTES,
): SignedSchemaCodec<T> {
  const codec = schemaCodec(root, toArray, fromArray, maxBytes);
  const tbs = (unsigned: Unsigned<T>): Uint8Array => {
    const full = { ...unsigned, signature: PLACEHOLDER_SIGNATURE } as unknown as T;
    const raw = toRawArray(() => toArray(full), root);
    fromArray(raw, root);
    return encodeCbor(raw.slice(0, -1));
  };
  return {
    ...codec,
    tbs,
    sign(unsigned, privateKey) {
      const signature = signP256(privateKey, tbs(unsigned));
      return { ...unsigned, signature } as unknown as T;
    },
    verify(value, publicKey) {
      let message: Uint8Array;
      try {
        message = tbs(value as unknown as Unsigned<T>);
      } catch {
        return false;
      }
      return verifyP256(publicKey, message, value.signature);
    },
  };
}

/** Runs `toArray`; a value too malformed to lay out (a missing nested object) becomes `SchemaError` at the root. */
function toRawArray(build: () => CborValue[], root: string): CborValue[] {
  try {
    return build();
  } catch (error) {
    throw new SchemaError(root, 'value does not have the schema shape', { cause: error });
  }
}
