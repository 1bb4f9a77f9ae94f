/** The EMV data layer: BER-TLV, DOLs, data formats and the tag dictionary. See EMV 4.4 Book 3, Annexes A and B. */
export { decodeTlv, type DecodeTlvOptions } from './decode-tlv.ts';
export { encodeTlv, encodeTag, encodeLength, concatBytes } from './encode-tlv.ts';
export { findTlv, findAllTlv, searchTlv, type TlvPath } from './find-tlv.ts';
export { isConstructedTag, firstTagByte, type Tlv } from './tlv-node.ts';
export { parseDol, type DolEntry } from './parse-dol.ts';
export { buildDolData, type DolDataSource, type BuildDolDataOptions } from './build-dol-data.ts';
export {
  encodeN,
  decodeN,
  encodeCn,
  decodeCn,
  encodeText,
  decodeText,
  isValidFormat,
  type DataFormat,
} from './data-format.ts';
export { decodeEmvDate, decodeEmvTime } from './emv-date.ts';
export { describeTag, EMV_TAGS, type TagInfo, type TagSource } from './tag-names.ts';
export { formatTlvTree, type FormatTlvTreeOptions } from './format-tlv-tree.ts';
export { toHex, fromHex, tagToHex } from './hex.ts';
export * from './tags.ts';
