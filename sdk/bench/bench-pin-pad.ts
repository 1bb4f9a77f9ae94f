/**
 * The bench's PIN pad: the simulated PIN entry (`createSimPinEntry`) fed one answer at a time, so that the bench can
 * say "the customer types 1234" when the moment comes rather than script a whole day up front. An empty queue is a
 * bench bug (`HAL_INTERNAL`), never a hang. The prompts shown are kept; the digits are not.
 */
import type { UserMessage } from '../../terminal/errors.ts';
import type { PinBlock } from '../../terminal/hal/pin-block.ts';
import type { PinEntry, PinEntryOptions } from '../../terminal/hal/pin-entry.ts';
import { createSimPinEntry, type SimPinAnswer } from '../../terminal/hal/sim/sim-pin-entry.ts';

export interface BenchPinPad extends PinEntry {
  /** Queues what the person at the pad does next: digits, Cancel, or nothing (the entry times out). */
  push(...answers: SimPinAnswer[]): void;
  /** Drops whatever is still queued (between customers). */
  clear(): void;
  /** Answers still queued. */
  readonly pending: number;
  /** Every prompt shown so far. */
  readonly prompts: readonly UserMessage[];
}

/** A fresh bench PIN pad with an empty queue. */
export function createBenchPinPad(): BenchPinPad {
  const queue: SimPinAnswer[] = [];
  const prompts: UserMessage[] = [];
  return {
    push: (...answers) => void queue.push(...answers),
    clear: () => void queue.splice(0),
    get pending() {
      return queue.length;
    },
    prompts,
    collectPin(options: PinEntryOptions): Promise<PinBlock> {
      const next = queue.shift();
      const entry = createSimPinEntry(next ? [next] : []);
      return entry.collectPin(options).finally(() => prompts.push(...entry.prompts));
    },
  };
}
