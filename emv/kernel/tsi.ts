import type { BitRef } from './tvr.ts';

/**
 * The Transaction Status Information (9B) bits, each with the step that sets it.
 * @remarks See EMV 4.4 Book 3, Annex C6 (TSI), byte 1 (byte 2 is RFU).
 */
export const TSI = {
  /** Byte 1 b8 (offline data authentication). */
  OFFLINE_DATA_AUTHENTICATION_PERFORMED: { byte: 1, mask: 0x80 },
  /** Byte 1 b7 (cardholder verification). */
  CARDHOLDER_VERIFICATION_PERFORMED: { byte: 1, mask: 0x40 },
  /** Byte 1 b6 (card action analysis: first GENERATE AC). */
  CARD_RISK_MANAGEMENT_PERFORMED: { byte: 1, mask: 0x20 },
  /** Byte 1 b5 (online processing: EXTERNAL AUTHENTICATE sent). */
  ISSUER_AUTHENTICATION_PERFORMED: { byte: 1, mask: 0x10 },
  /** Byte 1 b4 (terminal risk management). */
  TERMINAL_RISK_MANAGEMENT_PERFORMED: { byte: 1, mask: 0x08 },
  /** Byte 1 b3 (issuer script processing). */
  SCRIPT_PROCESSING_PERFORMED: { byte: 1, mask: 0x04 },
} as const satisfies Record<string, BitRef>;

/** A fresh all-zero TSI (2 bytes). */
export function emptyTsi(): Uint8Array {
  return new Uint8Array(2);
}
