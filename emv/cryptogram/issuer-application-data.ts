import { EmvError } from '../errors.ts';
import { toHex } from '../tlv/hex.ts';

/**
 * Kart's own Issuer Application Data (9F10) format for its payment application, modelled on the common
 * "length, DKI, CVN, CVR" layouts of the payment schemes but defined here, not taken from any of them:
 *
 * | byte | content                                                          |
 * | ---- | ---------------------------------------------------------------- |
 * | 1    | length of what follows: `06`                                      |
 * | 2    | Derivation Key Index (which issuer master key the card's MK came from) |
 * | 3    | Cryptogram Version Number (`KART_CVN_01`: this module's algorithm) |
 * | 4-7  | Card Verification Results, see {@link CVR_BITS}                     |
 *
 * @remarks See EMV 4.4 Book 3, Annex A (9F10: 'contains proprietary application data for transmission to the
 * issuer in an online transaction'), Book 2, 8.1.1 (data accessed internally by the ICC).
 */
export const KART_IAD_LENGTH = 7;

/** Kart's one cryptogram version: MK by Book 2 A1.4.1 Option A, SK by A1.3.1, AC by 8.1.2 over Table 28 + CVR, ARPC Method 1. */
export const KART_CVN_01 = 0x01;

/** AC type the card returned in a GENERATE AC, as the CVR records it. */
export type CvrFirstAcType = 'AAC' | 'TC' | 'ARQC';
export type CvrSecondAcType = 'AAC' | 'TC' | 'NOT_REQUESTED';

/** The Card Verification Results of Kart's payment application: one readable field per defined bit. */
export interface CardVerificationResults {
  /** Byte 1 b6-b5: AC type returned in the first GENERATE AC (00 AAC, 01 TC, 10 ARQC). */
  readonly firstGenerateAcType: CvrFirstAcType;
  /** Byte 1 b8-b7: AC type returned in the second GENERATE AC (00 AAC, 01 TC, 10 not requested). */
  readonly secondGenerateAcType: CvrSecondAcType;
  /** Byte 1 b4: issuer authentication performed in this transaction (EXTERNAL AUTHENTICATE or ARPC in GEN AC 2). */
  readonly issuerAuthenticationPerformed: boolean;
  /** Byte 1 b3: issuer authentication failed in this transaction. */
  readonly issuerAuthenticationFailed: boolean;
  /** Byte 1 b2: issuer authentication failed in the last online transaction. */
  readonly issuerAuthenticationFailedLastOnline: boolean;
  /** Byte 1 b1: the last online transaction was not completed (no second GENERATE AC). */
  readonly lastOnlineTransactionNotCompleted: boolean;
  /** Byte 2 b8-b5: PIN try counter remaining after this transaction (0..15). */
  readonly pinTryCounter: number;
  /** Byte 2 b4: offline PIN verification performed. */
  readonly offlinePinPerformed: boolean;
  /** Byte 2 b3: offline PIN verification performed and failed. */
  readonly offlinePinFailed: boolean;
  /** Byte 2 b2: PIN try limit exceeded. */
  readonly pinTryLimitExceeded: boolean;
  /** Byte 2 b1: the card was unable to go online (the terminal asked for offline completion after an ARQC). */
  readonly unableToGoOnline: boolean;
  /** Byte 3 b8: offline biometric (finger) verification performed. */
  readonly offlineFingerPerformed: boolean;
  /** Byte 3 b7: offline biometric (finger) verification performed and failed. */
  readonly offlineFingerFailed: boolean;
  /** Byte 3 b6: biometric (finger) try limit exceeded. */
  readonly fingerTryLimitExceeded: boolean;
  /** Byte 3 b5: lower consecutive offline limit exceeded. */
  readonly lowerConsecutiveOfflineLimitExceeded: boolean;
  /** Byte 3 b4: upper consecutive offline limit exceeded. */
  readonly upperConsecutiveOfflineLimitExceeded: boolean;
  /** Byte 3 b3: transaction declined offline. */
  readonly transactionDeclinedOffline: boolean;
  /** Byte 3 b2: transaction approved offline. */
  readonly transactionApprovedOffline: boolean;
  /** Byte 3 b1: offline data authentication (DDA or CDA) performed by the card in this transaction. */
  readonly offlineDataAuthenticationPerformed: boolean;
  /** Byte 4 b8-b5: number of issuer script commands processed in the last online transaction (0..15). */
  readonly issuerScriptCommandsProcessed: number;
  /** Byte 4 b4: issuer script processing failed in the last online transaction. */
  readonly issuerScriptProcessingFailed: boolean;
  // Byte 4 b3-b1: RFU, zero.
}

