/**
 * Lays out a plain text document (one paragraph a line, e.g. `bakeryRegisterText`, the bakery's day register for
 * inspection) as printed lines: Arabic lines right aligned, others left, each wrapped to the printer's width.
 * Without the Arabic code page the Arabic lines are left out and `NO_ARABIC_NOTE` heads the page.
 */
import type { PrinterProfile } from '../../../hardware-profiles/profile.ts';
import { hasRightToLeft } from '../arabic/bidi-class.ts';
import { NO_ARABIC_NOTE, layoutTarget } from './layout-receipt.ts';
import { printableText } from './printable-text.ts';
import { printLine, type PrintLine } from './print-line.ts';
import { wrapText } from './wrap-text.ts';

/** `text`'s lines as printed lines for `profile`. */
export function layoutDocument(text: string, profile: Pick<PrinterProfile, 'columns' | 'arabicCodePage'>): PrintLine[] {
  const { columns, charset } = layoutTarget(profile);
  const out: PrintLine[] = charset === 'ascii' ? [printLine(NO_ARABIC_NOTE, { align: 'center' })] : [];
  for (const raw of text.replace(/\n$/, '').split('\n')) {
    const arabic = hasRightToLeft(raw);
    if (arabic && charset === 'ascii') continue;
    const clean = printableText(raw, charset).replace(/ +/g, ' ').trim();
    for (const piece of wrapText(clean, columns)) out.push(printLine(piece, { align: arabic ? 'right' : 'left' }));
  }
  return out;
}
