/**
 * The receipt the terminal prints for each transaction: the merchant (bakery or grocer), the terminal, the lines
 * bought with Arabic and English labels, amounts in piastres, the total, the transaction's stable outcome code and
 * message, the time and a transaction reference. Layout: `layoutReceipt`; bytes: `encodeReceipt`; the paper as
 * read: `renderReceiptText`.
 */
import type { UserMessage } from '../../errors.ts';

export interface ReceiptLine {
  readonly label: UserMessage;
  readonly quantity: number;
  /** Unit of the quantity ("رغيف" / "loaves", "كجم" / "kg"); omitted for a count of pieces. */
  readonly unit?: UserMessage;
  readonly amountPiastres: number;
}

/** A further figure under the total (paid from the card, bread points left, ...). */
export interface ReceiptFigure {
  readonly label: UserMessage;
  readonly amountPiastres: number;
}

export interface Receipt {
  readonly merchant: UserMessage;
  readonly terminalId: string;
  /** The transaction reference the holder quotes (printed on a left-to-right line, as is). */
  readonly reference: string;
  /** Terminal clock, seconds since 1970-01-01 UTC, printed in local time. */
  readonly issuedAt: number;
  readonly utcOffsetMinutes: number;
  readonly lines: readonly ReceiptLine[];
  readonly figures?: readonly ReceiptFigure[];
  /** The stable outcome code (`APPROVED`, or a decline code) and its message in both languages. */
  readonly outcome: { readonly code: string; readonly message: UserMessage };
  readonly footer?: readonly UserMessage[];
}

/** Piastres as pounds with two decimals: 120 → "1.20", -5 → "-0.05". */
export function formatPiastres(piastres: number): string {
  if (!Number.isSafeInteger(piastres)) throw new RangeError(`receipt: ${piastres} is not a whole number of piastres`);
  const sign = piastres < 0 ? '-' : '';
  const abs = Math.abs(piastres);
  return `${sign}${Math.floor(abs / 100)}.${String(abs % 100).padStart(2, '0')}`;
}

/** The receipt's local date and time, "YYYY-MM-DD HH:MM". */
export function formatReceiptTime(issuedAt: number, utcOffsetMinutes: number): string {
  const iso = new Date((issuedAt + utcOffsetMinutes * 60) * 1000).toISOString();
  return `${iso.slice(0, 10)} ${iso.slice(11, 16)}`;
}