type FlagName = {
  [K in keyof CardVerificationResults]: CardVerificationResults[K] extends boolean ? K : never;
}[keyof CardVerificationResults];

/** The single-bit CVR flags, `byte` counting from 1 as in the table above. */
export const CVR_BITS = {
  issuerAuthenticationPerformed: { byte: 1, mask: 0x08 },
  issuerAuthenticationFailed: { byte: 1, mask: 0x04 },
  issuerAuthenticationFailedLastOnline: { byte: 1, mask: 0x02 },
  lastOnlineTransactionNotCompleted: { byte: 1, mask: 0x01 },
  offlinePinPerformed: { byte: 2, mask: 0x08 },
  offlinePinFailed: { byte: 2, mask: 0x04 },
  pinTryLimitExceeded: { byte: 2, mask: 0x02 },
  unableToGoOnline: { byte: 2, mask: 0x01 },
  offlineFingerPerformed: { byte: 3, mask: 0x80 },
  offlineFingerFailed: { byte: 3, mask: 0x40 },
  fingerTryLimitExceeded: { byte: 3, mask: 0x20 },
  lowerConsecutiveOfflineLimitExceeded: { byte: 3, mask: 0x10 },
  upperConsecutiveOfflineLimitExceeded: { byte: 3, mask: 0x08 },
  transactionDeclinedOffline: { byte: 3, mask: 0x04 },
  transactionApprovedOffline: { byte: 3, mask: 0x02 },
  offlineDataAuthenticationPerformed: { byte: 3, mask: 0x01 },
  issuerScriptProcessingFailed: { byte: 4, mask: 0x08 },
} as const satisfies Record<FlagName, { byte: number; mask: number }>;

const FIRST_AC: readonly CvrFirstAcType[] = ['AAC', 'TC', 'ARQC'];
const SECOND_AC: readonly CvrSecondAcType[] = ['AAC', 'TC', 'NOT_REQUESTED'];
const CVR_LENGTH = 4;

/** A CVR with every flag clear, both counters zero and the given AC types. */
export function emptyCvr(firstGenerateAcType: CvrFirstAcType = 'ARQC'): CardVerificationResults {
  const flags = Object.fromEntries(Object.keys(CVR_BITS).map((k) => [k, false])) as Record<FlagName, boolean>;
  return { ...flags, firstGenerateAcType, secondGenerateAcType: 'NOT_REQUESTED', pinTryCounter: 0, issuerScriptCommandsProcessed: 0 };
}

/** The 4 CVR bytes of `cvr`. Throws `EMV_FORMAT_INVALID` on an unknown AC type or a counter outside 0..15. */
export function encodeCvr(cvr: CardVerificationResults): Uint8Array {
  const out = new Uint8Array(CVR_LENGTH);
  const first = FIRST_AC.indexOf(cvr.firstGenerateAcType);
  const second = SECOND_AC.indexOf(cvr.secondGenerateAcType);
  if (first < 0 || second < 0) throw new EmvError('EMV_FORMAT_INVALID', 'unknown AC type in the CVR');
  out[0] = (second << 6) | (first << 4);
  out[1] = nibble(cvr.pinTryCounter, 'pinTryCounter') << 4;
  out[3] = nibble(cvr.issuerScriptCommandsProcessed, 'issuerScriptCommandsProcessed') << 4;
  for (const [name, bit] of Object.entries(CVR_BITS) as [FlagName, { byte: number; mask: number }][]) {
    if (cvr[name] === true) out[bit.byte - 1]! |= bit.mask;
  }
  return out;
}

