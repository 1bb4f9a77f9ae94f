import { EmvError } from '../errors.ts';
import { decodeTlv } from '../tlv/decode-tlv.ts';
import { encodeTlv } from '../tlv/encode-tlv.ts';
import type { Tlv } from '../tlv/tlv-node.ts';
import {
  TAG_02_NUMBER_OF_BITS,
  TAG_7F60_BIOMETRIC_INFORMATION_TEMPLATE,
  TAG_80_PATRON_HEADER_VERSION,
  TAG_81_BIOMETRIC_TYPE,
  TAG_82_BIOMETRIC_SUBTYPE,
  TAG_87_FORMAT_OWNER,
  TAG_88_FORMAT_TYPE,
  TAG_90_BIOMETRIC_SOLUTION_ID,
  TAG_A1_BIOMETRIC_HEADER_TEMPLATE,
  TAG_BF4A_OFFLINE_BIT_GROUP_TEMPLATE,
  TAG_BF4B_ONLINE_BIT_GROUP_TEMPLATE,
} from './biometric-tags.ts';

// See EMV 4.4 Book 3, Annex C7, Table 49: Biometric Type values (ISO/IEC 19785-3).
export const BIOMETRIC_TYPE_FACIAL: Uint8Array = Uint8Array.of(0x02);
export const BIOMETRIC_TYPE_FINGER: Uint8Array = Uint8Array.of(0x08);
export const BIOMETRIC_TYPE_IRIS: Uint8Array = Uint8Array.of(0x10);
export const BIOMETRIC_TYPE_PALM: Uint8Array = Uint8Array.of(0x02, 0x00, 0x00);
export const BIOMETRIC_TYPE_VOICE: Uint8Array = Uint8Array.of(0x04);

/** Patron header version in a BHT: `0101`, the default. See EMV 4.4 Book 3, Annex C7, Table 48. */
export const PATRON_HEADER_VERSION: Uint8Array = Uint8Array.of(0x01, 0x01);
/** Format owner ISO/IEC JTC 1/SC 37 (IBIA CBEFF patron 257). See EMV 4.4 Book 3, Annex C7, Table 48 (tag 87). */
export const FORMAT_OWNER_ISO_SC37: Uint8Array = Uint8Array.of(0x01, 0x01);
/**
 * Format type of an ISO/IEC 19794-2 finger minutiae card format, compact size, under owner SC 37.
 * UNCONFIRMED: `0004` is recalled from the IBIA registry of SC 37 BDB format types (not in the library).
 */
export const FORMAT_TYPE_ISO_19794_2_COMPACT_CARD: Uint8Array = Uint8Array.of(0x00, 0x04);

/** One BIT as Kart reads and writes it: the BHT fields a terminal matches on. */
export interface BiometricInformation {
  /** 81, 1 to 3 bytes (Table 49). */
  readonly biometricType: Uint8Array;
  /** 82, one byte (Table 50); written as `00` (no information) when absent. */
  readonly subtype?: number;
  /** 90, 1 to 255 bytes. */
  readonly solutionId?: Uint8Array;
  /** 87, 2 bytes: in the BHT, or in its level-2 BHT 1 when the card has one. */
  readonly formatOwner?: Uint8Array;
  /** 88, 2 bytes: as `formatOwner`. */
  readonly formatType?: Uint8Array;
}

export {
  encodeBiometricTryCounters,
  encodePreferredAttempts,
  parseBiometricTryCounters,
  parsePreferredAttempts,
  type BiometricCounters,
} from './biometric-try-counters.ts';
export {
  encodeBiometricTerminalCapabilities,
  parseBiometricTerminalCapabilities,
  type BiometricTerminalCapabilities,
} from './biometric-terminal-capabilities.ts';

const invalid = (message: string, cause?: unknown): EmvError =>
  new EmvError('EMV_BIOMETRIC_DATA_INVALID', message, cause === undefined ? undefined : { cause });

