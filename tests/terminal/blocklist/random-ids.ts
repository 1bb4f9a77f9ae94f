/** Seeded card ids for the blocklist suites and bench: the same ids on every run. */

/** A seeded xorshift32 generator of uint32 values. */
export function seeded(seed: number): () => number {
  let s = seed >>> 0 || 1;
  return () => {
    s ^= s << 13;
    s >>>= 0;
    s ^= s >>> 17;
    s ^= s << 5;
    return (s >>>= 0);
  };
}

/** `n` random 8-byte ids, packed (duplicates possible but rare: 1 in 2^64 a pair). */
export function randomPackedIds(n: number, seed: number): Uint8Array {
  const next = seeded(seed);
  const packed = new Uint8Array(n * 8);
  const view = new DataView(packed.buffer);
  for (let i = 0; i < n; i++) {
    view.setUint32(i * 8, next());
    view.setUint32(i * 8 + 4, next());
  }
  return packed;
}

/** `n` sequential ids from `start` (hi, lo): card ids issued in order. */
export function sequentialPackedIds(n: number, hi: number, lo: number): Uint8Array {
  const packed = new Uint8Array(n * 8);
  const view = new DataView(packed.buffer);
  for (let i = 0; i < n; i++) {
    view.setUint32(i * 8, hi);
    view.setUint32(i * 8 + 4, lo + i);
  }
  return packed;
}

/** The i-th id of a packed list. */
export const idAt = (packed: Uint8Array, i: number): Uint8Array => packed.subarray(i * 8, i * 8 + 8);

/** Packed ids sorted ascending (as the delta schema wants), without duplicates. */
export function sortedUnique(packed: Uint8Array): Uint8Array {
  const ids: string[] = [];
  for (let i = 0; i < packed.length; i += 8) ids.push(Buffer.from(packed.subarray(i, i + 8)).toString('hex'));
  return new Uint8Array(Buffer.from([...new Set(ids)].sort().join(''), 'hex'));
}
