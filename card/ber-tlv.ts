/**
 * Encodes one BER-TLV data object: tag (1 to 3 bytes, given as a number such as 0x9f36), definite length
 * (short form, or 81 / 82 long form), value. Constructed values are built by concatenating encoded children.
 *
 * @remarks See ISO/IEC 7816-4:2020, 6.3 (BER-TLV data objects) and EMV 4.4 Book 3, Annex B.
 */
export function berTlv(tag: number, ...values: Uint8Array[]): Uint8Array {
  const value = concat(values);
  const tagBytes = tag > 0xffff ? [tag >> 16, (tag >> 8) & 0xff, tag & 0xff] : tag > 0xff ? [tag >> 8, tag & 0xff] : [tag];
  const n = value.length;
  // See ISO/IEC 7816-4:2020, 6.3.2: lengths 0-127 in one byte, 81 xx up to 255, 82 xx xx up to 65535.
  const lengthBytes = n < 0x80 ? [n] : n <= 0xff ? [0x81, n] : [0x82, n >> 8, n & 0xff];
  return concat([Uint8Array.from(tagBytes), Uint8Array.from(lengthBytes), value]);
}

/** Concatenates byte strings. */
export function concat(parts: readonly Uint8Array[]): Uint8Array {
  const out = new Uint8Array(parts.reduce((n, p) => n + p.length, 0));
  let offset = 0;
  for (const part of parts) {
    out.set(part, offset);
    offset += part.length;
  }
  return out;
}