/**
 * Reads the value of the Card BIT Group Template (9F31): the BITs of its Offline (BF4A) and Online (BF4B) BIT
 * Group Templates, in the card's order (the order in which Biometric Subtypes are to be requested). An absent
 * group gives an empty list. Throws `EMV_BIOMETRIC_DATA_INVALID` for malformed TLV, an unknown or repeated object
 * at group level, a Number of BITs (02) that is absent or does not count the BITs, or a BIT without a BHT (A1) and
 * Biometric Type (81), or with a field of the wrong length. BHT objects Kart does not use (83..86, 91, B1, A2) are
 * skipped.
 * @remarks See EMV 4.4 Book 3, Annex C8 (Table 51) and C7 (Table 48).
 */
export function parseCardBitGroupTemplate(value: Uint8Array): {
  readonly offline: readonly BiometricInformation[];
  readonly online: readonly BiometricInformation[];
} {
  const nodes = decode(value, '9F31');
  let offline: BiometricInformation[] | undefined;
  let online: BiometricInformation[] | undefined;
  for (const node of nodes) {
    if (node.tag === TAG_BF4A_OFFLINE_BIT_GROUP_TEMPLATE && !offline) offline = parseGroup(node, 'BF4A');
    else if (node.tag === TAG_BF4B_ONLINE_BIT_GROUP_TEMPLATE && !online) online = parseGroup(node, 'BF4B');
    else throw invalid(`9F31 holds an unexpected or repeated object ${node.tag.toString(16).toUpperCase()}`);
  }
  return { offline: offline ?? [], online: online ?? [] };
}

/**
 * The value of a Card BIT Group Template (9F31) holding the given BITs: BF4A (offline) and BF4B (online), each
 * with its Number of BITs (02) then one 7F60 per BIT, each BIT a BHT (A1) with patron header version 0101, the
 * Biometric Solution ID (when given), Biometric Type, Biometric Subtype (00 when not given), format owner and type
 * (when given). An empty group is left out. Throws `EMV_BIOMETRIC_DATA_INVALID` for a field of the wrong length or
 * more than 255 BITs in a group.
 * @remarks See EMV 4.4 Book 3, Annex C8 (Table 51) and C7 (Table 48).
 */
export function encodeCardBitGroupTemplate(groups: {
  readonly offline: readonly BiometricInformation[];
  readonly online: readonly BiometricInformation[];
}): Uint8Array {
  const out: Tlv[] = [];
  for (const [tag, bits] of [
    [TAG_BF4A_OFFLINE_BIT_GROUP_TEMPLATE, groups.offline],
    [TAG_BF4B_ONLINE_BIT_GROUP_TEMPLATE, groups.online],
  ] as const) {
    if (bits.length === 0) continue;
    if (bits.length > 0xff) throw invalid(`${bits.length} BITs in one group; at most 255`);
    out.push({
      tag,
      value: new Uint8Array(),
      children: [{ tag: TAG_02_NUMBER_OF_BITS, value: Uint8Array.of(bits.length) }, ...bits.map(encodeBit)],
    });
  }
  return encodeTlv(out);
}

function encodeBit(bit: BiometricInformation): Tlv {
  checkBit(bit);
  const bht: Tlv[] = [{ tag: TAG_80_PATRON_HEADER_VERSION, value: PATRON_HEADER_VERSION }];
  if (bit.solutionId) bht.push({ tag: TAG_90_BIOMETRIC_SOLUTION_ID, value: bit.solutionId });
  bht.push({ tag: TAG_81_BIOMETRIC_TYPE, value: bit.biometricType });
  bht.push({ tag: TAG_82_BIOMETRIC_SUBTYPE, value: Uint8Array.of(bit.subtype ?? 0) });
  if (bit.formatOwner) bht.push({ tag: TAG_87_FORMAT_OWNER, value: bit.formatOwner });
  if (bit.formatType) bht.push({ tag: TAG_88_FORMAT_TYPE, value: bit.formatType });
  return {
    tag: TAG_7F60_BIOMETRIC_INFORMATION_TEMPLATE,
    value: new Uint8Array(),
    children: [{ tag: TAG_A1_BIOMETRIC_HEADER_TEMPLATE, value: new Uint8Array(), children: bht }],
  };
}

