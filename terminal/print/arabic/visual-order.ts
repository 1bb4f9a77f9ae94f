/**
 * A simplified Unicode Bidirectional Algorithm (UAX #9) for one line: resolves each character's embedding level
 * and returns the line in visual order for a left-to-right device (a receipt printer prints the first byte at the
 * left). Simplifications: one paragraph, no explicit embeddings, overrides or isolates (X1–X8 are skipped; their
 * control characters are dropped like BN), no bracket pairs (N0); brackets at odd levels are mirrored (L4).
 *
 * @remarks See UAX #9 (Unicode 15.1), sections 3.3.2–3.4: rules P2–P3, W1–W7, N1–N2, I1–I2, L1, L2, L4.
 */
import { bidiClass, hasRightToLeft, type BidiClass } from './bidi-class.ts';

export type ParagraphDirection = 'ltr' | 'rtl';

export interface VisualOrderOptions {
  /**
   * Paragraph direction. Default: right to left when the line holds any Arabic or Hebrew letter (the receipt's
   * rule for Arabic lines), else left to right. `'auto'` applies UAX #9 P2–P3 (the first strong character).
   */
  readonly direction?: ParagraphDirection | 'auto';
}

// See BidiMirroring.txt: the pairs a receipt can hold.
const MIRROR: Record<string, string> = {
  '(': ')', ')': '(', '[': ']', ']': '[', '{': '}', '}': '{', '<': '>', '>': '<',
  '\u00ab': '\u00bb', '\u00bb': '\u00ab', '\u2039': '\u203a', '\u203a': '\u2039',
};

// Directional marks (LRM, RLM, ALM) act as strong characters but print as nothing.
const INVISIBLE = /[\u200e\u200f\u061c]/g;

const isStrong = (t: BidiClass): boolean => t === 'L' || t === 'R' || t === 'AL';
const isNeutral = (t: BidiClass): boolean => t === 'B' || t === 'S' || t === 'WS' || t === 'ON';

function paragraphLevel(chars: readonly string[], types: readonly BidiClass[], direction: VisualOrderOptions['direction']): 0 | 1 {
  if (direction === 'rtl') return 1;
  if (direction === 'ltr') return 0;
  if (direction === 'auto') {
    // See UAX #9 P2–P3.
    const first = types.find(isStrong);
    return first === 'R' || first === 'AL' ? 1 : 0;
  }
  return hasRightToLeft(chars.join('')) ? 1 : 0;
}

/** Resolved embedding levels of `chars` (BN characters get -1: removed from the output). */
export function resolveLevels(chars: readonly string[], paraLevel: 0 | 1): number[] {
  const original = chars.map((c) => bidiClass(c.codePointAt(0)!));
  const sos: BidiClass = paraLevel ? 'R' : 'L';
  // X9: BN characters are removed from the sequence the W and N rules look at.
  const idx = original.flatMap((t, i) => (t === 'BN' ? [] : [i]));
  const t = idx.map((i) => original[i]!);
  const n = t.length;
  // See W1: NSM takes the type of the previous character (sos at the start).
  for (let i = 0; i < n; i++) if (t[i] === 'NSM') t[i] = i === 0 ? sos : t[i - 1]!;
  // See W2: EN after AL (looking back to the first strong type) becomes AN. W3: AL becomes R.
  let lastStrong: BidiClass = sos;
  for (let i = 0; i < n; i++) {
    if (isStrong(t[i]!)) lastStrong = t[i]!;
    else if (t[i] === 'EN' && lastStrong === 'AL') t[i] = 'AN';
  }
  for (let i = 0; i < n; i++) if (t[i] === 'AL') t[i] = 'R';
  // See W4: a single ES between two EN, or a single CS between two numbers of the same type.
  for (let i = 1; i < n - 1; i++) {
    const before = t[i - 1];
    const after = t[i + 1];
    if (t[i] === 'ES' && before === 'EN' && after === 'EN') t[i] = 'EN';
    else if (t[i] === 'CS' && before === after && (before === 'EN' || before === 'AN')) t[i] = before!;
  }
  // See W5: a sequence of ET next to EN becomes EN.
  for (let i = 0; i < n; i++) {
    if (t[i] !== 'ET') continue;
    let end = i;
    while (end < n && t[end] === 'ET') end++;
    if ((i > 0 && t[i - 1] === 'EN') || t[end] === 'EN') for (let j = i; j < end; j++) t[j] = 'EN';
    i = end - 1;
  }
  // See W6: remaining separators and terminators become ON. W7: EN after L (or sos L) becomes L.
  lastStrong = sos;
  for (let i = 0; i < n; i++) {
    if (t[i] === 'ES' || t[i] === 'ET' || t[i] === 'CS') t[i] = 'ON';
    if (t[i] === 'L' || t[i] === 'R') lastStrong = t[i]!;
    else if (t[i] === 'EN' && lastStrong === 'L') t[i] = 'L';
  }
  // See N1–N2: neutrals between two of the same direction take it (EN and AN count as R); others the embedding's.
  const direction = (x: BidiClass): 'L' | 'R' => (x === 'L' ? 'L' : 'R');
  for (let i = 0; i < n; i++) {
    if (!isNeutral(t[i]!)) continue;
    let end = i;
    while (end < n && isNeutral(t[end]!)) end++;
    const before = i === 0 ? sos : direction(t[i - 1]!);
    const after = end === n ? sos : direction(t[end]!);
    const resolved: BidiClass = before === after ? before : sos;
    for (let j = i; j < end; j++) t[j] = resolved;
    i = end - 1;
  }
  // See I1–I2.
  const levels = new Array<number>(chars.length).fill(-1);
  idx.forEach((at, k) => {
    const type = t[k]!;
    if (paraLevel === 0) levels[at] = type === 'R' ? 1 : type === 'AN' || type === 'EN' ? 2 : 0;
    else levels[at] = type === 'R' ? 1 : 2;
  });
  // See L1: segment and paragraph separators, and whitespace before them or at the line's end, go to the paragraph level.
  let trailing = true;
  for (let i = chars.length - 1; i >= 0; i--) {
    const o = original[i]!;
    if (o === 'S' || o === 'B') {
      levels[i] = paraLevel;
      trailing = true;
    } else if (o === 'WS' && trailing) levels[i] = paraLevel;
    else if (o !== 'BN') trailing = false;
  }
  return levels;
}

/** The line in visual (left-to-right display) order, with mirrored brackets and without format controls. */
export function visualOrder(text: string, options: VisualOrderOptions = {}): string {
  const chars = Array.from(text);
  const paraLevel = paragraphLevel(chars, chars.map((c) => bidiClass(c.codePointAt(0)!)), options.direction);
  const levels = resolveLevels(chars, paraLevel);
  const kept = chars.flatMap((c, i) => (levels[i]! < 0 ? [] : [{ c: levels[i]! % 2 ? MIRROR[c] ?? c : c, level: levels[i]! }]));
  // See L2: from the highest level down to the lowest odd level, reverse every run at that level or higher.
  const highest = Math.max(0, ...kept.map((k) => k.level));
  for (let level = highest; level >= 1; level--) {
    for (let i = 0; i < kept.length; i++) {
      if (kept[i]!.level < level) continue;
      let end = i;
      while (end < kept.length && kept[end]!.level >= level) end++;
      const run = kept.slice(i, end).reverse();
      kept.splice(i, run.length, ...run);
      i = end - 1;
    }
  }
  return kept.map((k) => k.c).join('').replace(INVISIBLE, '');
}
