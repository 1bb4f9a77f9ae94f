/**
 * The transmission protocols an ATR offers, in the card's order: what a reader negotiates from (ISO/IEC 7816-3).
 */
import type { CardProtocol } from '../card-reader.ts';

/**
 * Lists the protocols T=0 and T=1 that `atr` offers, the card's default first. An ATR without TD1 offers T=0 only;
 * other protocol numbers (T=15 announces global bytes) are not protocols a terminal can pick and are left out.
 * A truncated ATR yields what could be read before the end.
 * @remarks See ISO/IEC 7816-3:2006, 8.2.2 and 8.2.3 (T0, TDi and the interface bytes they announce).
 */
export function atrProtocols(atr: Uint8Array): CardProtocol[] {
  const found: CardProtocol[] = [];
  // See 8.2.2: T0 is the format byte after TS; its high nibble announces TA1..TD1.
  let index = 1;
  let indicator = atr[index];
  let sawTd = false;
  while (indicator !== undefined) {
    const announces = indicator >> 4;
    index += 1;
    for (const bit of [0x1, 0x2, 0x4]) if (announces & bit) index += 1; // TAi, TBi, TCi
    if ((announces & 0x8) === 0) break;
    sawTd = true;
    const td = atr[index];
    if (td === undefined) break;
    const protocol = td & 0x0f;
    if (protocol === 0 && !found.includes('T0')) found.push('T0');
    if (protocol === 1 && !found.includes('T1')) found.push('T1');
    indicator = td;
  }
  if (!sawTd && atr.length >= 2) found.push('T0');
  return found;
}
