/**
 * Finds where one CBOR data item ends without decoding it (RFC 8949, 3), so that the journal can tell a record
 * that runs past the end of the file (torn) from one that is complete, and walk a CBOR sequence (RFC 8742).
 * Iterative (no recursion on hostile nesting); indefinite lengths and reserved values count as malformed.
 */

/** The end offset of the item at `offset`, `'incomplete'` if the bytes stop first, or `'malformed'`. */
export function cborItemEnd(bytes: Uint8Array, offset: number): number | 'incomplete' | 'malformed' {
  let at = offset;
  let remaining = 1;
  while (remaining > 0) {
    if (at >= bytes.length) return 'incomplete';
    const initial = bytes[at]!;
    const major = initial >> 5;
    const info = initial & 0x1f;
    at++;
    let argument: number;
    if (info < 24) argument = info;
    else if (info <= 27) {
      const width = 1 << (info - 24);
      if (at + width > bytes.length) return 'incomplete';
      argument = 0;
      for (let i = 0; i < width; i++) argument = argument * 256 + bytes[at + i]!;
      at += width;
    } else return 'malformed';
    remaining--;
    switch (major) {
      case 2:
      case 3:
        if (argument > bytes.length - at) return 'incomplete';
        at += argument;
        break;
      case 4:
        remaining += argument;
        break;
      case 5:
        remaining += 2 * argument;
        break;
      case 6:
        remaining += 1;
        break;
      default:
        break;
    }
  }
  return at;
}
