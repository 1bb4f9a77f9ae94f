/** A small seeded PRNG (mulberry32) for fuzz tests: the same seed gives the same cases, so failures reproduce. */
export function seededRandom(seed: number): { next(): number; int(below: number): number; bytes(n: number): Uint8Array } {
  let state = seed >>> 0;
  const next = (): number => {
    state = (state + 0x6d2b79f5) >>> 0;
    let t = state;
    t = Math.imul(t ^ (t >>> 15), t | 1);
    t ^= t + Math.imul(t ^ (t >>> 7), t | 61);
    return ((t ^ (t >>> 14)) >>> 0) / 4294967296;
  };
  const int = (below: number): number => Math.floor(next() * below);
  return { next, int, bytes: (n) => Uint8Array.from({ length: n }, () => int(256)) };
}
