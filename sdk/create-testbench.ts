/**
 * `createTestbench()`: a terminal on simulated devices, with the bench's controls beside it: the in-process reader
 * (insert and pull cards, inject faults) today; scanners, printers, the PIN pad and the ledger as they land.
 * Returns the same `Terminal` type as `createTerminal`.
 */
import { createSimCardReader, type SimCardReader } from '../terminal/hal/sim/sim-card-reader.ts';
import type { Terminal } from '../terminal/terminal.ts';
import type { VirtualCard } from '../card/virtual-card.ts';
import { createTerminal } from './create-terminal.ts';

export interface Testbench {
  readonly terminal: Terminal;
  readonly cardReader: SimCardReader;
  /** The terminal's reader in the simulator. */
  readonly readerName: string;
  /** Puts a card into the terminal's reader. */
  insertCard(card: VirtualCard): void;
  /** Pulls the card out of the terminal's reader. */
  removeCard(): void;
  close(): Promise<void>;
}

export interface TestbenchOptions {
  /** Time each APDU takes in the simulated reader (default 0). */
  readonly apduDelayMs?: number;
}

export function createTestbench(options: TestbenchOptions = {}): Testbench {
  const readerName = 'Kart Sim Reader 0';
  const cardReader = createSimCardReader({ readers: [readerName], ...(options.apduDelayMs ? { apduDelayMs: options.apduDelayMs } : {}) });
  const terminal = createTerminal({ profile: 'kart-sim-reader', bindings: { cardReader } });
  return {
    terminal,
    cardReader,
    readerName,
    insertCard: (card) => cardReader.insertCard(readerName, card),
    removeCard: () => cardReader.removeCard(readerName),
    close: () => terminal.close(),
  };
}
