import { EmvError } from '../errors.ts';
import { tagToHex } from './hex.ts';
import type { Tlv } from './tlv-node.ts';

/** Options for {@link decodeTlv}. */
export interface DecodeTlvOptions {
  /** Descend into constructed objects (default true). */
  readonly recurse?: boolean;
  /** Deepest nesting level allowed, the top-level list being level 1 (default 16); deeper → `EMV_TLV_TOO_DEEP`. */
  readonly maxDepth?: number;
  /**
   * Skip `FF` bytes between objects as padding (default true, as ISO/IEC 7816-4 allows). Set false to decode
   * private-class constructed tags that start with `FF` (`FF8101`); `00` is always padding.
   */
  readonly ffPadding?: boolean;
}

/** A tag or a length field: its number, and the offset just after it. */
interface Field {
  readonly value: number;
  readonly next: number;
}

/** Longest tag accepted: EMV uses up to 3 bytes; 4 keeps every tag a uint32. */
const MAX_TAG_BYTES = 4;
/** Longest long-form length: `84` + 4 bytes. */
const MAX_LENGTH_BYTES = 4;

/**
 * Decodes a string of BER-TLV data objects into a list of {@link Tlv} nodes, constructed ones recursively.
 * Throws `EMV_TLV_MALFORMED` with the byte `offset` of the fault (truncated tag, length or value, indefinite or
 * over-long length) and `EMV_TLV_TOO_DEEP` past `maxDepth`.
 * @remarks See EMV 4.4 Book 3, Annex B1 (tags of one or more bytes), B2 (lengths: short form, or `81`..`84`
 * followed by 1 to 4 bytes; the indefinite form is not used), and B: `00` bytes may occur before, between or
 * after data objects; ISO/IEC 7816-4, 5.2 also allows `FF` there. Both are skipped at every level.
 */
export function decodeTlv(bytes: Uint8Array, options: DecodeTlvOptions = {}): Tlv[] {
  const recurse = options.recurse ?? true;
  const maxDepth = options.maxDepth ?? 16;
  const padding = options.ffPadding === false ? 0x00 : 0xff;
  return decodeRange(bytes, 0, bytes.length, 1, { recurse, maxDepth, padding });
}

interface Limits {
  readonly recurse: boolean;
  readonly maxDepth: number;
  /** The second padding byte: `FF`, or `00` again when FF padding is off. */
  readonly padding: number;
}

function decodeRange(bytes: Uint8Array, start: number, end: number, depth: number, limits: Limits): Tlv[] {
  const { recurse, maxDepth, padding } = limits;
  const nodes: Tlv[] = [];
  let pos = start;
  while (pos < end) {
    const first = bytes[pos]!;
    // See EMV 4.4 Book 3, Annex B: padding between data objects.
    if (first === 0x00 || first === padding) {
      pos++;
      continue;
    }
    const tag = readTag(bytes, pos, end);
    const length = readLength(bytes, tag.next, end, tag.value);
    const valueEnd = length.next + length.value;
    if (valueEnd > end) {
      throw malformed(
        `tag ${tagToHex(tag.value)}: length ${length.value} exceeds the ${end - length.next} bytes left`,
        tag.next,
      );
    }
    const value = bytes.slice(length.next, valueEnd);
    if (recurse && (first & 0x20) !== 0) {
      if (depth >= maxDepth) {
        throw new EmvError('EMV_TLV_TOO_DEEP', `tag ${tagToHex(tag.value)} nests deeper than ${maxDepth} levels`, {
          offset: pos,
        });
      }
      const children = decodeRange(bytes, length.next, valueEnd, depth + 1, limits);
      nodes.push({ tag: tag.value, value, children });
    } else {
      nodes.push({ tag: tag.value, value });
    }
    pos = valueEnd;
  }
  return nodes;
}

function readTag(bytes: Uint8Array, pos: number, end: number): Field {
  const first = bytes[pos]!;
  let tag = first;
  let next = pos + 1;
  // See EMV 4.4 Book 3, Annex B1, tables 35 and 36: b5..b1 all set → subsequent bytes while b8 is set.
  if ((first & 0x1f) === 0x1f) {
    let more = true;
    while (more) {
      if (next >= end) throw malformed(`tag starting ${tagToHex(first)} is truncated`, pos);
      if (next - pos >= MAX_TAG_BYTES) throw malformed(`tag is longer than ${MAX_TAG_BYTES} bytes`, pos);
      const byte = bytes[next++]!;
      tag = tag * 256 + byte;
      more = (byte & 0x80) !== 0;
    }
  }
  return { value: tag, next };
}

function readLength(bytes: Uint8Array, pos: number, end: number, tag: number): Field {
  if (pos >= end) throw malformed(`tag ${tagToHex(tag)} has no length`, pos);
  const first = bytes[pos]!;
  // See EMV 4.4 Book 3, Annex B2: short form 0..127.
  if (first < 0x80) return { value: first, next: pos + 1 };
  const count = first & 0x7f;
  if (count === 0) throw malformed(`tag ${tagToHex(tag)}: indefinite length is not allowed`, pos);
  if (count > MAX_LENGTH_BYTES) throw malformed(`tag ${tagToHex(tag)}: length of ${count} bytes`, pos);
  if (pos + 1 + count > end) throw malformed(`tag ${tagToHex(tag)}: length field is truncated`, pos);
  let length = 0;
  for (let i = 1; i <= count; i++) length = length * 256 + bytes[pos + i]!;
  return { value: length, next: pos + 1 + count };
}

function malformed(message: string, offset: number): EmvError {
  return new EmvError('EMV_TLV_MALFORMED', `${message} (at byte ${offset})`, { offset });
}
