/**
 * A minimal `VirtualCard` for bridge tests that must not depend on the card OS: SELECT answers an FCI, INS EE
 * throws a plain error (a card OS bug), INS DD tears (power cut mid-command), everything else is 6D00.
 */
import { CardError, CardTornError } from '../../card/card-error.ts';
import type { VirtualCard } from '../../card/virtual-card.ts';

export const TINY_ATR = Uint8Array.of(0x3b, 0x02, 0x14, 0x50);
export const TINY_FCI = Uint8Array.of(0x6f, 0x03, 0x84, 0x01, 0xaa);

export class TinyCard implements VirtualCard {
  readonly atr = TINY_ATR;
  powered = false;
  resets = 0;
  commands = 0;

  powerOn(): Uint8Array {
    this.powered = true;
    return this.atr;
  }
  powerOff(): void {
    this.powered = false;
  }
  reset(): Uint8Array {
    this.resets++;
    this.powered = true;
    return this.atr;
  }
  transmit(capdu: Uint8Array): Uint8Array {
    if (!this.powered) throw new CardError('CARD_UNPOWERED', 'no power');
    this.commands++;
    const ins = capdu[1];
    if (ins === 0xa4) return Uint8Array.of(...TINY_FCI, 0x90, 0x00);
    if (ins === 0x20) return Uint8Array.of(0x90, 0x00);
    if (ins === 0xee) throw new Error('card OS bug');
    if (ins === 0xdd) {
      this.powered = false;
      throw new CardTornError('before-commit', this.commands);
    }
    return Uint8Array.of(0x6d, 0x00);
  }
}
