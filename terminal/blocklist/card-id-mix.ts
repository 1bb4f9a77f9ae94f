/**
 * A fixed bijection on 64-bit card ids (a 3-round Feistel network on the two 32-bit halves, murmur3's finalizer
 * as round function). Card ids are often sequential; mixed, their top 16 bits spread evenly over the blocklist's
 * buckets. A Feistel network is invertible whatever its round function, so mixing loses nothing and lookups stay
 * exact. The keys are fixed: changing them changes no file format (snapshots and deltas carry raw ids).
 */
const K1 = 0x9e3779b9;
const K2 = 0x7f4a7c15;
const K3 = 0x85ebca6b;

/** The round function: murmur3 fmix32 of `x ^ k`. */
export function round(x: number, k: number): number {
  let h = x ^ k;
  h ^= h >>> 16;
  h = Math.imul(h, 0x85ebca6b);
  h ^= h >>> 13;
  h = Math.imul(h, 0xc2b2ae35);
  h ^= h >>> 16;
  return h >>> 0;
}

/** Mixes (hi, lo) and writes the mixed halves to `outHi[i]`, `outLo[i]`. */
export function mixCardId(hi: number, lo: number, outHi: Uint32Array, outLo: Uint32Array, i: number): void {
  // Each round maps (l, r) to (r, l ^ F(r)).
  const r1 = (hi ^ round(lo, K1)) >>> 0;
  const r2 = (lo ^ round(r1, K2)) >>> 0;
  const r3 = (r1 ^ round(r2, K3)) >>> 0;
  outHi[i] = r2;
  outLo[i] = r3;
}

/** Inverts `mixCardId`: writes the raw halves of mixed (mh, ml) to `outHi[i]`, `outLo[i]`. */
export function unmixCardId(mh: number, ml: number, outHi: Uint32Array, outLo: Uint32Array, i: number): void {
  const r1 = (ml ^ round(mh, K3)) >>> 0;
  const lo = (mh ^ round(r1, K2)) >>> 0;
  const hi = (r1 ^ round(lo, K1)) >>> 0;
  outHi[i] = hi;
  outLo[i] = lo;
}

/** Round keys, for the inlined copy in the lookup loop. */
export const MIX_KEYS = [K1, K2, K3] as const;
