/**
 * Deterministic CBOR (RFC 8949, 4.2) for everything that is signed or hashed: positional arrays, integers,
 * byte strings, text, booleans and null only. cbor-x has no canonical mode; these options give deterministic
 * bytes for that subset: no record extension, minimal-length headers, byte strings untagged. cbor-x writes a
 * JS number beyond 32 bits as a float, so such integers are passed to it as BigInt (shortest integer form), and
 * floats, maps and undefined are refused: they have no place in a signed structure here.
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

function normalize(value: unknown, path: string): unknown {
  if (typeof value === 'number') {
    if (!Number.isSafeInteger(value)) throw new CborShapeError(`${path}: ${value} is not a safe integer`);
    return value >= -0x1_0000_0000 && value <= 0xffff_ffff ? value : BigInt(value);
  }
  if (typeof value === 'bigint' || typeof value === 'string' || typeof value === 'boolean' || value === null) return value;
  if (value instanceof Uint8Array) return value;
  if (Array.isArray(value)) return value.map((item, i) => normalize(item, `${path}[${i}]`));
  throw new CborShapeError(`${path}: ${Object.prototype.toString.call(value)} has no deterministic encoding here`);
}

/** Encodes a value to deterministic CBOR bytes; throws `CborShapeError` for anything outside `CborValue`. */
export function encodeCbor(value: CborValue): Uint8Array {
  return new Uint8Array(encoder.encode(normalize(value, '$')));
}

/** Decodes one CBOR item; byte strings come back as Uint8Array, integers as numbers where safe. */
export function decodeCbor(bytes: Uint8Array): unknown {
  return denormalize(decoder.decode(bytes));
}

function denormalize(value: unknown): unknown {
  if (typeof value === 'bigint') {
    return value >= BigInt(Number.MIN_SAFE_INTEGER) && value <= BigInt(Number.MAX_SAFE_INTEGER) ? Number(value) : value;
  }
  if (Array.isArray(value)) {
    for (let i = 0; i < value.length; i++) value[i] = denormalize(value[i]);
  }
  return value;
}
