/**
 * The slice of the `pcsclite` npm module (an optional dependency, loaded lazily) that the PC/SC reader uses,
 * typed here so that the project type-checks on a machine where the module is not installed.
 */
import { HalError } from '../errors.ts';

type Callback<T> = (error: Error | null | undefined, value: T) => void;

/** A pcsclite reader object: one PC/SC context and at most one card handle (SCardConnect) at a time. */
export interface NativeReader {
  readonly name: string;
  readonly connected: boolean;
  readonly SCARD_SHARE_SHARED: number;
  readonly SCARD_SHARE_EXCLUSIVE: number;
  readonly SCARD_PROTOCOL_T0: number;
  readonly SCARD_PROTOCOL_T1: number;
  readonly SCARD_STATE_PRESENT: number;
  readonly SCARD_STATE_MUTE: number;
  readonly SCARD_LEAVE_CARD: number;
  readonly SCARD_RESET_CARD: number;
  readonly SCARD_UNPOWER_CARD: number;
  readonly SCARD_EJECT_CARD: number;
  on(event: 'status', listener: (status: { state: number; atr?: Buffer }) => void): this;
  on(event: 'error', listener: (error: Error) => void): this;
  on(event: 'end', listener: () => void): this;
  emit(event: 'status', status: { state: number; atr?: Buffer }): boolean;
  removeAllListeners(): this;
  get_status(callback: (error: Error | null | undefined, state: number, atr?: Buffer) => void): void;
  connect(options: { share_mode: number; protocol: number }, callback: Callback<number>): void;
  disconnect(disposition: number, callback: (error: Error | null | undefined) => void): void;
  transmit(data: Buffer, responseLength: number, protocol: number, callback: Callback<Buffer>): void;
  close(): void;
}

/** A pcsclite context: lists readers (`reader` events) until the service goes away (`error`). */
export interface NativeContext {
  readonly readers: Record<string, NativeReader>;
  on(event: 'reader', listener: (reader: NativeReader) => void): this;
  on(event: 'error', listener: (error: Error) => void): this;
  removeAllListeners(): this;
  /** Called by pcsclite on the next tick with each new reader list (wrapped to learn when a list is in). */
  start(callback: (error: Error | undefined, readers: Buffer) => void): void;
  close(): void;
}

/** Makes a new context; throws when pcscd cannot be reached (SCardEstablishContext fails). */
export type NativeContextFactory = () => NativeContext;

export const PCSC_INSTALL_HINT =
  'install the PC/SC stack: `apt-get install pcscd libpcsclite-dev` then `npm ci` (or `npm run setup:real-stack`)';

/**
 * Loads pcsclite. Fails with `HAL_PCSC_UNAVAILABLE`, naming what to install, when the module or its native
 * library is missing. `load` replaces the import (tests).
 */
export async function loadPcsclite(load?: () => Promise<unknown>): Promise<NativeContextFactory> {
  const moduleName = 'pcsclite';
  try {
    const loaded = (await (load ? load() : import(moduleName))) as { default?: unknown };
    const factory = typeof loaded === 'function' ? loaded : loaded.default;
    if (typeof factory !== 'function') throw new TypeError('pcsclite did not export a function');
    return factory as NativeContextFactory;
  } catch (error) {
    throw new HalError('HAL_PCSC_UNAVAILABLE', `the pcsclite module cannot be loaded; ${PCSC_INSTALL_HINT}`, {
      cause: error,
    });
  }
}
