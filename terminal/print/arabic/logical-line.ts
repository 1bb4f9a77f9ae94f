/**
 * Reading a printed line back: visual order to logical order, presentation forms to base letters. Reordering is
 * its own inverse for the lines receipts hold (Arabic words, numbers and Latin runs inside a right-to-left line,
 * or the reverse); a line whose neutrals resolve differently once reversed (e.g. a number before a Latin word at
 * the logical start of an Arabic line) may come back with those runs swapped.
 */
import { unshapeArabic } from './unshape-arabic.ts';
import { visualOrder } from './visual-order.ts';

/** The logical text of a printed (visual-order, shaped) line. */
export function logicalLine(visual: string): string {
  return unshapeArabic(visualOrder(visual));
}
