/**
 * Deterministic CBOR (RFC 8949, 4.2) for everything that is signed or hashed: positional arrays, integers,
 * byte strings, text, booleans and null only. cbor-x has no canonical mode; these options give deterministic
 * bytes for that subset: no record extension, minimal-length headers, byte strings untagged. cbor-x writes a
 * JS number beyond 32 bits as a float, so such integers are passed to it as BigInt (shortest integer form), and
 * floats, maps and undefined are refused: they have no place in a signed structure here. Integers must fit
 * CBOR's 64-bit heads (cbor-x would write anything wider as a bignum tag, and -2^64 as a tag where a head fits).
 *
 * Decoding refuses what encoding refuses (typed `CborShapeError`), reports malformed or truncated bytes as a typed
 * `CborMalformedError` (with `incomplete` for input that ends early), and returns byte strings as copies, never as
 * views of the input buffer.
 */
import { Decoder, Encoder } from 'cbor-x';

const options = { useRecords: false, variableMapSize: true, tagUint8Array: false, mapsAsObjects: false } as const;
const encoder = new Encoder(options);
const decoder = new Decoder(options);

/** A value that deterministic CBOR here may carry. */
export type CborValue = number | bigint | string | boolean | null | Uint8Array | readonly CborValue[];

export class CborShapeError extends Error {
  override readonly name = 'CborShapeError';
  readonly code = 'CBOR_SHAPE_INVALID';
}

/** Bytes that are not one well-formed CBOR item: truncated (`incomplete`), trailing bytes, reserved values. */
export class CborMalformedError extends Error {
  override readonly name = 'CborMalformedError';
  readonly code = 'CBOR_MALFORMED';
  constructor(
    message: string,
    /** True when the bytes end before the item does (a torn or partial read). */
    readonly incomplete: boolean,
    options?: { cause?: unknown },
  ) {
    super(message, options?.cause === undefined ? undefined : { cause: options.cause });
  }
}

const UINT64_MAX = (1n << 64n) - 1n;
/** -2^64 fits a major-type-1 head, but cbor-x writes it as a bignum tag; refused with everything below. */
const NINT64_MIN = -UINT64_MAX;

function normalize(value: unknown, path: string): unknown {
  if (typeof value === 'number') {
    if (!Number.isSafeInteger(value)) throw new CborShapeError(`${path}: ${value} is not a safe integer`);
    return value >= -0x1_0000_0000 && value <= 0xffff_ffff ? value : BigInt(value);
  }
  if (typeof value === 'bigint' && (value > UINT64_MAX || value < NINT64_MIN)) {
    throw new CborShapeError(`${path}: ${value} does not fit a 64-bit CBOR integer head`);
  }
  // cbor-x writes every BigInt with an 8-byte head; one that fits 32 bits goes as a number, in its shortest form.
  if (typeof value === 'bigint') return value >= -0x1_0000_0000n && value <= 0xffff_ffffn ? Number(value) : value;
  if (typeof value === 'string' || typeof value === 'boolean' || value === null) return value;
  if (value instanceof Uint8Array) return value;
  if (Array.isArray(value)) return value.map((item, i) => normalize(item, `${path}[${i}]`));
  throw new CborShapeError(`${path}: ${Object.prototype.toString.call(value)} has no deterministic encoding here`);
}

/** Encodes a value to deterministic CBOR bytes; throws `CborShapeError` for anything outside `CborValue`. */
export function encodeCbor(value: CborValue): Uint8Array {
  return new Uint8Array(encoder.encode(normalize(value, '$')));
}

/** Options of `decodeCbor`. */
export interface DecodeOptions {
  /**
   * Also refuse bytes that are not the deterministic encoding of what they decode to (non-shortest heads,
   * indefinite lengths, an integer written as a float): re-encodes and compares, so it costs one encode.
   */
  readonly canonical?: boolean;
}

/**
 * Decodes one CBOR item into a `CborValue` (byte strings as fresh Uint8Arrays, integers as numbers where safe,
 * else BigInt). Throws `CborMalformedError` for bytes that are not exactly one well-formed item and
 * `CborShapeError` for a well-formed item outside `CborValue` (map, tag, float, undefined, simple value).
 */
export function decodeCbor(bytes: Uint8Array, options: DecodeOptions = {}): CborValue {
  let raw: unknown;
  try {
    raw = decoder.decode(bytes);
  } catch (error) {
    const incomplete = (error as { incomplete?: unknown }).incomplete === true;
    throw new CborMalformedError(`malformed CBOR: ${(error as Error).message}`, incomplete, { cause: error });
  }
  const value = denormalize(raw, '$');
  if (options.canonical && !sameBytes(encodeCbor(value), bytes)) {
    throw new CborShapeError('$: bytes are not the deterministic encoding of their value');
  }
  return value;
}

function denormalize(value: unknown, path: string): CborValue {
  if (typeof value === 'bigint') {
    return value >= BigInt(Number.MIN_SAFE_INTEGER) && value <= BigInt(Number.MAX_SAFE_INTEGER) ? Number(value) : value;
  }
  if (typeof value === 'number') {
    if (!Number.isSafeInteger(value)) throw new CborShapeError(`${path}: ${value} is not a safe integer`);
    return value;
  }
  if (typeof value === 'string' || typeof value === 'boolean' || value === null) return value;
  if (value instanceof Uint8Array) return new Uint8Array(value);
  if (Array.isArray(value)) {
    for (let i = 0; i < value.length; i++) value[i] = denormalize(value[i], `${path}[${i}]`);
    return value as CborValue[];
  }
  throw new CborShapeError(`${path}: decoded ${Object.prototype.toString.call(value)} is not a deterministic CBOR value`);
}

function sameBytes(a: Uint8Array, b: Uint8Array): boolean {
  if (a.length !== b.length) return false;
  for (let i = 0; i < a.length; i++) if (a[i] !== b[i]) return false;
  return true;
}
