/**
 * Strict readers for positional-array schemas. Each takes the decoded value and the path of the field it reads,
 * and returns the value typed or throws `SchemaError` naming that path. `decodeStrict` decodes bytes and
 * `assertCanonical` checks they were exactly the deterministic encoding, so a signed item has one byte form only.
 */
import { decodeCbor } from '../codec/cbor.ts';
import { SchemaError } from './schema-error.ts';

/** Largest accepted encoded size of any one schema item; bigger input is refused before decoding. */
export const MAX_ITEM_BYTES = 64 * 1024;

/**
 * Decodes one CBOR item for schema `root`; malformed CBOR, trailing bytes, maps, tags, floats or input over
 * `maxBytes` give `SchemaError` at the root (the codec's own message, with its `$[i]` path, follows).
 */
export function decodeStrict(bytes: unknown, root: string, maxBytes = MAX_ITEM_BYTES): unknown {
  if (!(bytes instanceof Uint8Array)) throw new SchemaError(root, 'expected a Uint8Array of CBOR bytes');
  if (bytes.length > maxBytes) throw new SchemaError(root, `${bytes.length} bytes exceeds ${maxBytes}`);
  try {
    return decodeCbor(bytes);
  } catch (error) {
    throw new SchemaError(root, `not well-formed CBOR for this schema (${(error as Error).message})`, { cause: error });
  }
}

/** Throws unless `actual` (the input) equals `canonical` (its re-encoding): no floats, long headers or indefinite lengths. */
export function assertCanonical(actual: Uint8Array, canonical: Uint8Array, root: string): void {
  if (actual.length === canonical.length && actual.every((b, i) => b === canonical[i])) return;
  throw new SchemaError(root, 'not deterministic CBOR (RFC 8949, 4.2.1): re-encoding gives other bytes');
}

/** Reads an array of exactly `names.length` items; returns the items and a path maker `at(i)`. */
export function tuple(value: unknown, path: string, names: readonly string[]): { items: unknown[]; at: (i: number) => string } {
  if (!Array.isArray(value)) throw new SchemaError(path, `expected array of ${names.length} items`);
  if (value.length !== names.length) {
    throw new SchemaError(path, `expected array of ${names.length} items, got ${value.length}`);
  }
  return { items: value, at: (i) => `${path}[${i}].${names[i]}` };
}

/** Reads the version field: must be the given unsigned integer. */
export function version<V extends number>(value: unknown, path: string, expected: V): V {
  const v = uint(value, path);
  if (v !== expected) throw new SchemaError(path, `unsupported version ${v}, expected ${expected}`);
  return expected;
}

/** Reads an unsigned integer no larger than `max` (default 2^53 - 1). */
export function uint(value: unknown, path: string, max = Number.MAX_SAFE_INTEGER): number {
  if (typeof value !== 'number' || !Number.isSafeInteger(value) || value < 0) {
    throw new SchemaError(path, 'expected unsigned integer');
  }
  if (value > max) throw new SchemaError(path, `${value} exceeds maximum ${max}`);
  return value;
}

/** Reads an integer in [min, max]. */
export function int(value: unknown, path: string, min: number, max: number): number {
  if (typeof value !== 'number' || !Number.isSafeInteger(value)) throw new SchemaError(path, 'expected integer');
  if (value < min || value > max) throw new SchemaError(path, `${value} outside ${min}..${max}`);
  return value;
}

/** Reads an unsigned integer that must be one of `allowed`. */
export function oneOf<T extends number>(value: unknown, path: string, allowed: readonly T[]): T {
  const v = uint(value, path);
  if (!(allowed as readonly number[]).includes(v)) throw new SchemaError(path, `${v} is not one of ${allowed.join(', ')}`);
  return v as T;
}

/** Reads a byte string of exactly `length` bytes (any length when omitted); returns a fresh copy. */
export function bytes(value: unknown, path: string, length?: number): Uint8Array {
  if (!(value instanceof Uint8Array)) throw new SchemaError(path, 'expected byte string');
  if (length !== undefined && value.length !== length) {
    throw new SchemaError(path, `expected byte string of ${length} bytes, got ${value.length}`);
  }
  return value.slice();
}

/** Reads a byte string of `length` bytes, or null. */
export function bytesOrNull(value: unknown, path: string, length?: number): Uint8Array | null {
  return value === null ? null : bytes(value, path, length);
}

/** Reads a boolean. */
export function bool(value: unknown, path: string): boolean {
  if (typeof value !== 'boolean') throw new SchemaError(path, 'expected boolean');
  return value;
}

/** Reads a text string matching `pattern`. */
export function text(value: unknown, path: string, pattern: RegExp): string {
  if (typeof value !== 'string') throw new SchemaError(path, 'expected text string');
  if (!pattern.test(value)) throw new SchemaError(path, `"${value}" does not match ${pattern.source}`);
  return value;
}

/** Reads an array of at most `maxLength` items, each read by `item(value, path)`. */
export function list<T>(value: unknown, path: string, maxLength: number, item: (v: unknown, p: string) => T): T[] {
  if (!Array.isArray(value)) throw new SchemaError(path, 'expected array');
  if (value.length > maxLength) throw new SchemaError(path, `${value.length} items exceeds ${maxLength}`);
  return value.map((v, i) => item(v, `${path}[${i}]`));
}

/** Throws `SchemaError(path, problem)` unless `condition` holds. */
export function check(condition: boolean, path: string, problem: string): asserts condition {
  if (!condition) throw new SchemaError(path, problem);
}
