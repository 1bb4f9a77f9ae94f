/**
 * What is never written to a recording, a trace or a log unless a bench engineer asks for it: the rule table.
 * Declarative on purpose: an applet that brings new secret data adds rows here (a tag, or a command), and every
 * consumer (the recorder, the trace, the logger) picks them up through `redact.ts`.
 *
 * Three kinds of rule, applied in this order:
 * 1. command rules: the whole data field of a matching command (PIN blocks, key blocks, biometric samples);
 * 2. tag rules: the value of a matching BER-TLV data object, in command data and in response data, with tag and
 *    length kept so the rest still parses; a GET DATA for a listed tag also hides a bare (non-TLV) answer; and
 *    tag-name rules: any tag whose dictionary name says it holds a (secret) key;
 * 3. value rules: any primitive value (or non-TLV data field) whose bytes have a recognisable shape.
 */
import { isNationalIdValue } from './national-id.ts';

/** Hides the whole data field of the commands that match (first matching rule wins). */
export interface CommandRedactionRule {
  /** Instruction bytes this rule applies to (odd INS, the BER-TLV variants, listed explicitly). */
  readonly ins: readonly number[];
  /** Only when P2 is one of these. */
  readonly p2?: readonly number[];
  /** Only when the data field starts with these bytes. */
  readonly dataPrefix?: readonly number[];
  /** What the data is, printed in the marker: `<redacted: PIN block, 8 bytes>`. */
  readonly label: string;
}

/** Hides the value of a data object with `tag` (only when nested in one of `within`, if given). */
export interface TagRedactionRule {
  readonly tag: number;
  readonly within?: readonly number[];
  readonly label: string;
}

/** Hides the value of a data object whose dictionary name (EMV 4.4 Book 3, Annex A) matches `pattern`. */
export interface TagNameRedactionRule {
  readonly pattern: RegExp;
  readonly except?: RegExp;
  readonly label: string;
}

/** Hides any value whose bytes pass `test`. */
export interface ValueRedactionRule {
  readonly test: (value: Uint8Array) => boolean;
  readonly label: string;
}

export interface RedactionRules {
  readonly commands: readonly CommandRedactionRule[];
  readonly tags: readonly TagRedactionRule[];
  readonly tagNames: readonly TagNameRedactionRule[];
  readonly values: readonly ValueRedactionRule[];
}

// See ISO/IEC 7816-4, 11.5: VERIFY 20/21, CHANGE REFERENCE DATA 24/25, RESET RETRY COUNTER 2C/2D;
// EMV 4.4 Book 3, 6.5.12 (VERIFY), and the PIN CHANGE/UNBLOCK issuer script command (CLA 8C/84, INS 24).
const PIN_COMMANDS = [0x20, 0x21, 0x24, 0x25, 0x2c, 0x2d] as const;
/** ISO/IEC 19794-2 and ANSI 378 finger minutiae records begin with "FMR\0". */
const FINGER_MINUTIAE_MAGIC = [0x46, 0x4d, 0x52, 0x00] as const;

/** Tag of the biometric data template (ISO/IEC 7816-11, 8; carries the sample in 81 or 82). */
export const TAG_7F2E_BIOMETRIC_DATA_TEMPLATE = 0x7f2e;
/** Tag of the biometric data block, a reference template (ISO/IEC 7816-11, table 4). */
export const TAG_5F2E_BIOMETRIC_DATA = 0x5f2e;
/** Tag of the biometric information template (ISO/IEC 7816-11, table 3). */
export const TAG_7F60_BIOMETRIC_INFORMATION_TEMPLATE = 0x7f60;
/** Tag of the biometric information group template (ISO/IEC 7816-11, table 2). */
export const TAG_7F61_BIOMETRIC_INFORMATION_GROUP = 0x7f61;
/**
 * Tags under which the government-services applet gives the holder's 14-digit national ID number: DF11 (see
 * card/gov/COMMANDS.md). The value rule below also catches the number by its shape wherever else it appears.
 */
export const GOV_NATIONAL_ID_TAGS: readonly number[] = [0xdf11];

/** The rules every recorder, trace and logger applies unless told otherwise. */
export const DEFAULT_REDACTION_RULES: RedactionRules = {
  commands: [
    { ins: PIN_COMMANDS, dataPrefix: [0x7f, 0x2e], label: 'biometric data' },
    { ins: PIN_COMMANDS, dataPrefix: [0x5f, 0x2e], label: 'biometric data' },
    { ins: PIN_COMMANDS, dataPrefix: FINGER_MINUTIAE_MAGIC, label: 'fingerprint template' },
    // See EMV 4.4 Book 3, 6.5.12 (Table 24): VERIFY P2 89 carries the Biometric Verification Data Template's value
    // (the enciphered finger; every block of a chain).
    { ins: [0x20], p2: [0x89], label: 'biometric data (enciphered)' },
    { ins: PIN_COMMANDS, label: 'PIN block' },
    // See GlobalPlatform Card Specification 2.3, 11.8 (PUT KEY), also sent as an issuer script command.
    { ins: [0xd8], label: 'key' },
  ],
  tags: [
    // See EMV 4.4 Book 3, Annex A: 99 Transaction PIN Data (the PIN block of an online PIN).
    { tag: 0x99, label: 'PIN block' },
    { tag: TAG_7F2E_BIOMETRIC_DATA_TEMPLATE, label: 'biometric data' },
    { tag: TAG_5F2E_BIOMETRIC_DATA, label: 'biometric data' },
    { tag: TAG_7F60_BIOMETRIC_INFORMATION_TEMPLATE, label: 'biometric data' },
    // See EMV 4.4 Book 3, Annex A: BF4E Biometric Verification Data Template (e.g. in an online authorisation request).
    { tag: 0xbf4e, label: 'biometric data (enciphered)' },
    ...[0x81, 0x82].map((tag) => ({
      tag,
      within: [TAG_7F2E_BIOMETRIC_DATA_TEMPLATE, TAG_7F60_BIOMETRIC_INFORMATION_TEMPLATE, TAG_7F61_BIOMETRIC_INFORMATION_GROUP],
      label: 'biometric data',
    })),
    ...GOV_NATIONAL_ID_TAGS.map((tag) => ({ tag, label: 'national ID' })),
  ],
  // Any "key" but a public one (certificates, exponents, remainders and indexes of public keys stay visible).
  tagNames: [{ pattern: /\bkeys?\b/i, except: /public/i, label: 'key' }],
  values: [
    { test: isNationalIdValue, label: 'national ID' },
    { test: (value) => FINGER_MINUTIAE_MAGIC.every((byte, i) => value[i] === byte), label: 'fingerprint template' },
  ],
};
