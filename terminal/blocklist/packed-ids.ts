/** Reading packed card-id lists (8-byte big-endian ids back to back, strictly ascending) in schemas. */
import { CARD_ID_LENGTH } from '../schemas/card-id.ts';
import { SchemaError } from '../schemas/schema-error.ts';
import { bytes } from '../schemas/schema-fields.ts';

/** Most ids one list or delta may carry (32 MB packed). */
export const MAX_BLOCKLIST_IDS = 4_000_000;

/** Reads a byte string of packed ids: a multiple of 8 bytes, ascending with no repeats, at most `MAX_BLOCKLIST_IDS`. */
export function readPackedIds(value: unknown, path: string): Uint8Array {
  const packed = bytes(value, path);
  if (packed.length % CARD_ID_LENGTH !== 0) {
    throw new SchemaError(path, `length ${packed.length} is not a multiple of ${CARD_ID_LENGTH}`);
  }
  const n = packed.length / CARD_ID_LENGTH;
  if (n > MAX_BLOCKLIST_IDS) throw new SchemaError(path, `${n} ids exceeds ${MAX_BLOCKLIST_IDS}`);
  for (let i = 1; i < n; i++) {
    if (compareIds(packed, (i - 1) * 8, packed, i * 8) >= 0) {
      throw new SchemaError(`${path}[${i}]`, 'card ids must be strictly ascending');
    }
  }
  return packed;
}

/** Compares the 8-byte ids at `a[ai]` and `b[bi]` as unsigned big-endian numbers: negative, 0 or positive. */
export function compareIds(a: Uint8Array, ai: number, b: Uint8Array, bi: number): number {
  for (let k = 0; k < CARD_ID_LENGTH; k++) {
    const d = a[ai + k]! - b[bi + k]!;
    if (d !== 0) return d;
  }
  return 0;
}

/** Throws `SchemaError(path)` naming the first id that two ascending packed lists share. */
export function assertDisjoint(a: Uint8Array, b: Uint8Array, path: string): void {
  let i = 0;
  let j = 0;
  while (i < a.length && j < b.length) {
    const c = compareIds(a, i, b, j);
    if (c === 0) throw new SchemaError(path, `card ${Buffer.from(a.subarray(i, i + 8)).toString('hex')} is both added and removed`);
    if (c < 0) i += 8;
    else j += 8;
  }
}
