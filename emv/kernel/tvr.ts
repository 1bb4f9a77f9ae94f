/** One bit of a bit-mapped data object: `byte` counts from 1 as in the specification tables. */
export interface BitRef {
  readonly byte: number;
  readonly mask: number;
}

/**
 * The Terminal Verification Results (95) bits the kernel sets, and the step that sets each.
 * @remarks See EMV 4.4 Book 3, Annex C5 (TVR). Bit positions checked against openemv/emv-utils
 * `src/emv_fields.h` (which cites EMV 4.4 Book 3, Annex C5, Table 46); the EMV 4.4 biometric bits (byte 2 b1,
 * byte 3 b2, byte 4 b3 and b2) agree with two further independent decoders. The Book 3 text itself was not in
 * the library, so those four rest on secondary sources.
 */
export const TVR = {
  /** Byte 1 b8 (offline data authentication). */
  OFFLINE_DATA_AUTHENTICATION_NOT_PERFORMED: { byte: 1, mask: 0x80 },
  /** Byte 1 b7 (offline data authentication). */
  SDA_FAILED: { byte: 1, mask: 0x40 },
  /** Byte 1 b6. */
  ICC_DATA_MISSING: { byte: 1, mask: 0x20 },
  /** Byte 1 b5 (terminal risk management: exception file; this kernel keeps none). */
  CARD_ON_EXCEPTION_FILE: { byte: 1, mask: 0x10 },
  /** Byte 1 b4 (offline data authentication). */
  DDA_FAILED: { byte: 1, mask: 0x08 },
  /** Byte 1 b3 (offline data authentication, card action analysis, completion). */
  CDA_FAILED: { byte: 1, mask: 0x04 },
  /** Byte 1 b2 (offline data authentication). */
  SDA_SELECTED: { byte: 1, mask: 0x02 },
  /** Byte 2 b8 (processing restrictions). */
  APPLICATION_VERSIONS_DIFFERENT: { byte: 2, mask: 0x80 },
  /** Byte 2 b7 (processing restrictions). */
  EXPIRED_APPLICATION: { byte: 2, mask: 0x40 },
  /** Byte 2 b6 (processing restrictions). */
  APPLICATION_NOT_YET_EFFECTIVE: { byte: 2, mask: 0x20 },
  /** Byte 2 b5 (processing restrictions). */
  SERVICE_NOT_ALLOWED: { byte: 2, mask: 0x10 },
  /** Byte 2 b4 (terminal risk management, velocity checking: Last Online ATC Register is zero). */
  NEW_CARD: { byte: 2, mask: 0x08 },
  /** Byte 2 b1: biometric template format not supported (EMV 4.4; cardholder verification). */
  BIOMETRIC_TEMPLATE_FORMAT_NOT_SUPPORTED: { byte: 2, mask: 0x01 },
  /** Byte 3 b8. */
  CARDHOLDER_VERIFICATION_NOT_SUCCESSFUL: { byte: 3, mask: 0x80 },
  /** Byte 3 b7. */
  UNRECOGNISED_CVM: { byte: 3, mask: 0x40 },
  /** Byte 3 b6. */
  PIN_TRY_LIMIT_EXCEEDED: { byte: 3, mask: 0x20 },
  /** Byte 3 b5: PIN entry required and PIN pad not present or not working. */
  PIN_PAD_NOT_PRESENT_OR_NOT_WORKING: { byte: 3, mask: 0x10 },
  /** Byte 3 b4: PIN entry required, PIN pad present, but PIN was not entered. */
  PIN_NOT_ENTERED: { byte: 3, mask: 0x08 },
  /** Byte 3 b3: online CVM captured (EMV 4.3 called it 'Online PIN entered'). */
  ONLINE_CVM_CAPTURED: { byte: 3, mask: 0x04 },
  /** Byte 3 b2: biometric required but biometric capture device not working (EMV 4.4). */
  BIOMETRIC_CAPTURE_DEVICE_NOT_WORKING: { byte: 3, mask: 0x02 },
  /** Byte 4 b8 (terminal risk management). */
  TXN_FLOOR_LIMIT_EXCEEDED: { byte: 4, mask: 0x80 },
  /** Byte 4 b7 (terminal risk management, velocity checking). */
  LOWER_CONSECUTIVE_OFFLINE_LIMIT_EXCEEDED: { byte: 4, mask: 0x40 },
  /** Byte 4 b6 (terminal risk management, velocity checking). */
  UPPER_CONSECUTIVE_OFFLINE_LIMIT_EXCEEDED: { byte: 4, mask: 0x20 },
  /** Byte 4 b5 (terminal risk management, random transaction selection). */
  RANDOMLY_SELECTED_FOR_ONLINE: { byte: 4, mask: 0x10 },
  /** Byte 4 b4 (terminal risk management: the merchant asked for online). */
  MERCHANT_FORCED_ONLINE: { byte: 4, mask: 0x08 },
  /** Byte 4 b3: biometric try limit exceeded (EMV 4.4; cardholder verification). */
  BIOMETRIC_TRY_LIMIT_EXCEEDED: { byte: 4, mask: 0x04 },
  /** Byte 4 b2: a selected biometric type not supported (EMV 4.4; cardholder verification). */
  BIOMETRIC_TYPE_NOT_SUPPORTED: { byte: 4, mask: 0x02 },
  /** Byte 5 b8 (card action analysis: the terminal's default TDOL built the TC hash). */
  DEFAULT_TDOL_USED: { byte: 5, mask: 0x80 },
  /** Byte 5 b7 (online processing, EXTERNAL AUTHENTICATE). */
  ISSUER_AUTHENTICATION_FAILED: { byte: 5, mask: 0x40 },
  /** Byte 5 b6 (issuer script processing, template 71). */
  SCRIPT_FAILED_BEFORE_FINAL_GENERATE_AC: { byte: 5, mask: 0x20 },
  /** Byte 5 b5 (issuer script processing, template 72). */
  SCRIPT_FAILED_AFTER_FINAL_GENERATE_AC: { byte: 5, mask: 0x10 },
} as const satisfies Record<string, BitRef>;

/** A fresh all-zero TVR (5 bytes). */
export function emptyTvr(): Uint8Array {
  return new Uint8Array(5);
}

/** Sets `bit` in `bytes` (a TVR, TSI or any bit-mapped object) in place. */
export function setBit(bytes: Uint8Array, bit: BitRef): void {
  bytes[bit.byte - 1] = (bytes[bit.byte - 1] ?? 0) | bit.mask;
}

/** Whether `bit` is set in `bytes`. */
export function hasBit(bytes: Uint8Array, bit: BitRef): boolean {
  return ((bytes[bit.byte - 1] ?? 0) & bit.mask) !== 0;
}
