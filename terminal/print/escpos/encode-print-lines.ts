/**
 * Printed lines to ESC/POS bytes: initialize, select the Arabic code page when the profile has one, then per line
 * only the style commands that change, the text in visual order (CP864) or ASCII, and LF; at the end feed and cut.
 */
import type { PrinterProfile } from '../../../hardware-profiles/profile.ts';
import { visualLine } from '../arabic/visual-line.ts';
import { encodeCp864 } from './cp864.ts';
import { EscPos, LF } from './escpos-commands.ts';
import type { PrintLine } from './print-line.ts';

/** Lines fed after the last one so that it clears the cutter. */
export const FEED_BEFORE_CUT = 3;

/** Encodes `lines` as one ESC/POS job for `profile`, ending with a feed and a cut. */
export function encodePrintLines(lines: readonly PrintLine[], profile: Pick<PrinterProfile, 'arabicCodePage'>): Uint8Array {
  const parts: Uint8Array[] = [EscPos.initialize()];
  const arabic = profile.arabicCodePage !== undefined;
  if (arabic) parts.push(EscPos.codePage(profile.arabicCodePage!));
  // The state after ESC @.
  let align = 'left';
  let bold = false;
  let double = false;
  for (const line of lines) {
    if (line.align !== align) parts.push(EscPos.align((align = line.align) as PrintLine['align']));
    if (line.bold !== bold) parts.push(EscPos.bold((bold = line.bold)));
    if (line.double !== double) parts.push((double = line.double) ? EscPos.size(2, 2) : EscPos.size(1, 1));
    parts.push(arabic ? encodeCp864(visualLine(line.text)) : Uint8Array.from(line.text, (c) => (c.charCodeAt(0) < 0x7f ? c.charCodeAt(0) : 0x3f)));
    parts.push(Uint8Array.of(LF));
  }
  parts.push(EscPos.feedLines(FEED_BEFORE_CUT), EscPos.cut());
  const out = new Uint8Array(parts.reduce((n, p) => n + p.length, 0));
  let at = 0;
  for (const p of parts) {
    out.set(p, at);
    at += p.length;
  }
  return out;
}
