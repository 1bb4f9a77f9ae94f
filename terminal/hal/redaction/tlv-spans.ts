/**
 * BER-TLV walked for positions rather than values: where each tag's value starts and ends in the input, so that
 * redaction can blank a value in place and keep every tag and length (a redacted response still parses).
 * `emv/tlv` decodes values; this walker only answers "where", and gives up (returns `undefined`) on anything that
 * is not clean BER-TLV instead of throwing, because its callers then treat the bytes as opaque.
 */

/** One data object found in the input: its tag, its value's span, and its children when constructed. */
export interface TlvSpan {
  readonly tag: number;
  readonly valueOffset: number;
  readonly valueLength: number;
  readonly constructed: boolean;
  readonly children?: readonly TlvSpan[];
}

const MAX_DEPTH = 16;

/**
 * The data objects in `bytes[start, end)`, or `undefined` when the range is not well-formed BER-TLV (or is
 * empty, or holds only padding). Constructed objects whose contents do not parse are kept as leaves.
 * @remarks See EMV 4.4 Book 3, Annex B1 and B2; `00` and `FF` padding between objects is skipped as there.
 */
export function findTlvSpans(bytes: Uint8Array, start = 0, end = bytes.length): TlvSpan[] | undefined {
  const spans = walk(bytes, start, end, 1);
  return spans && spans.length > 0 ? spans : undefined;
}

function walk(bytes: Uint8Array, start: number, end: number, depth: number): TlvSpan[] | undefined {
  const spans: TlvSpan[] = [];
  let pos = start;
  while (pos < end) {
    const first = bytes[pos]!;
    if (first === 0x00 || first === 0xff) {
      pos++;
      continue;
    }
    // Tag: one byte, or 1F-style continuation bytes with b8 set on all but the last (at most 4 bytes).
    let tag = first;
    pos++;
    if ((first & 0x1f) === 0x1f) {
      let more = true;
      for (let n = 1; more; n++) {
        if (pos >= end || n > 3) return undefined;
        const next = bytes[pos++]!;
        tag = tag * 256 + next;
        more = (next & 0x80) !== 0;
      }
    }
    // Length: short form, or 81..84 then 1..4 bytes (no indefinite form).
    if (pos >= end) return undefined;
    let length = bytes[pos++]!;
    if (length > 0x80) {
      const count = length & 0x7f;
      if (count > 4 || pos + count > end) return undefined;
      length = 0;
      for (let i = 0; i < count; i++) length = length * 256 + bytes[pos++]!;
    } else if (length === 0x80) {
      return undefined;
    }
    if (pos + length > end) return undefined;
    const constructed = (first & 0x20) !== 0;
    const children = constructed && depth < MAX_DEPTH && length > 0 ? walk(bytes, pos, pos + length, depth + 1) : undefined;
    spans.push(children ? { tag, valueOffset: pos, valueLength: length, constructed, children } : { tag, valueOffset: pos, valueLength: length, constructed });
    pos += length;
  }
  return spans;
}
