/**
 * The PIN-entry contract: the terminal's own keypad or an attached PIN pad collects a PIN and hands back an opaque
 * `PinBlock`; the digits never reach the caller's variables, logs or errors. Interface only; implementations
 * (a serial PIN pad, `SimPinEntry`) are peers injected by the caller.
 *
 * Faults are `HalError`s: `HAL_CANCELED` when the signal fires or the person presses Cancel, `HAL_TIMEOUT` when
 * nothing is entered in time, `HAL_DEVICE_ERROR` / `HAL_DISCONNECTED` for the device.
 */
import type { UserMessage } from '../errors.ts';
import type { PinBlock } from './pin-block.ts';

export interface PinEntryOptions {
  /** What the screen or pad shows, in both languages (e.g. whose PIN: the cardholder's or the supervisor's). */
  readonly prompt: UserMessage;
  readonly signal?: AbortSignal;
  /** Gives up with `HAL_TIMEOUT` after this many milliseconds without a complete entry. */
  readonly timeoutMs?: number;
}

export interface PinEntry {
  /** Collects one PIN (4 to 12 digits, confirmed with Enter). */
  collectPin(options: PinEntryOptions): Promise<PinBlock>;
}
