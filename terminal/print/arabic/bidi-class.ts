/**
 * Bidirectional character types (Unicode UAX #9, Table 4) for the characters a receipt uses: Latin, Arabic,
 * Hebrew, digits, ASCII and Latin-1 punctuation, Arabic presentation forms. A simplification of the
 * Bidi_Class property in UnicodeData.txt (field 4): characters not listed here count as L.
 */
import { isArabicMark } from './arabic-letters.ts';

/** The bidi classes this simplified algorithm distinguishes (no explicit embeddings or isolates). */
export type BidiClass = 'L' | 'R' | 'AL' | 'EN' | 'ES' | 'ET' | 'AN' | 'CS' | 'NSM' | 'B' | 'S' | 'WS' | 'ON' | 'BN';

const ASCII: Record<string, BidiClass> = {
  '\t': 'S', '\n': 'B', '\r': 'B', '\f': 'WS', ' ': 'WS',
  '+': 'ES', '-': 'ES', '#': 'ET', '$': 'ET', '%': 'ET', ',': 'CS', '.': 'CS', '/': 'CS', ':': 'CS',
};

// Exceptions inside the ranges below.
const SINGLES = new Map<number, BidiClass>([
  [0x0606, 'ON'], [0x0607, 'ON'], [0x0609, 'ET'], [0x060a, 'ET'], [0x060e, 'ON'], [0x060f, 'ON'], [0x06dd, 'AN'],
  [0x06de, 'ON'], [0x06e9, 'ON'], [0x202f, 'CS'], [0x2032, 'ET'], [0x2033, 'ET'], [0x2034, 'ET'], [0x2044, 'CS'],
  [0x205f, 'WS'],
]);

/** The bidi class of a code point (UnicodeData.txt field 4, simplified). */
export function bidiClass(cp: number): BidiClass {
  const single = SINGLES.get(cp);
  if (single) return single;
  if (cp < 0x80) {
    const c = String.fromCharCode(cp);
    if (ASCII[c]) return ASCII[c];
    if (cp >= 0x30 && cp <= 0x39) return 'EN';
    if ((cp >= 0x41 && cp <= 0x5a) || (cp >= 0x61 && cp <= 0x7a)) return 'L';
    return cp < 0x20 || cp === 0x7f ? 'BN' : 'ON';
  }
  if (cp < 0x100) {
    if (cp < 0xa0) return 'BN';
    if (cp === 0xa0) return 'CS';
    if (cp === 0xb2 || cp === 0xb3 || cp === 0xb9) return 'EN';
    if ((cp >= 0xa2 && cp <= 0xa5) || cp === 0xb0 || cp === 0xb1) return 'ET';
    if (cp === 0xaa || cp === 0xb5 || cp === 0xba || cp >= 0xc0) return cp === 0xd7 || cp === 0xf7 ? 'ON' : 'L';
    return cp === 0xad ? 'BN' : 'ON';
  }
  if (cp >= 0x0590 && cp <= 0x05ff) return cp >= 0x0591 && cp <= 0x05c7 && cp !== 0x05be && cp !== 0x05c0 && cp !== 0x05c3 && cp !== 0x05c6 ? 'NSM' : 'R';
  if (cp >= 0x0600 && cp <= 0x06ff) {
    if (isArabicMark(cp)) return 'NSM';
    if ((cp >= 0x0660 && cp <= 0x0669) || cp === 0x066b || cp === 0x066c || (cp >= 0x0600 && cp <= 0x0605)) return 'AN';
    if (cp >= 0x06f0 && cp <= 0x06f9) return 'EN';
    if (cp === 0x066a) return 'ET';
    if (cp === 0x060c) return 'CS';
    return 'AL';
  }
  if (cp === 0x200e) return 'L';
  if (cp === 0x200f) return 'R';
  if (cp >= 0x2000 && cp <= 0x200a) return 'WS';
  if (cp === 0x2028) return 'WS';
  if (cp === 0x2029) return 'B';
  if ((cp >= 0x200b && cp <= 0x200d) || (cp >= 0x202a && cp <= 0x202e) || (cp >= 0x2060 && cp <= 0x206f) || cp === 0xfeff) return 'BN';
  if (cp === 0x2030 || cp === 0x2031 || (cp >= 0x20a0 && cp <= 0x20cf)) return 'ET';
  if (cp >= 0x2010 && cp <= 0x2027) return 'ON';
  if (cp >= 0x2032 && cp <= 0x205e) return 'ON';
  if (cp >= 0x2190 && cp <= 0x2bff) return 'ON';
  if (cp >= 0xfb1d && cp <= 0xfb4f) return 'R';
  if ((cp >= 0xfb50 && cp <= 0xfdff) || (cp >= 0xfe70 && cp <= 0xfefe)) return 'AL';
  return 'L';
}

/** Whether `text` holds a right-to-left letter (Arabic or Hebrew, in base or presentation forms). */
export function hasRightToLeft(text: string): boolean {
  for (const c of text) {
    const t = bidiClass(c.codePointAt(0)!);
    if (t === 'R' || t === 'AL') return true;
  }
  return false;
}
