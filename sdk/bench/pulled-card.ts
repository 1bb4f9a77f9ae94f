/**
 * A fault for the benches: a card pulled out of the reader right after its `apdus`-th command (the answer to that
 * command still arrives; the next command finds no card).
 */
import type { VirtualCard } from '../../card/virtual-card.ts';

export function pulledAfter(card: VirtualCard, apdus: number, pull: () => void): VirtualCard {
  let n = 0;
  return {
    get atr() { return card.atr; },
    get powered() { return card.powered; },
    powerOn: () => card.powerOn(),
    powerOff: () => card.powerOff(),
    reset: () => card.reset(),
    ...(card.selectProtocol ? { selectProtocol: (p: 'T=0' | 'T=1') => card.selectProtocol!(p) } : {}),
    transmit(capdu) {
      const response = card.transmit(capdu);
      if (++n === apdus) pull();
      return response;
    },
  };
}

/** The code of a thrown fault (`HalError` and the like), or its name. */
export const codeOf = (error: unknown): string => (error as { code?: string }).code ?? (error as Error).name ?? 'ERROR';
