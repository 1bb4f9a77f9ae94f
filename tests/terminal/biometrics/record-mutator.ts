/** Seeded random and mutated byte strings for the codec fuzz suites. */
import type { SeededRandom } from '../../../terminal/biometrics/seeded-random.ts';

/** One random mutation of `bytes`: bit flip, byte set, truncate, extend, insert, delete or a length field rewrite. */
export function mutate(rng: SeededRandom, bytes: Uint8Array, lengthOffset: number | undefined): Uint8Array {
  let out = bytes.slice();
  const edits = rng.int(1, 4);
  for (let e = 0; e < edits; e++) {
    const at = rng.int(0, Math.max(0, out.length - 1));
    switch (rng.int(0, 6)) {
      case 0:
        if (out.length > 0) out[at] = out[at]! ^ (1 << rng.int(0, 7));
        break;
      case 1:
        if (out.length > 0) out[at] = rng.int(0, 255);
        break;
      case 2:
        out = out.slice(0, rng.int(0, out.length));
        break;
      case 3: {
        const tail = Uint8Array.from({ length: rng.int(1, 16) }, () => rng.int(0, 255));
        const grown = new Uint8Array(out.length + tail.length);
        grown.set(out);
        grown.set(tail, out.length);
        out = grown;
        break;
      }
      case 4: {
        const grown = new Uint8Array(out.length + 1);
        grown.set(out.subarray(0, at));
        grown[at] = rng.int(0, 255);
        grown.set(out.subarray(at), at + 1);
        out = grown;
        break;
      }
      case 5:
        out = Uint8Array.of(...out.subarray(0, at), ...out.subarray(at + 1));
        break;
      default:
        // Small counts and lengths stress the parsers most.
        if (out.length > 0) out[at] = rng.next() < 0.5 ? 0 : 0xff;
    }
  }
  // Most of the time keep the record length honest so parsing gets past it.
  if (lengthOffset !== undefined && out.length >= lengthOffset + 4 && rng.next() < 0.8) {
    new DataView(out.buffer, out.byteOffset).setUint32(lengthOffset, out.length);
  }
  return out;
}

/** Random bytes of a random length up to `max`, optionally starting with `prefix`. */
export function randomBytes(rng: SeededRandom, max: number, prefix?: Uint8Array): Uint8Array {
  const out = Uint8Array.from({ length: rng.int(0, max) }, () => rng.int(0, 255));
  if (prefix !== undefined && out.length >= prefix.length) out.set(prefix);
  return out;
}
