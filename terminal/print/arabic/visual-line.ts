/**
 * One line of text as a left-to-right device must print it: Arabic shaped into presentation forms (logical order),
 * then reordered by the simplified bidirectional algorithm (right to left when the line holds Arabic).
 */
import { shapeArabic, type ShapeOptions } from './shape-arabic.ts';
import { visualOrder, type VisualOrderOptions } from './visual-order.ts';

/** Shapes then reorders `text` (one line, logical order) into visual order. */
export function visualLine(text: string, options: ShapeOptions & VisualOrderOptions = {}): string {
  return visualOrder(shapeArabic(text, options), options);
}
