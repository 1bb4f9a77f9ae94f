/**
 * A connection of the simulated reader to the virtual card in one slot, with PC/SC's behaviour where it matters to
 * a terminal: a card torn or pulled under an open connection, a card reset by another connection, dispositions.
 */
import type { CardConnection, CardProtocol, Disposition } from '../card-reader.ts';
import { HalError, throwIfAborted } from '../errors.ts';
import { invalidateLinks, selectProtocol, type SimLink, type SimSlot } from './sim-slot.ts';

/** What a connection needs from the simulator that made it. */
export interface SimConnectionHost {
  /** Aborted when the simulator is closed. */
  readonly closed: AbortSignal;
  /** Milliseconds each APDU takes (0 for none). */
  apduDelayMs(): number;
  /** Takes the card out of the slot (the `eject` disposition). */
  eject(slot: SimSlot): void;
}

/** Opens a connection on `slot` (the caller has checked sharing, powered the card and picked the protocol). */
export function createSimConnection(
  host: SimConnectionHost,
  slot: SimSlot,
  link: SimLink,
  protocol: CardProtocol,
): CardConnection {
  const card = slot.card!;
  let open = true;
  let atr = card.atr;

  const usable = (what: string): void => {
    if (host.closed.aborted) throw new HalError('HAL_DISCONNECTED', `${what}: the card reader is closed`);
    if (!open) throw new HalError('HAL_DISCONNECTED', `${what}: the connection to ${slot.name} has ended`);
    if (link.stale) throw new HalError(link.stale.code, `${what}: ${link.stale.why}`);
    if (slot.card !== card) throw new HalError('HAL_CARD_REMOVED', `${what}: the card was removed from ${slot.name}`);
  };

  return {
    reader: slot.name,
    protocol,
    get atr() {
      return atr;
    },

    async transmit(capdu, options = {}) {
      usable('transmit');
      throwIfAborted(options.signal, 'transmit');
      const delay = host.apduDelayMs();
      if (delay > 0) {
        await sleep(delay, options.signal, host.closed);
        usable('transmit');
      }
      const fault = slot.faults.shift();
      if (fault) throw new HalError(fault, `transmit: fault injected on ${slot.name}`);
      try {
        return Uint8Array.from(card.transmit(Uint8Array.from(capdu)));
      } catch (error) {
        // A card that throws lost power mid-command (the card OS throws CardTornError when a test tears it): the
        // card is left unpowered and every open connection to it is dead until reset or reconnected.
        try {
          card.powerOff();
        } catch {
          // The card is already as unpowered as it can get.
        }
        const torn = (error as Error | undefined)?.name === 'CardTornError';
        const code = torn ? 'HAL_CARD_REMOVED' : 'HAL_CARD_IO';
        const why = torn ? `the card in ${slot.name} was torn mid-command` : `the card in ${slot.name} failed`;
        invalidateLinks(slot, code, why);
        throw new HalError(code, `transmit: ${why}`, { cause: error });
      }
    },

    async reset(options = {}) {
      if (host.closed.aborted) throw new HalError('HAL_DISCONNECTED', 'reset: the card reader is closed');
      if (!open) throw new HalError('HAL_DISCONNECTED', `reset: the connection to ${slot.name} has ended`);
      if (slot.card !== card) throw new HalError('HAL_CARD_REMOVED', `reset: the card was removed from ${slot.name}`);
      throwIfAborted(options.signal, 'reset');
      if (options.cold || !card.powered) {
        card.powerOff();
        atr = Uint8Array.from(card.powerOn());
      } else {
        atr = Uint8Array.from(card.reset());
      }
      selectProtocol(card, protocol); // the same PPS as at connect time
      card.selectProtocol?.(protocol === 'T0' ? 'T=0' : 'T=1'); // a PPS lasts one activation
      delete link.stale;
      invalidateLinks(slot, 'HAL_CARD_IO', `the card in ${slot.name} was reset by another connection`, link);
      return atr;
    },

    async disconnect(disposition: Disposition = 'leave') {
      if (!open) return;
      open = false;
      slot.links.delete(link);
      if (host.closed.aborted || slot.card !== card || disposition === 'leave') return;
      if (disposition === 'eject') return host.eject(slot);
      if (disposition === 'reset') {
        card.reset();
        selectProtocol(card, protocol);
      } else card.powerOff();
      invalidateLinks(slot, 'HAL_CARD_IO', `the card in ${slot.name} was ${disposition === 'reset' ? 'reset' : 'unpowered'} by another connection`);
    },
  };
}

/** Waits `ms`, or fails with `HAL_CANCELED` when `signal` fires and `HAL_DISCONNECTED` when `closed` does. */
function sleep(ms: number, signal: AbortSignal | undefined, closed: AbortSignal): Promise<void> {
  return new Promise((resolve, reject) => {
    const done = (error?: HalError): void => {
      clearTimeout(timer);
      signal?.removeEventListener('abort', onAbort);
      closed.removeEventListener('abort', onClosed);
      if (error) reject(error);
      else resolve();
    };
    const onAbort = (): void => done(new HalError('HAL_CANCELED', 'transmit canceled', { cause: signal?.reason }));
    const onClosed = (): void => done(new HalError('HAL_DISCONNECTED', 'transmit: the card reader was closed'));
    const timer = setTimeout(() => done(), ms);
    signal?.addEventListener('abort', onAbort, { once: true });
    closed.addEventListener('abort', onClosed, { once: true });
  });
}
