/**
 * One printed line in logical order with its style: what the layout produces, what the encoder turns into bytes
 * and what the customer reads.
 */
import type { Alignment } from './escpos-commands.ts';

export interface PrintLine {
  /** Printable text (see `printableText`), logical order; '' for an empty line. */
  readonly text: string;
  readonly align: Alignment;
  readonly bold: boolean;
  /** Double width and height (GS ! 0x11): half as many columns. */
  readonly double: boolean;
}

/** A plain line: left aligned, not bold, normal size, unless `style` says otherwise. */
export function printLine(text: string, style: Partial<Omit<PrintLine, 'text'>> = {}): PrintLine {
  return { text, align: style.align ?? 'left', bold: style.bold ?? false, double: style.double ?? false };
}
