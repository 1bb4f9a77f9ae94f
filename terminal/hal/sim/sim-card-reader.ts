/**
 * The in-process card reader: a PC/SC-like reader subsystem whose readers and cards a test bench or the demo adds,
 * inserts and pulls by hand, with faults to inject. Each `createSimCardReader()` is independent (no shared state).
 */
import type { CardConnection, CardReader, ConnectOptions, ReaderEvent, ReaderStatus } from '../card-reader.ts';
import { waitForCardState } from '../card-reader-waits.ts';
import { HalError, throwIfAborted, type HalErrorCode } from '../errors.ts';
import type { VirtualCard } from '../../../card/virtual-card.ts';
import { atrProtocols } from './atr-protocols.ts';
import { createSimConnection } from './sim-connection.ts';
import { invalidateLinks, selectProtocol, type SimSlot } from './sim-slot.ts';

export interface SimCardReaderOptions {
  /** Readers present from the start (default none). */
  readonly readers?: readonly string[];
  /** Time each APDU takes, to model a real link (default 0). */
  readonly apduDelayMs?: number;
}

/** The simulated reader subsystem: a `CardReader` plus the bench controls a test or the demo drives. */
export interface SimCardReader extends CardReader {
  /** Plugs in a reader (`reader-added`). */
  addReader(name: string): void;
  /** Unplugs a reader, pulling its card first (`card-removed`, then `reader-removed`). */
  removeReader(name: string): void;
  /** Puts `card` into `reader` (`card-inserted`); the card is powered on when a connection first needs it. */
  insertCard(reader: string, card: VirtualCard): void;
  /** Pulls the card out of `reader` (`card-removed`): it loses power and open connections fail `HAL_CARD_REMOVED`. */
  removeCard(reader: string): void;
  /** Makes the next `count` transmits on `reader` fail with `code` (default one `HAL_CARD_IO`) without the card. */
  failNextTransmit(reader: string, code?: HalErrorCode, count?: number): void;
  /** Sets the time each APDU takes from now on. */
  setApduDelay(ms: number): void;
}

/**
 * Creates an independent simulated reader subsystem.
 *
 * Behaves like PC/SC where a terminal can tell: a second connection is refused with `HAL_SHARING_VIOLATION` when
 * either is exclusive; the protocol is T=1 when the ATR offers it and it is accepted, else T=0 (a PPS tells the card
 * when it takes one), and a powered card keeps the protocol it negotiated; a card
 * pulled under a connection fails its calls with `HAL_CARD_REMOVED`; a card reset or unpowered by one connection
 * fails the others' transmits with `HAL_CARD_IO` until they `reset()`. A card that throws during a command (the card
 * OS throws `CardTornError` when a test tears power) is left in the reader unpowered, and the transmit and every
 * later call on the open connections fail with `HAL_CARD_REMOVED` (any other throw: `HAL_CARD_IO`) until a reset or
 * a new connection powers the card up again: to the terminal a tear is a card gone mid-command.
 */
