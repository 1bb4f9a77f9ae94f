/** A receipt as the ESC/POS bytes for one printer (its width and, if any, its Arabic code page). */
import type { PrinterProfile } from '../../../hardware-profiles/profile.ts';
import { encodePrintLines } from './encode-print-lines.ts';
import { layoutReceipt } from './layout-receipt.ts';
import type { Receipt } from './receipt.ts';

/** Lays out and encodes `receipt` for `profile`. */
export function encodeReceipt(receipt: Receipt, profile: Pick<PrinterProfile, 'columns' | 'arabicCodePage'>): Uint8Array {
  return encodePrintLines(layoutReceipt(receipt, profile), profile);
}
