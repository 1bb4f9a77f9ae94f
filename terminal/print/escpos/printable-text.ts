/**
 * Text as a receipt printer can print it, decided before layout so that what the terminal says it printed
 * (`renderReceiptText`) and what comes off the paper agree: harakat and directional marks dropped, dashes and
 * typographic spaces made ASCII, and, for a printer with the Arabic code page, ALEF WITH HAMZA BELOW written as
 * ALEF (CP864 has no glyph for it); anything else the character set cannot print becomes '?'.
 */
import { isArabicMark, letterForms } from '../arabic/arabic-letters.ts';
import { shapeArabic } from '../arabic/shape-arabic.ts';
import { cp864Byte } from './cp864.ts';

/** What the printer can print: CP864 (ASCII plus Arabic) or plain ASCII. */
export type PrinterCharset = 'cp864' | 'ascii';

const REPLACE: Record<string, string> = {
  '\u2010': '-', '\u2011': '-', '\u2012': '-', '\u2013': '-', '\u2014': '-', '\u2015': '-', '\u2212': '-',
  '\u2018': "'", '\u2019': "'", '\u201c': '"', '\u201d': '"', '\u2026': '...', '\t': ' ', '\u00a0': ' ',
};
const ASCII_ONLY: Record<string, string> = { '\u00d7': 'x', '\u00f7': '/' };
const DROP = /[\u200b-\u200f\u061c\u202a-\u202e\u2066-\u2069\ufeff]/u;

function printable(c: string, charset: PrinterCharset): string {
  const cp = c.codePointAt(0)!;
  if (cp >= 0x20 && cp < 0x7f) return c;
  if (isArabicMark(cp) || DROP.test(c)) return '';
  if (cp >= 0x2000 && cp <= 0x200a) return ' ';
  const replaced = REPLACE[c] ?? (charset === 'ascii' ? ASCII_ONLY[c] : undefined);
  if (replaced !== undefined) return replaced;
  if (charset === 'ascii') return '?';
  if (cp === 0x0625) return '\u0627';
  if (letterForms(cp) || cp === 0x0640) return c;
  return cp864Byte(cp) !== undefined && cp !== 0x00ad ? c : '?';
}

/** `text` restricted to what `charset` prints (logical order, unshaped). */
export function printableText(text: string, charset: PrinterCharset): string {
  let out = '';
  for (const c of text) out += printable(c, charset);
  return out;
}

/** Printed width in columns (one per shaped glyph: a lam-alef ligature is one column). */
export function printedWidth(text: string): number {
  return Array.from(shapeArabic(text)).length;
}