/** The readable CVR of 4 bytes. Throws `EMV_FORMAT_INVALID` on another length, an RFU AC type code or a set RFU bit. */
export function decodeCvr(bytes: Uint8Array): CardVerificationResults {
  if (!(bytes instanceof Uint8Array) || bytes.length !== CVR_LENGTH) {
    throw new EmvError('EMV_FORMAT_INVALID', `the CVR is ${CVR_LENGTH} bytes, got ${bytes?.length ?? 'none'}`);
  }
  const first = FIRST_AC[(bytes[0]! >> 4) & 0x03];
  const second = SECOND_AC[bytes[0]! >> 6];
  if (first === undefined || second === undefined) {
    throw new EmvError('EMV_FORMAT_INVALID', `CVR byte 1 ${toHex(bytes.subarray(0, 1))} has an RFU AC type`);
  }
  if ((bytes[3]! & 0x07) !== 0) throw new EmvError('EMV_FORMAT_INVALID', 'CVR byte 4 has an RFU bit set');
  const flags = Object.fromEntries(
    Object.entries(CVR_BITS).map(([name, bit]) => [name, (bytes[bit.byte - 1]! & bit.mask) !== 0]),
  ) as Record<FlagName, boolean>;
  return {
    ...flags,
    firstGenerateAcType: first,
    secondGenerateAcType: second,
    pinTryCounter: bytes[1]! >> 4,
    issuerScriptCommandsProcessed: bytes[3]! >> 4,
  };
}

/** Kart's IAD (7 bytes) from its fields. Throws `EMV_FORMAT_INVALID` on a DKI or CVN outside a byte or a CVR not 4 bytes. */
export function encodeIssuerApplicationData(fields: {
  derivationKeyIndex: number;
  cryptogramVersion: number;
  cvr: Uint8Array;
}): Uint8Array {
  const { derivationKeyIndex, cryptogramVersion, cvr } = fields;
  for (const [name, value] of [['derivationKeyIndex', derivationKeyIndex], ['cryptogramVersion', cryptogramVersion]] as const) {
    if (!Number.isInteger(value) || value < 0 || value > 0xff) {
      throw new EmvError('EMV_FORMAT_INVALID', `${name} must be one byte`);
    }
  }
  if (!(cvr instanceof Uint8Array) || cvr.length !== CVR_LENGTH) {
    throw new EmvError('EMV_FORMAT_INVALID', `the CVR is ${CVR_LENGTH} bytes, got ${cvr?.length ?? 'none'}`);
  }
  const out = new Uint8Array(KART_IAD_LENGTH);
  out[0] = KART_IAD_LENGTH - 1;
  out[1] = derivationKeyIndex;
  out[2] = cryptogramVersion;
  out.set(cvr, 3);
  return out;
}

/**
 * The fields of Kart's IAD. Throws `EMV_FORMAT_INVALID` unless `iad` is exactly 7 bytes whose first byte is `06`
 * (the CVR bits themselves are checked by {@link decodeCvr}, not here, so an issuer can still read DKI and CVN).
 */
export function decodeIssuerApplicationData(iad: Uint8Array): {
  derivationKeyIndex: number;
  cryptogramVersion: number;
  cvr: Uint8Array;
} {
  if (!(iad instanceof Uint8Array) || iad.length !== KART_IAD_LENGTH || iad[0] !== KART_IAD_LENGTH - 1) {
    throw new EmvError('EMV_FORMAT_INVALID', `not a Kart Issuer Application Data (want 7 bytes starting 06)`);
  }
  return { derivationKeyIndex: iad[1]!, cryptogramVersion: iad[2]!, cvr: iad.slice(3) };
}

function nibble(value: number, name: string): number {
  if (!Number.isInteger(value) || value < 0 || value > 15) {
    throw new EmvError('EMV_FORMAT_INVALID', `${name} must be 0..15`);
  }
  return value;
}
