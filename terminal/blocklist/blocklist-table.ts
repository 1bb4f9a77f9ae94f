/**
 * The blocklist's lookup table: card ids mixed (`mixCardId`), sorted, split into 2^16 buckets by the top 16 bits of
 * the mixed value, which the bucket index then implies; each entry keeps the other 48 bits as a uint16 and a
 * uint32. That is 6 bytes per card plus 256 KiB of bucket offsets (6.3 MB for a million cards), and a lookup is one
 * bucket (about n / 65 536 entries) searched by bisection. Tables are immutable once built.
 */
import { TerminalError } from '../errors.ts';
import { mixCardId, unmixCardId } from './card-id-mix.ts';
import { sortPairs } from './sort-pairs.ts';

export const BUCKETS = 65_536;
const TWO_32 = 0x1_0000_0000;

export interface BlocklistTable {
  /** Bucket b holds entries offsets[b] .. offsets[b + 1] - 1; length BUCKETS + 1. */
  readonly offsets: Uint32Array;
  /** Bits 32..47 of each mixed id. */
  readonly mids: Uint16Array;
  /** Bits 0..31 of each mixed id. */
  readonly los: Uint32Array;
}

/** Reads `packed` (8-byte big-endian ids, back to back) into mixed (hi, lo) halves. */
export function mixPackedIds(packed: Uint8Array): { hi: Uint32Array; lo: Uint32Array } {
  const n = packed.length >>> 3;
  const hi = new Uint32Array(n);
  const lo = new Uint32Array(n);
  for (let i = 0, p = 0; i < n; i++, p += 8) {
    const h = ((packed[p]! << 24) | (packed[p + 1]! << 16) | (packed[p + 2]! << 8) | packed[p + 3]!) >>> 0;
    const l = ((packed[p + 4]! << 24) | (packed[p + 5]! << 16) | (packed[p + 6]! << 8) | packed[p + 7]!) >>> 0;
    mixCardId(h, l, hi, lo, i);
  }
  return { hi, lo };
}

/** Builds a table from packed 8-byte ids in any order; duplicates count once. */
export function buildTable(packed: Uint8Array): BlocklistTable {
  const { hi, lo } = mixPackedIds(packed);
  sortPairs(hi, lo);
  const n = hi.length;
  const offsets = new Uint32Array(BUCKETS + 1);
  let unique = 0;
  for (let i = 0; i < n; i++) {
    if (i > 0 && hi[i] === hi[i - 1] && lo[i] === lo[i - 1]) continue;
    offsets[(hi[i]! >>> 16) + 1]!++;
    unique++;
  }
  for (let b = 0; b < BUCKETS; b++) offsets[b + 1]! += offsets[b]!;
  const mids = new Uint16Array(unique);
  const los = new Uint32Array(unique);
  for (let i = 0, out = 0; i < n; i++) {
    if (i > 0 && hi[i] === hi[i - 1] && lo[i] === lo[i - 1]) continue;
    mids[out] = hi[i]! & 0xffff;
    los[out++] = lo[i]!;
  }
  return { offsets, mids, los };
}

/** The number of ids in a table. */
export const tableSize = (t: BlocklistTable): number => t.los.length;

/** Bytes held by a table's arrays. */
export const tableBytes = (t: BlocklistTable): number => t.offsets.byteLength + t.mids.byteLength + t.los.byteLength;

/** The raw id of mixed entry (bucket, index) as 16 hex digits (for error messages). */
function rawIdHex(bucket: number, mid: number, lo: number): string {
  const out = new Uint32Array(2);
  unmixCardId(((bucket << 16) | mid) >>> 0, lo, out, out.subarray(1), 0);
  return out[0]!.toString(16).padStart(8, '0') + out[1]!.toString(16).padStart(8, '0');
}

/**
 * `base` with `adds` inserted and `removes` taken out, as a new table (`base` is untouched). Throws
 * `TERM_BLOCKLIST_CONFLICT` naming the card if an add is already listed or a remove is not: the delta was not
 * computed against this list.
 */
export function mergeTable(base: BlocklistTable, adds: BlocklistTable, removes: BlocklistTable): BlocklistTable {
  const total = tableSize(base) + tableSize(adds) - tableSize(removes);
  const offsets = new Uint32Array(BUCKETS + 1);
  const mids = new Uint16Array(Math.max(0, total));
  const los = new Uint32Array(Math.max(0, total));
  const conflict = (b: number, mid: number, lo: number, what: string): TerminalError =>
    new TerminalError('TERM_BLOCKLIST_CONFLICT', `blocklist delta: card ${rawIdHex(b, mid, lo)} ${what}`);
  const keyOf = (t: BlocklistTable, i: number): number => t.mids[i]! * TWO_32 + t.los[i]!;
  let out = 0;
  // Buckets the delta does not touch are copied as runs: [runFrom, runTo) of base lands at runOut in the output.
  let runFrom = 0;
  let runOut = 0;
  const flushRun = (runTo: number): void => {
    mids.set(base.mids.subarray(runFrom, runTo), runOut);
    los.set(base.los.subarray(runFrom, runTo), runOut);
  };
  for (let b = 0; b < BUCKETS; b++) {
    offsets[b] = out;
    let i = base.offsets[b]!;
    const ie = base.offsets[b + 1]!;
    let j = adds.offsets[b]!;
    const je = adds.offsets[b + 1]!;
    let k = removes.offsets[b]!;
    const ke = removes.offsets[b + 1]!;
    if (j === je && k === ke) {
      out += ie - i;
      continue;
    }
    flushRun(i);
    while (i < ie || j < je) {
      const baseKey = i < ie ? keyOf(base, i) : Infinity;
      const addKey = j < je ? keyOf(adds, j) : Infinity;
      if (addKey === baseKey) throw conflict(b, adds.mids[j]!, adds.los[j]!, 'is already listed');
      if (addKey < baseKey) {
        mids[out] = adds.mids[j]!;
        los[out++] = adds.los[j++]!;
        continue;
      }
      const removeKey = k < ke ? keyOf(removes, k) : Infinity;
      if (removeKey < baseKey) throw conflict(b, removes.mids[k]!, removes.los[k]!, 'is not listed, so cannot be removed');
      if (removeKey === baseKey) {
        k++;
        i++;
        continue;
      }
      mids[out] = base.mids[i]!;
      los[out++] = base.los[i++]!;
    }
    if (k < ke) throw conflict(b, removes.mids[k]!, removes.los[k]!, 'is not listed, so cannot be removed');
    runFrom = ie;
    runOut = out;
  }
  flushRun(base.offsets[BUCKETS]!);
  offsets[BUCKETS] = out;
  return { offsets, mids, los };
}

/** The table's raw ids, packed (8 bytes big-endian each) in ascending order. */
export function tableToPackedIds(t: BlocklistTable): Uint8Array {
  const n = tableSize(t);
  const hi = new Uint32Array(n);
  const lo = new Uint32Array(n);
  for (let b = 0; b < BUCKETS; b++) {
    for (let i = t.offsets[b]!, e = t.offsets[b + 1]!; i < e; i++) unmixCardId(((b << 16) | t.mids[i]!) >>> 0, t.los[i]!, hi, lo, i);
  }
  sortPairs(hi, lo);
  const packed = new Uint8Array(n * 8);
  const view = new DataView(packed.buffer);
  for (let i = 0; i < n; i++) {
    view.setUint32(i * 8, hi[i]!);
    view.setUint32(i * 8 + 4, lo[i]!);
  }
  return packed;
}
