/**
 * A simulated PIN entry (keypad or PIN pad) answering from a script: each `collectPin` takes the next scripted
 * entry after its delay: digits (returned as an opaque `PinBlock`), Cancel (`HAL_CANCELED`), or nothing (waits for
 * the timeout, `HAL_TIMEOUT`, or the signal). The prompts shown are recorded; the digits are not.
 */
import type { UserMessage } from '../../errors.ts';
import { HalError, throwIfAborted } from '../errors.ts';
import { PinBlock } from '../pin-block.ts';
import type { PinEntry, PinEntryOptions } from '../pin-entry.ts';
import { simWait } from './sim-fingerprint-verifier.ts';

export type SimPinAnswer =
  | { readonly digits: string; readonly delayMs?: number }
  | { readonly cancel: true; readonly delayMs?: number }
  | { readonly nothing: true };

export interface SimPinEntry extends PinEntry {
  /** The prompts shown, in order. */
  readonly prompts: readonly UserMessage[];
  readonly remaining: number;
}

/** A fresh simulated PIN entry with its own copy of `script`. */
export function createSimPinEntry(script: readonly SimPinAnswer[]): SimPinEntry {
  const queue = [...script];
  const prompts: UserMessage[] = [];
  return {
    get prompts() { return prompts; },
    get remaining() { return queue.length; },
    async collectPin(options: PinEntryOptions): Promise<PinBlock> {
      throwIfAborted(options.signal, 'PIN entry');
      const next = queue.shift();
      if (next === undefined) throw new HalError('HAL_INTERNAL', 'simulated PIN entry: script exhausted');
      prompts.push(options.prompt);
      await simWait('PIN entry', 'nothing' in next ? undefined : (next.delayMs ?? 0), options);
      if ('cancel' in next) throw new HalError('HAL_CANCELED', 'PIN entry canceled on the keypad');
      if ('digits' in next) return PinBlock.fromDigits(next.digits);
      throw new HalError('HAL_INTERNAL', 'unreachable');
    },
  };
}
