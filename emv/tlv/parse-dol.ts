import { EmvError } from '../errors.ts';
import { tagToHex } from './hex.ts';

/** One DOL entry: the tag the card asks for and the length it wants. */
export interface DolEntry {
  readonly tag: number;
  readonly length: number;
}

/**
 * Parses a Data Object List (PDOL 9F38, CDOL1 8C, CDOL2 8D, DDOL 9F49, TDOL 97): a concatenation of BER tags
 * each followed by a one-byte length. Throws `EMV_DOL_MALFORMED` with the byte `offset` of a truncated or
 * over-long tag, a missing length, or a `00` tag byte.
 * @remarks See EMV 4.4 Book 3, 5.4 (Rules for Using a Data Object List): "a concatenated list of entries,
 * each entry representing a single data element ... tag and length (one byte)".
 */
export function parseDol(bytes: Uint8Array): DolEntry[] {
  const entries: DolEntry[] = [];
  let pos = 0;
  while (pos < bytes.length) {
    const start = pos;
    const first = bytes[pos++]!;
    if (first === 0x00) throw malformed('tag byte 00 is not a tag', start);
    let tag = first;
    // See EMV 4.4 Book 3, Annex B1: multi-byte tags.
    if ((first & 0x1f) === 0x1f) {
      let more = true;
      while (more) {
        if (pos >= bytes.length) throw malformed(`tag starting ${tagToHex(first)} is truncated`, start);
        if (pos - start >= 4) throw malformed('tag is longer than 4 bytes', start);
        const byte = bytes[pos++]!;
        tag = tag * 256 + byte;
        more = (byte & 0x80) !== 0;
      }
    }
    if (pos >= bytes.length) throw malformed(`tag ${tagToHex(tag)} has no length`, pos);
    entries.push({ tag, length: bytes[pos++]! });
  }
  return entries;
}

function malformed(message: string, offset: number): EmvError {
  return new EmvError('EMV_DOL_MALFORMED', `DOL: ${message} (at byte ${offset})`, { offset });
}
