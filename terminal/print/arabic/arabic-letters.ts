/**
 * Arabic letters for shaping: the Unicode joining type of each character and the presentation forms (Unicode
 * Arabic Presentation Forms-B, U+FE70–U+FEFF) of the letters U+0621–U+064A.
 *
 * Sources: joining types from the Unicode Character Database, ArabicShaping.txt (Unicode 15.1, field 2:
 * U, R, D, C, T); presentation forms from UnicodeData.txt, whose U+FE80–U+FEFC entries decompose as
 * `<isolated>`/`<final>`/`<initial>`/`<medial>` of the base letter. The initial and medial forms of ALEF MAKSURA
 * (U+FBE8, U+FBE9) are in Presentation Forms-A, since Forms-B gives it only isolated and final.
 */

/** Unicode joining type (ArabicShaping.txt): non-joining, right-joining, dual-joining, join-causing, transparent. */
export type JoiningType = 'U' | 'R' | 'D' | 'C' | 'T';

/** The four positional forms of a letter; 0 where Unicode has none. */
export interface LetterForms {
  readonly isolated: number;
  readonly final: number;
  readonly initial: number;
  readonly medial: number;
}

/** Harakat and other Arabic combining marks: joining type T, skipped when finding a letter's neighbours. */
export function isArabicMark(cp: number): boolean {
  return (cp >= 0x0610 && cp <= 0x061a) || (cp >= 0x064b && cp <= 0x065f) || cp === 0x0670 ||
    (cp >= 0x06d6 && cp <= 0x06dc) || (cp >= 0x06df && cp <= 0x06e4) || cp === 0x06e7 || cp === 0x06e8 ||
    (cp >= 0x06ea && cp <= 0x06ed);
}

// See ArabicShaping.txt: U+0621 U; U+0622–0625 R; 0626 D; 0627 R; 0628 D; 0629 R; 062A–062E D; 062F–0632 R;
// 0633–063F D; 0640 C (TATWEEL); 0641–0647 D; 0648 R; 0649 D; 064A D.
const RIGHT_JOINING = new Set([0x0622, 0x0623, 0x0624, 0x0625, 0x0627, 0x0629, 0x062f, 0x0630, 0x0631, 0x0632, 0x0648]);

/** Joining type of a code point (only the Arabic block matters here; ZWJ joins, everything else is U). */
export function joiningType(cp: number): JoiningType {
  if (isArabicMark(cp)) return 'T';
  if (cp === 0x0640 || cp === 0x200d) return 'C';
  if (cp < 0x0621 || cp > 0x064a) return 'U';
  if (cp === 0x0621) return 'U';
  if (RIGHT_JOINING.has(cp)) return 'R';
  return 'D';
}

// [base letter, first presentation form, number of forms]: forms follow as isolated, final, initial, medial.
// See UnicodeData.txt U+FE80–U+FEF4.
const FORM_RUNS: readonly (readonly [number, number, number])[] = [
  [0x0621, 0xfe80, 1], [0x0622, 0xfe81, 2], [0x0623, 0xfe83, 2], [0x0624, 0xfe85, 2], [0x0625, 0xfe87, 2],
  [0x0626, 0xfe89, 4], [0x0627, 0xfe8d, 2], [0x0628, 0xfe8f, 4], [0x0629, 0xfe93, 2], [0x062a, 0xfe95, 4],
  [0x062b, 0xfe99, 4], [0x062c, 0xfe9d, 4], [0x062d, 0xfea1, 4], [0x062e, 0xfea5, 4], [0x062f, 0xfea9, 2],
  [0x0630, 0xfeab, 2], [0x0631, 0xfead, 2], [0x0632, 0xfeaf, 2], [0x0633, 0xfeb1, 4], [0x0634, 0xfeb5, 4],
  [0x0635, 0xfeb9, 4], [0x0636, 0xfebd, 4], [0x0637, 0xfec1, 4], [0x0638, 0xfec5, 4], [0x0639, 0xfec9, 4],
  [0x063a, 0xfecd, 4], [0x0641, 0xfed1, 4], [0x0642, 0xfed5, 4], [0x0643, 0xfed9, 4], [0x0644, 0xfedd, 4],
  [0x0645, 0xfee1, 4], [0x0646, 0xfee5, 4], [0x0647, 0xfee9, 4], [0x0648, 0xfeed, 2], [0x0649, 0xfeef, 2],
  [0x064a, 0xfef1, 4],
];

const FORMS = new Map<number, LetterForms>();
/** Presentation form (U+FE70–U+FEFF, U+FBE8/9) → the base letter(s) in logical order. */
const BASE = new Map<number, string>();

for (const [base, first, count] of FORM_RUNS) {
  const at = (i: number): number => (i < count ? first + i : 0);
  const forms = { isolated: at(0), final: at(1), initial: at(2), medial: at(3) };
  if (base === 0x0649) Object.assign(forms, { initial: 0xfbe8, medial: 0xfbe9 });
  FORMS.set(base, forms);
  for (const f of Object.values(forms)) if (f) BASE.set(f, String.fromCodePoint(base));
}

/** LAM WITH ALEF ligatures, isolated and final (UnicodeData.txt U+FEF5–U+FEFC), by the alef that follows lam. */
export const LAM_ALEF: ReadonlyMap<number, { readonly isolated: number; readonly final: number }> = new Map([
  [0x0622, { isolated: 0xfef5, final: 0xfef6 }],
  [0x0623, { isolated: 0xfef7, final: 0xfef8 }],
  [0x0625, { isolated: 0xfef9, final: 0xfefa }],
  [0x0627, { isolated: 0xfefb, final: 0xfefc }],
]);
for (const [alef, { isolated, final }] of LAM_ALEF) {
  BASE.set(isolated, '\u0644' + String.fromCodePoint(alef));
  BASE.set(final, '\u0644' + String.fromCodePoint(alef));
}

export const ARABIC_LAM = 0x0644;

/** The presentation forms of a base letter, or undefined for a character that has none. */
export function letterForms(cp: number): LetterForms | undefined {
  return FORMS.get(cp);
}

/** The base letter(s) a presentation form stands for (two, lam then alef, for a ligature), or undefined. */
export function baseOfForm(cp: number): string | undefined {
  return BASE.get(cp);
}
