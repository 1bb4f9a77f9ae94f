/**
 * Code page 864 (IBM PC Arabic), the Arabic code page of ESC/POS printers: shaped text (presentation forms, in
 * visual order) to bytes and back. Source of the table: the Unicode Consortium's mapping
 * VENDORS/MICSFT/PC/CP864.TXT (the same table Python ships as `encodings.cp864`), upper half 0x80–0xFF.
 * The lower half is ASCII here; CP864.TXT maps 0x25 to ARABIC PERCENT SIGN, but printers print 0x25 as '%'.
 *
 * CP864 has one or two glyphs per letter, not four: where a form is missing the encoder uses the nearest one the
 * code page was designed to stand in for it (final → isolated, medial → initial, and the other way round), as
 * printers with this code page expect.
 */
import { baseOfForm, letterForms } from '../arabic/arabic-letters.ts';

// See CP864.TXT, bytes 0x80–0xFF; 0 = undefined.
// prettier-ignore
const UPPER: readonly number[] = [
  0x00b0, 0x00b7, 0x2219, 0x221a, 0x2592, 0x2500, 0x2502, 0x253c, // 0x80
  0x2524, 0x252c, 0x251c, 0x2534, 0x2510, 0x250c, 0x2514, 0x2518, // 0x88
  0x03b2, 0x221e, 0x03c6, 0x00b1, 0x00bd, 0x00bc, 0x2248, 0x00ab, // 0x90
  0x00bb, 0xfef7, 0xfef8, 0, 0, 0xfefb, 0xfefc, 0, // 0x98
  0x00a0, 0x00ad, 0xfe82, 0x00a3, 0x00a4, 0xfe84, 0, 0, // 0xa0
  0xfe8e, 0xfe8f, 0xfe95, 0xfe99, 0x060c, 0xfe9d, 0xfea1, 0xfea5, // 0xa8
  0x0660, 0x0661, 0x0662, 0x0663, 0x0664, 0x0665, 0x0666, 0x0667, // 0xb0
  0x0668, 0x0669, 0xfed1, 0x061b, 0xfeb1, 0xfeb5, 0xfeb9, 0x061f, // 0xb8
  0x00a2, 0xfe80, 0xfe81, 0xfe83, 0xfe85, 0xfeca, 0xfe8b, 0xfe8d, // 0xc0
  0xfe91, 0xfe93, 0xfe97, 0xfe9b, 0xfe9f, 0xfea3, 0xfea7, 0xfea9, // 0xc8
  0xfeab, 0xfead, 0xfeaf, 0xfeb3, 0xfeb7, 0xfebb, 0xfebf, 0xfec1, // 0xd0
  0xfec5, 0xfecb, 0xfecf, 0x00a6, 0x00ac, 0x00f7, 0x00d7, 0xfec9, // 0xd8
  0x0640, 0xfed3, 0xfed7, 0xfedb, 0xfedf, 0xfee3, 0xfee7, 0xfeeb, // 0xe0
  0xfeed, 0xfeef, 0xfef3, 0xfebd, 0xfecc, 0xfece, 0xfecd, 0xfee1, // 0xe8
  0xfe7d, 0x0651, 0xfee5, 0xfee9, 0xfeec, 0xfef0, 0xfef2, 0xfed0, // 0xf0
  0xfed5, 0xfef5, 0xfef6, 0xfedd, 0xfed9, 0xfef1, 0x25a0, 0, // 0xf8
];

const ENCODE = new Map<number, number>();
UPPER.forEach((cp, i) => cp && ENCODE.set(cp, 0x80 + i));

// Letters CP864 lacks altogether, printed as a near letter: ALEF WITH HAMZA BELOW as ALEF, ALEF MAKSURA's
// initial/medial (Presentation Forms-A) as YEH's, the LAM-ALEF-HAMZA-BELOW ligatures as LAM-ALEF.
const SUBSTITUTE = new Map<number, number>([
  [0xfe87, 0xfe8d], [0xfe88, 0xfe8e], [0xfbe8, 0xfef3], [0xfbe9, 0xfef4], [0xfef9, 0xfefb], [0xfefa, 0xfefc],
  [0xfe89, 0xfe8b], [0xfe8a, 0xfe8b], [0xfe8c, 0xfe8b],
]);

/** The CP864 byte for one code point, or undefined when the code page cannot print it. */
export function cp864Byte(cp: number): number | undefined {
  if (cp >= 0x20 && cp < 0x7f) return cp;
  const target = SUBSTITUTE.get(cp) ?? cp;
  const direct = ENCODE.get(target);
  if (direct !== undefined) return direct;
  const base = baseOfForm(target);
  const forms = base && base.length === 1 ? letterForms(base.codePointAt(0)!) : undefined;
  if (!forms) return undefined;
  const { isolated, final, initial, medial } = forms;
  const order = target === final || target === isolated ? [isolated, final, initial, medial] : [initial, medial, isolated, final];
  for (const f of order) {
    const b = f ? ENCODE.get(f) : undefined;
    if (b !== undefined) return b;
  }
  return undefined;
}

/** Encodes visual-order text; characters CP864 cannot print become '?'. */
export function encodeCp864(text: string): Uint8Array {
  return Uint8Array.from(Array.from(text, (c) => cp864Byte(c.codePointAt(0)!) ?? 0x3f));
}

/** Decodes bytes 0x20–0xFF (control bytes are the parser's business) to text; undefined bytes become U+FFFD. */
export function decodeCp864(bytes: Uint8Array): string {
  let out = '';
  for (const b of bytes) out += b < 0x80 ? String.fromCharCode(b) : String.fromCodePoint(UPPER[b - 0x80] || 0xfffd);
  return out;
}
