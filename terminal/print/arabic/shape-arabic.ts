/**
 * Contextual shaping of Arabic text: each letter becomes its isolated, initial, medial or final presentation form
 * (Unicode Arabic Presentation Forms-B) depending on whether it joins the letters around it, and LAM followed by
 * an ALEF becomes one LAM-ALEF ligature. Input and output are in logical order; reorder for display afterwards.
 *
 * @remarks See The Unicode Standard, 9.2 "Arabic", Cursive Joining (rules R1–R7), and ArabicShaping.txt.
 */
import { ARABIC_LAM, LAM_ALEF, isArabicMark, joiningType, letterForms, type JoiningType } from './arabic-letters.ts';

export interface ShapeOptions {
  /** Keep harakat and other combining marks (default false: dropped, since receipt printers cannot stack them). */
  readonly keepHarakat?: boolean;
}

// A letter with this type joins the letter after it (its left side, in display).
const joinsForward = (t: JoiningType | undefined): boolean => t === 'D' || t === 'C';
// A letter with this type can be joined by the letter before it (its right side).
const joinsBackward = (t: JoiningType | undefined): boolean => t === 'D' || t === 'R' || t === 'C';

/** Shapes `text` (logical order) into presentation forms; characters other than Arabic letters pass unchanged. */
export function shapeArabic(text: string, options: ShapeOptions = {}): string {
  const cps = Array.from(text, (c) => c.codePointAt(0)!);
  const types = cps.map(joiningType);
  // Neighbour lookups skip transparent marks (R1 of the joining rules).
  const neighbour = (i: number, step: 1 | -1): number => {
    let j = i + step;
    while (j >= 0 && j < cps.length && types[j] === 'T') j += step;
    return j;
  };
  let out = '';
  let previousType: JoiningType | undefined; // type of the last non-mark character emitted, as joining sees it
  for (let i = 0; i < cps.length; i++) {
    const cp = cps[i]!;
    const type = types[i]!;
    if (type === 'T') {
      if (options.keepHarakat || !isArabicMark(cp)) out += String.fromCodePoint(cp);
      continue;
    }
    const joinsPrevious = joinsForward(previousType) && joinsBackward(type);
    const nextIndex = neighbour(i, 1);
    // See ArabicShaping.txt, "LAM WITH ALEF": a mandatory ligature, which joins only on its right side.
    const ligature = cp === ARABIC_LAM ? LAM_ALEF.get(cps[nextIndex] ?? -1) : undefined;
    if (ligature) {
      out += String.fromCodePoint(joinsPrevious ? ligature.final : ligature.isolated);
      // Marks between lam and alef follow the ligature.
      for (let j = i + 1; j < nextIndex; j++) if (options.keepHarakat) out += String.fromCodePoint(cps[j]!);
      i = nextIndex;
      previousType = 'R';
      continue;
    }
    const joinsNext = joinsForward(type) && joinsBackward(types[nextIndex]);
    const forms = letterForms(cp);
    let shaped = cp;
    if (forms) {
      const form = joinsPrevious && joinsNext ? forms.medial : joinsPrevious ? forms.final : joinsNext ? forms.initial : forms.isolated;
      shaped = form || forms.isolated;
    }
    out += String.fromCodePoint(shaped);
    previousType = type;
  }
  return out;
}