export function createSimCardReader(options: SimCardReaderOptions = {}): SimCardReader {
  const slots = new Map<string, SimSlot>();
  const listeners = new Set<(event: ReaderEvent) => void>();
  const lifetime = new AbortController();
  let apduDelayMs = options.apduDelayMs ?? 0;

  const tell = (listener: (event: ReaderEvent) => void, event: ReaderEvent): void => {
    try {
      listener(event);
    } catch (error) {
      process.emitWarning(`SimCardReader listener threw on ${event.type}: ${String(error)}`);
    }
  };
  const emit = (event: ReaderEvent): void => {
    for (const listener of [...listeners]) tell(listener, event);
  };
  const alive = (what: string): void => {
    if (lifetime.signal.aborted) throw new HalError('HAL_DISCONNECTED', `${what}: the card reader is closed`);
  };
  const slotOf = (name: string, what: string): SimSlot => {
    alive(what);
    const slot = slots.get(name);
    if (!slot) throw new HalError('HAL_UNKNOWN_READER', `${what}: no reader named ${name}`);
    return slot;
  };
  const pull = (slot: SimSlot): void => {
    const card = slot.card;
    if (!card) return;
    slot.card = undefined;
    invalidateLinks(slot, 'HAL_CARD_REMOVED', `the card was removed from ${slot.name}`);
    slot.links.clear();
    if (card.powered) card.powerOff();
    emit({ type: 'card-removed', reader: slot.name });
  };

  const reader: SimCardReader = {
    async listReaders() {
      alive('listReaders');
      return [...slots.keys()];
    },

    async status(name): Promise<ReaderStatus> {
      const slot = slotOf(name, 'status');
      return slot.card ? { reader: name, cardPresent: true, atr: slot.card.atr } : { reader: name, cardPresent: false };
    },

    onEvent(listener) {
      alive('onEvent');
      listeners.add(listener);
      for (const slot of [...slots.values()]) {
        tell(listener, { type: 'reader-added', reader: slot.name });
        if (slot.card) tell(listener, { type: 'card-inserted', reader: slot.name, atr: slot.card.atr });
      }
      return () => void listeners.delete(listener);
    },

    waitForCard(name, wait) {
      return waitForCardState({ ...reader, closed: lifetime.signal }, name, 'present', wait);
    },

    async waitForCardRemoval(name, wait) {
      await waitForCardState({ ...reader, closed: lifetime.signal }, name, 'absent', wait);
    },

    async connect(name, connect: ConnectOptions = {}): Promise<CardConnection> {
      const slot = slotOf(name, 'connect');
      throwIfAborted(connect.signal, 'connect');
      const card = slot.card;
      if (!card) throw new HalError('HAL_NO_CARD', `connect: no card in ${name}`);
      const share = connect.share ?? 'exclusive';
      const busy = [...slot.links].some((link) => link.share === 'exclusive');
      if (busy || (share === 'exclusive' && slot.links.size > 0)) {
        throw new HalError('HAL_SHARING_VIOLATION', `connect: the card in ${name} is in use by another connection`);
      }
      const accepted = connect.protocols ?? ['T0', 'T1'];
      // As pcsc-lite does: T=1 when both sides have it, else T=0; a powered card keeps what it negotiated.
      const offered = card.powered && slot.protocol ? [slot.protocol] : atrProtocols(card.atr);
      const protocol = (['T1', 'T0'] as const).find((p) => offered.includes(p) && accepted.includes(p));
      if (!protocol) {
        throw new HalError('HAL_PROTOCOL_MISMATCH', `connect: the card in ${name} offers none of ${accepted.join(', ')}`);
      }
      if (!card.powered) {
        card.powerOn();
        selectProtocol(card, protocol);
        slot.protocol = protocol;
      }
      // The reader's PPS: the card answers in the protocol this connection runs (T=0: 61xx/6Cxx; T=1: data).
      card.selectProtocol?.(protocol === 'T0' ? 'T=0' : 'T=1');
      const link = { share };
      slot.links.add(link);
      return createSimConnection(host, slot, link, protocol);
    },

    async close() {
      if (lifetime.signal.aborted) return;
      lifetime.abort();
      listeners.clear();
      for (const slot of slots.values()) slot.links.clear();
    },

    addReader(name) {
      alive('addReader');
      if (slots.has(name)) throw new HalError('HAL_DEVICE_ERROR', `addReader: a reader named ${name} is already present`);
      slots.set(name, { name, card: undefined, links: new Set(), faults: [], protocol: undefined });
      emit({ type: 'reader-added', reader: name });
    },

    removeReader(name) {
      const slot = slotOf(name, 'removeReader');
      pull(slot);
      slots.delete(name);
      emit({ type: 'reader-removed', reader: name });
    },

    insertCard(name, card) {
      const slot = slotOf(name, 'insertCard');
      if (slot.card) throw new HalError('HAL_DEVICE_ERROR', `insertCard: ${name} already holds a card`);
      slot.card = card;
      emit({ type: 'card-inserted', reader: name, atr: card.atr });
    },

    removeCard(name) {
      pull(slotOf(name, 'removeCard'));
    },

    failNextTransmit(name, code = 'HAL_CARD_IO', count = 1) {
      const slot = slotOf(name, 'failNextTransmit');
      for (let i = 0; i < count; i += 1) slot.faults.push(code);
    },

    setApduDelay(ms) {
      apduDelayMs = Math.max(0, ms);
    },
  };

  const host = { closed: lifetime.signal, apduDelayMs: () => apduDelayMs, eject: pull };
  for (const name of options.readers ?? []) reader.addReader(name);
  return reader;
}
