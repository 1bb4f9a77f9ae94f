import { createSeededRandom } from '../../../../terminal/journal/seeded-random.ts';

/** The project's seeded PRNG (mulberry32) with random bytes, for fuzz tests: the same seed gives the same cases. */
export function seededRandom(seed: number): { next(): number; int(below: number): number; bytes(n: number): Uint8Array } {
  const random = createSeededRandom(seed);
  return { ...random, bytes: (n) => Uint8Array.from({ length: n }, () => random.int(256)) };
}
