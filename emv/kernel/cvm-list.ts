import { EmvError } from '../errors.ts';

/**
 * CV Rule byte 1, b6-b1: the CVM codes. Source for the values, including the biometric codes EMV 4.4 added:
 * openemv/emv-utils `src/emv_fields.h`, which cites EMV 4.4 Book 3, Annex C3, Table 43. The EMV text itself
 * was not at hand here; the biometric values (06..0F) rest on that one secondary source.
 * @remarks See EMV 4.4 Book 3, Annex C3.
 */
export const CVM_CODE = {
  FAIL_CVM_PROCESSING: 0x00,
  PLAINTEXT_PIN_BY_ICC: 0x01,
  ENCIPHERED_PIN_ONLINE: 0x02,
  PLAINTEXT_PIN_BY_ICC_AND_SIGNATURE: 0x03,
  ENCIPHERED_PIN_BY_ICC: 0x04,
  ENCIPHERED_PIN_BY_ICC_AND_SIGNATURE: 0x05,
  FACIAL_BIOMETRIC_OFFLINE: 0x06,
  FACIAL_BIOMETRIC_ONLINE: 0x07,
  FINGER_BIOMETRIC_OFFLINE: 0x08,
  FINGER_BIOMETRIC_ONLINE: 0x09,
  PALM_BIOMETRIC_OFFLINE: 0x0a,
  PALM_BIOMETRIC_ONLINE: 0x0b,
  IRIS_BIOMETRIC_OFFLINE: 0x0c,
  IRIS_BIOMETRIC_ONLINE: 0x0d,
  VOICE_BIOMETRIC_OFFLINE: 0x0e,
  VOICE_BIOMETRIC_ONLINE: 0x0f,
  SIGNATURE: 0x1e,
  NO_CVM_REQUIRED: 0x1f,
} as const;

/** CVM Results (9F34) byte 1 when no CVM was performed; not valid in a CV Rule. See EMV 4.4 Book 4, Annex A4. */
export const CVM_NOT_PERFORMED = 0x3f;

/** CV Rule byte 1 b7: apply the succeeding CV Rule if this CVM is unsuccessful. See Book 3, Annex C3. */
export const CV_RULE_APPLY_SUCCEEDING = 0x40;

/** CV Rule byte 2: the CVM Condition Codes (0A..7F RFU, 80..FF payment systems). See Book 3, Annex C3. */
export const CVM_CONDITION = {
  ALWAYS: 0x00,
  IF_UNATTENDED_CASH: 0x01,
  IF_NOT_UNATTENDED_CASH_NOT_MANUAL_CASH_NOT_CASHBACK: 0x02,
  IF_TERMINAL_SUPPORTS_CVM: 0x03,
  IF_MANUAL_CASH: 0x04,
  IF_PURCHASE_WITH_CASHBACK: 0x05,
  IF_APP_CURRENCY_AND_UNDER_X: 0x06,
  IF_APP_CURRENCY_AND_OVER_X: 0x07,
  IF_APP_CURRENCY_AND_UNDER_Y: 0x08,
  IF_APP_CURRENCY_AND_OVER_Y: 0x09,
} as const;

/** One CV Rule as on the card: `cvmCode` is byte 1 b6-b1, `byte1` the whole first byte. */
export interface CvRule {
  readonly byte1: number;
  readonly cvmCode: number;
  readonly applySucceedingIfUnsuccessful: boolean;
  readonly condition: number;
}

/** A decoded CVM List (8E). Amounts are binary, in the minor unit of the application currency. */
export interface CvmList {
  readonly amountX: number;
  readonly amountY: number;
  readonly rules: readonly CvRule[];
}

/**
 * Decodes the value of a CVM List (8E): amount X (4 bytes), amount Y (4 bytes), then 2-byte CV Rules.
 * Throws `EMV_CVM_LIST_MALFORMED` when shorter than 8 bytes or when the rules do not fill whole pairs.
 * @remarks See EMV 4.4 Book 3, 10.5 and Annex C3.
 */
export function parseCvmList(value: Uint8Array): CvmList {
  if (value.length < 8 || (value.length - 8) % 2 !== 0) {
    throw new EmvError(
      'EMV_CVM_LIST_MALFORMED',
      `a CVM List is amount X, amount Y (4 bytes each) and 2-byte CV Rules; got ${value.length} bytes`,
      { offset: value.length < 8 ? value.length : value.length - 1 },
    );
  }
  const view = new DataView(value.buffer, value.byteOffset, value.byteLength);
  const rules: CvRule[] = [];
  for (let at = 8; at < value.length; at += 2) {
    const byte1 = value[at]!;
    rules.push({
      byte1,
      cvmCode: byte1 & 0x3f,
      applySucceedingIfUnsuccessful: (byte1 & CV_RULE_APPLY_SUCCEEDING) !== 0,
      condition: value[at + 1]!,
    });
  }
  return { amountX: view.getUint32(0), amountY: view.getUint32(4), rules };
}
