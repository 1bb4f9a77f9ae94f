/**
 * One BER-TLV data object. `tag` is the tag bytes read as a big-endian number (`9F 1B` → `0x9f1b`);
 * `value` holds the value field (for a constructed object, its encoded children too); `children` is present
 * exactly when the tag is constructed and the decoder was asked to descend.
 * @remarks See EMV 4.4 Book 3, Annex B1 (coding of BER-TLV data objects).
 */
export interface Tlv {
  readonly tag: number;
  readonly value: Uint8Array;
  readonly children?: readonly Tlv[];
}

/**
 * Whether a tag number denotes a constructed data object (bit 6 of its first byte set).
 * @remarks See EMV 4.4 Book 3, Annex B1, table 35 (b6 of the first tag byte).
 */
export function isConstructedTag(tag: number): boolean {
  return (firstTagByte(tag) & 0x20) !== 0;
}

/** The leading byte of a tag number (`0x9f1b` → `0x9f`). */
export function firstTagByte(tag: number): number {
  let t = tag >>> 0;
  while (t > 0xff) t >>>= 8;
  return t;
}
