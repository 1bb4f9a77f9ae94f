/** One bit of a bit-mapped data object: `byte` counts from 1 as in the specification tables. */
export interface BitRef {
  readonly byte: number;
  readonly mask: number;
}

/**
 * The Terminal Verification Results (95) bits that cardholder verification sets. Other steps add theirs here.
 * @remarks See EMV 4.4 Book 3, Annex C5 (TVR). Bit positions checked against openemv/emv-utils
 * `src/emv_fields.h` (which cites EMV 4.4 Book 3, Annex C5, Table 46).
 */
export const TVR = {
  /** Byte 1 b6. */
  ICC_DATA_MISSING: { byte: 1, mask: 0x20 },
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
} as const satisfies Record<string, BitRef>;

/** A fresh all-zero TVR (5 bytes). */
export function emptyTvr(): Uint8Array {
  return new Uint8Array(5);
}

/** Sets `bit` in `bytes` (a TVR, TSI or any bit-mapped object) in place. */
export function setBit(bytes: Uint8Array, bit: BitRef): void {
  bytes[bit.byte - 1] = (bytes[bit.byte - 1] ?? 0) | bit.mask;
}
