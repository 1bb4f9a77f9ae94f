/**
 * Lays a `Receipt` out as printed lines for a printer's width: Arabic lines (right to left, right aligned, amount at
 * the left edge) above their English counterparts. A printer without the Arabic code page gets the English lines
 * and one note saying the Arabic could not be printed (no raster Arabic font yet).
 */
import type { PrinterProfile } from '../../../hardware-profiles/profile.ts';
import type { UserMessage } from '../../errors.ts';
import { printableText, printedWidth, type PrinterCharset } from './printable-text.ts';
import { printLine, type PrintLine } from './print-line.ts';
import { formatPiastres, formatReceiptTime, type Receipt } from './receipt.ts';
import { wrapText } from './wrap-text.ts';

/** The note a printer without an Arabic code page prints in place of the Arabic lines. */
export const NO_ARABIC_NOTE = 'Arabic text cannot be printed on this printer';

/** The printer's width and character set, from its profile. */
export function layoutTarget(profile: Pick<PrinterProfile, 'columns' | 'arabicCodePage'>): { columns: number; charset: PrinterCharset } {
  return { columns: profile.columns, charset: profile.arabicCodePage === undefined ? 'ascii' : 'cp864' };
}

/** The receipt as printed lines, logical order. */
export function layoutReceipt(receipt: Receipt, profile: Pick<PrinterProfile, 'columns' | 'arabicCodePage'>): PrintLine[] {
  const { columns, charset } = layoutTarget(profile);
  const arabic = charset === 'cp864';
  const out: PrintLine[] = [];
  const clean = (s: string): string => printableText(s, charset).replace(/ +/g, ' ').trim();
  const text = (s: string, style: Partial<Omit<PrintLine, 'text'>> = {}): void => {
    const width = style.double ? Math.floor(columns / 2) : columns;
    for (const piece of wrapText(clean(s), width)) out.push(printLine(piece, style));
  };
  const both = (m: UserMessage, style: Partial<Omit<PrintLine, 'text'>> = {}): void => {
    if (arabic && m.ar) text(m.ar, { ...style, align: style.align ?? 'right' });
    if (m.en) text(m.en, style);
  };
  // Label at the line's start and amount at its end, in reading order: for an Arabic line the start is the right.
  const pair = (label: string, amount: string, bold: boolean, rtl: boolean): void => {
    const l = clean(label);
    const a = clean(amount);
    const gap = columns - printedWidth(l) - printedWidth(a);
    if (gap >= 1) {
      out.push(printLine(`${l}${' '.repeat(gap)}${a}`, { bold }));
      return;
    }
    text(l, { bold, align: rtl ? 'right' : 'left' });
    out.push(printLine(a, { bold, align: rtl ? 'left' : 'right' }));
  };
  const rule = (): void => void out.push(printLine('-'.repeat(columns)));

  if (!arabic) text(NO_ARABIC_NOTE, { align: 'center' });
  if (arabic && receipt.merchant.ar) text(receipt.merchant.ar, { align: 'center', double: true });
  text(receipt.merchant.en, { align: 'center', bold: true });
  text(`Terminal ${receipt.terminalId}`);
  text(`Ref ${receipt.reference}`);
  text(formatReceiptTime(receipt.issuedAt, receipt.utcOffsetMinutes));
  rule();
  for (const line of receipt.lines) {
    const amount = formatPiastres(line.amountPiastres);
    if (arabic) pair(`${line.label.ar} ${line.quantity}${line.unit ? ` ${line.unit.ar}` : ''}`, amount, false, true);
    pair(`${line.label.en} ${line.unit ? `${line.quantity} ${line.unit.en}` : `x${line.quantity}`}`, amount, false, false);
  }
  rule();
  const total = receipt.lines.reduce((sum, l) => sum + l.amountPiastres, 0);
  if (arabic) pair('الإجمالي', `${formatPiastres(total)} جنيه`, true, true);
  pair('TOTAL', `EGP ${formatPiastres(total)}`, true, false);
  for (const f of receipt.figures ?? []) {
    if (arabic) pair(f.label.ar, `${formatPiastres(f.amountPiastres)} جنيه`, false, true);
    pair(f.label.en, `EGP ${formatPiastres(f.amountPiastres)}`, false, false);
  }
  rule();
  both(receipt.outcome.message, { align: 'center' });
  text(receipt.outcome.code, { align: 'center', bold: true });
  for (const m of receipt.footer ?? []) both(m, { align: 'center' });
  return out;
}
