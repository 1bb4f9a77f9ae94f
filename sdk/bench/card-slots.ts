/**
 * The counter's two card slots as the bench drives them: the customer slot (the terminal's reader) and the
 * supervisor slot (the second slot, where the supervisor's own card stays for the supervised exception). The
 * simulated pair lives in one in-process reader subsystem; `startPcscCardSlots` is the same pair on the real
 * PC/SC stack. Both insert and pull cards by hand, as a person at the counter would.
 */
import type { VirtualCard } from '../../card/virtual-card.ts';
import type { CardReaderProfile } from '../../hardware-profiles/profile.ts';
import type { CardReader } from '../../terminal/hal/card-reader.ts';
import { createSimCardReader, type SimCardReader } from '../../terminal/hal/sim/sim-card-reader.ts';

export type SlotName = 'customer' | 'supervisor';

export interface CardSlots {
  /** The reader subsystem both slots belong to (what the terminal and the supervisor desk talk to). */
  readonly reader: CardReader;
  /** The terminal's card-reader profile (its name pattern matches the customer slot only). */
  readonly profile: CardReaderProfile | string;
  /** Reader names of the two slots. */
  readonly names: Readonly<Record<SlotName, string>>;
  /** One line saying what the slots are (shown by the demo). */
  readonly description: string;
  /** Puts `card` into a slot (pulling the card that was there). */
  insert(slot: SlotName, card: VirtualCard): Promise<void>;
  /** Pulls the card out of a slot (nothing when it is empty). */
  remove(slot: SlotName): Promise<void>;
  close(): Promise<void>;
}

/** The simulated slots, with the reader subsystem's fault controls. */
export interface SimCardSlots extends CardSlots {
  readonly reader: SimCardReader;
}

/** Names of the simulated slots: the first matches the `kart-sim-reader` profile, the second does not. */
export const SIM_SLOT_NAMES: Readonly<Record<SlotName, string>> = { customer: 'Kart Sim Reader 0', supervisor: 'Kart Sim Supervisor Slot' };

/** A fresh pair of simulated slots. */
export function createSimCardSlots(options: { readonly apduDelayMs?: number } = {}): SimCardSlots {
  const reader = createSimCardReader({ readers: Object.values(SIM_SLOT_NAMES), ...(options.apduDelayMs ? { apduDelayMs: options.apduDelayMs } : {}) });
  const present = new Set<SlotName>();
  const remove = (slot: SlotName): void => {
    if (present.delete(slot)) reader.removeCard(SIM_SLOT_NAMES[slot]);
  };
  return {
    reader,
    profile: 'kart-sim-reader',
    names: SIM_SLOT_NAMES,
    description: `in-process reader "${SIM_SLOT_NAMES.customer}", supervisor slot "${SIM_SLOT_NAMES.supervisor}"`,
    async insert(slot, card) {
      remove(slot);
      reader.insertCard(SIM_SLOT_NAMES[slot], card);
      present.add(slot);
    },
    async remove(slot) {
      remove(slot);
    },
    close: () => reader.close(),
  };
}
