/** Test helper (not a suite): a card that arms the card OS's tearing fault on its next DEBIT ENTITLEMENT, once. */
import type { CardOs } from '../../../card/card-os.ts';

type TearPhase = Parameters<CardOs['tearAt']>[0]['phase'];
import type { VirtualCard } from '../../../card/virtual-card.ts';

export function tearOnDebit(card: CardOs, phase: TearPhase, onDebit?: () => void): VirtualCard & { armed: boolean } {
  const wrapper = {
    armed: true,
    atr: card.atr,
    get powered() { return card.powered; },
    powerOn: () => card.powerOn(),
    powerOff: () => card.powerOff(),
    reset: () => card.reset(),
    transmit(capdu: Uint8Array) {
      if (capdu[0] === 0x80 && capdu[1] === 0xde) {
        onDebit?.();
        if (wrapper.armed) {
          wrapper.armed = false;
          card.tearAt({ apdu: 1, phase });
        }
      }
      return card.transmit(capdu);
    },
  };
  return wrapper;
}
