/**
 * The two card commands of fingerprint verification on the KARTGOV applet (selected beforehand), as bytes, and
 * the reading of the reference template out of a GET DATA answer. The terminal keeps its own copy of these
 * encodings: it never imports the card.
 * @remarks See ISO/IEC 7816-11:2017, 6 (VERIFY with a biometric data template 7F2E) and 7816-4:2020, 11.4.3
 * (GET DATA odd INS CB with a tag list 5C); `card/gov/COMMANDS.md` for this applet's P1-P2 and status words.
 */
import { buildCommandApdu } from '../../emv/apdu/command-apdu.ts';
import { EmvError } from '../../emv/errors.ts';
import { decodeTlv } from '../../emv/tlv/decode-tlv.ts';
import { encodeTlv } from '../../emv/tlv/encode-tlv.ts';
import { findTlv } from '../../emv/tlv/find-tlv.ts';

/** Biometric data template (ISO/IEC 7816-11, 8). */
export const TAG_7F2E_BIOMETRIC_DATA_TEMPLATE = 0x7f2e;
/** Biometric data (the template) inside 7F2E. */
export const TAG_81_BIOMETRIC_DATA = 0x81;
/** Tag list (ISO/IEC 7816-4, table 33). */
export const TAG_5C_TAG_LIST = 0x5c;
/** VERIFY P2 for the finger reference: specific reference data (b8 = 1), reference number 11. */
export const P2_91_FINGER_REFERENCE = 0x91;

/**
 * Largest probe template that fits one short VERIFY APDU (Lc at most 255): 255 less `7F2E 81 xx 81 81 xx`, the tags and
 * two-byte BER lengths (2 + 2 + 1 + 2 bytes).
 */
export const MAX_SHORT_PROBE_BYTES = 248;

/** `00 21 00 91 Lc 7F2E L { 81 L <template> }`: VERIFY (biometric) with a probe. */
export function verifyBiometricApdu(template: Uint8Array): Uint8Array {
  const data = encodeTlv({ tag: TAG_7F2E_BIOMETRIC_DATA_TEMPLATE, value: encodeTlv({ tag: TAG_81_BIOMETRIC_DATA, value: template }) });
  // See ISO/IEC 7816-11:2017, 6: CLA 00, INS 21 (VERIFY, odd: BER-TLV data), P1 00, P2 91.
  return buildCommandApdu({ cla: 0x00, ins: 0x21, p1: 0x00, p2: P2_91_FINGER_REFERENCE, data });
}

/** `00 21 00 91`: VERIFY (biometric) without data, the verification status (9000, 63Cx tries left, 6983). */
export function verifyBiometricStatusApdu(): Uint8Array {
  return buildCommandApdu({ cla: 0x00, ins: 0x21, p1: 0x00, p2: P2_91_FINGER_REFERENCE });
}

/** `00 CB 3F FF 04 5C 02 7F 2E 00`: GET DATA of the finger reference (the card wants a PIN verified first). */
export function getBiometricReferenceApdu(): Uint8Array {
  const data = encodeTlv({ tag: TAG_5C_TAG_LIST, value: Uint8Array.of(0x7f, 0x2e) });
  // See ISO/IEC 7816-4:2020, 11.4.3: P1-P2 3FFF = the current DF, the data objects named by the tag list.
  return buildCommandApdu({ cla: 0x00, ins: 0xcb, p1: 0x3f, p2: 0xff, data, le: 256 });
}

/** The template inside a `7F2E { 81 }` answer, or undefined when the data is anything else. */
export function readBiometricTemplate(data: Uint8Array): Uint8Array | undefined {
  try {
    const nodes = decodeTlv(data);
    if (nodes.length !== 1) return undefined;
    const template = findTlv(nodes, [TAG_7F2E_BIOMETRIC_DATA_TEMPLATE, TAG_81_BIOMETRIC_DATA])?.value;
    return template && template.length > 0 ? template : undefined;
  } catch (error) {
    if (error instanceof EmvError) return undefined; // malformed TLV from the card: no template
    throw error;
  }
}
