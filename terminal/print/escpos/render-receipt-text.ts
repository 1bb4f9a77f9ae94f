/**
 * The paper as the customer reads it: the receipt's printed lines in logical order, one per line, no styles.
 * For a printer with the Arabic code page (the default here: 32 columns, CP864) this is exactly what `SimPrinter`
 * reads back from the bytes `encodeReceipt` makes.
 */
import type { PrinterProfile } from '../../../hardware-profiles/profile.ts';
import { layoutReceipt } from './layout-receipt.ts';
import type { Receipt } from './receipt.ts';

/** Default target: a 58 mm printer (32 columns) with PC864 (ESC t 37, Epson numbering). */
export const DEFAULT_RECEIPT_TARGET = { columns: 32, arabicCodePage: 37 } as const;

/** The receipt's text as read, lines joined by '\n' with a final '\n'. */
export function renderReceiptText(receipt: Receipt, profile: Pick<PrinterProfile, 'columns' | 'arabicCodePage'> = DEFAULT_RECEIPT_TARGET): string {
  return layoutReceipt(receipt, profile).map((l) => `${l.text}\n`).join('');
}
