/**
 * The inverse of shaping: presentation forms back to base letters (a LAM-ALEF ligature to lam then alef), for
 * reading printed text back in logical order. Input must already be in logical order.
 */
import { baseOfForm } from './arabic-letters.ts';

/** Replaces every Arabic presentation form in `text` by the base letter(s) it stands for. */
export function unshapeArabic(text: string): string {
  let out = '';
  for (const c of text) out += baseOfForm(c.codePointAt(0)!) ?? c;
  return out;
}