function parseGroup(group: Tlv, name: string): BiometricInformation[] {
  const children = group.children ?? [];
  const count = children.filter((node) => node.tag === TAG_02_NUMBER_OF_BITS);
  const bits = children.filter((node) => node.tag === TAG_7F60_BIOMETRIC_INFORMATION_TEMPLATE);
  if (count.length !== 1 || count[0]!.value.length !== 1) throw invalid(`${name} has no one-byte Number of BITs (02)`);
  if (count.length + bits.length !== children.length) throw invalid(`${name} holds objects other than 02 and 7F60`);
  if (count[0]!.value[0] !== bits.length) {
    throw invalid(`${name} says ${count[0]!.value[0]} BITs and holds ${bits.length}`);
  }
  return bits.map((bit) => parseBit(bit, name));
}

function parseBit(bit: Tlv, name: string): BiometricInformation {
  const bhts = (bit.children ?? []).filter((node) => node.tag === TAG_A1_BIOMETRIC_HEADER_TEMPLATE);
  if (bhts.length !== 1) throw invalid(`a BIT in ${name} has ${bhts.length} BHTs (A1), not one`);
  const bht = bhts[0]!.children ?? [];
  const one = (tag: number, nodes: readonly Tlv[] = bht): Uint8Array | undefined => {
    const found = nodes.filter((node) => node.tag === tag);
    if (found.length > 1) throw invalid(`a BHT in ${name} repeats tag ${tag.toString(16).toUpperCase()}`);
    return found[0]?.value;
  };
  const biometricType = one(TAG_81_BIOMETRIC_TYPE);
  if (!biometricType) throw invalid(`a BHT in ${name} has no Biometric Type (81)`);
  const subtype = one(TAG_82_BIOMETRIC_SUBTYPE);
  if (subtype && subtype.length !== 1) throw invalid(`a BHT in ${name} has a Biometric Subtype that is not one byte`);
  // See Table 48: 87 / 88 in the BHT, or in its level-2 BHT 1 (A1 inside A1) when the template has one.
  const level2 = one(TAG_A1_BIOMETRIC_HEADER_TEMPLATE) ? bht.find((node) => node.tag === TAG_A1_BIOMETRIC_HEADER_TEMPLATE) : undefined;
  const source = level2?.children ?? bht;
  const info: BiometricInformation = {
    biometricType,
    ...(subtype ? { subtype: subtype[0]! } : {}),
    ...optional('solutionId', one(TAG_90_BIOMETRIC_SOLUTION_ID)),
    ...optional('formatOwner', one(TAG_87_FORMAT_OWNER, source)),
    ...optional('formatType', one(TAG_88_FORMAT_TYPE, source)),
  };
  checkBit(info);
  return info;
}

function optional<K extends string>(key: K, value: Uint8Array | undefined): { [P in K]?: Uint8Array } {
  return (value ? { [key]: value } : {}) as { [P in K]?: Uint8Array };
}

function checkBit(bit: BiometricInformation): void {
  if (bit.biometricType.length < 1 || bit.biometricType.length > 3) throw invalid('a Biometric Type is 1 to 3 bytes');
  if (bit.subtype !== undefined && !(Number.isInteger(bit.subtype) && bit.subtype >= 0 && bit.subtype <= 0xff)) {
    throw invalid('a Biometric Subtype is one byte');
  }
  if (bit.solutionId && (bit.solutionId.length < 1 || bit.solutionId.length > 0xff)) {
    throw invalid('a Biometric Solution ID is 1 to 255 bytes');
  }
  if (bit.formatOwner && bit.formatOwner.length !== 2) throw invalid('a format owner (87) is 2 bytes');
  if (bit.formatType && bit.formatType.length !== 2) throw invalid('a format type (88) is 2 bytes');
}

function decode(value: Uint8Array, name: string): Tlv[] {
  try {
    return decodeTlv(value, { recurse: true, maxDepth: 6 });
  } catch (cause) {
    throw invalid(`${name} is not well-formed BER-TLV`, cause);
  }
}
