/**
 * LSD radix sort of 64-bit values held as (hi, lo) uint32 pairs, 16 bits a pass: O(n), no BigInt, no comparator.
 * Sorts in place (the arrays given are also the result) with two scratch arrays of the same length.
 */
export function sortPairs(hi: Uint32Array, lo: Uint32Array): void {
  const n = hi.length;
  if (n < 2) return;
  let srcHi: Uint32Array = hi;
  let srcLo: Uint32Array = lo;
  let dstHi: Uint32Array = new Uint32Array(n);
  let dstLo: Uint32Array = new Uint32Array(n);
  const counts = new Uint32Array(65_536);
  for (let pass = 0; pass < 4; pass++) {
    const key = pass < 2 ? srcLo : srcHi;
    const shift = pass % 2 === 0 ? 0 : 16;
    counts.fill(0);
    for (let i = 0; i < n; i++) counts[(key[i]! >>> shift) & 0xffff]!++;
    let sum = 0;
    for (let d = 0; d < 65_536; d++) {
      const c = counts[d]!;
      counts[d] = sum;
      sum += c;
    }
    for (let i = 0; i < n; i++) {
      const at = counts[(key[i]! >>> shift) & 0xffff]!++;
      dstHi[at] = srcHi[i]!;
      dstLo[at] = srcLo[i]!;
    }
    [srcHi, dstHi] = [dstHi, srcHi];
    [srcLo, dstLo] = [dstLo, srcLo];
  }
  // After an even number of passes the sorted data is back in the caller's arrays.
}
