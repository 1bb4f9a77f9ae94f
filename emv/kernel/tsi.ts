import type { BitRef } from './tvr.ts';

/**
 * The Transaction Status Information (9B) bits that cardholder verification sets.
 * @remarks See EMV 4.4 Book 3, Annex C6 (TSI), byte 1.
 */
export const TSI = {
  /** Byte 1 b7. */
  CARDHOLDER_VERIFICATION_PERFORMED: { byte: 1, mask: 0x40 },
} as const satisfies Record<string, BitRef>;

/** A fresh all-zero TSI (2 bytes). */
export function emptyTsi(): Uint8Array {
  return new Uint8Array(2);
}
