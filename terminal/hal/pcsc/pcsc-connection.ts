/**
 * One PC/SC card handle (SCardConnect) as a `CardConnection`. Each connection owns a pcsclite reader object of its
 * own, since a pcsclite reader object holds one handle; calls are serialized, and every pending call is failed at
 * once when the connection is killed (pcscd gone, subsystem closed) instead of waiting for the native side.
 */
import type { CardConnection, CardProtocol, Disposition, ShareMode } from '../card-reader.ts';
import { HalError, throwIfAborted } from '../errors.ts';
import { halErrorFromPcsc } from './pcsc-errors.ts';
import type { NativeReader } from './pcsclite-binding.ts';

/** A connection plus what its owner needs: failing it from outside. */
export interface PcscConnection extends CardConnection {
  /** Fails pending and later calls with `error` and releases the native handle without waiting. */
  kill(error: HalError): void;
}

export interface PcscConnectionOptions {
  readonly native: NativeReader;
  readonly share: ShareMode;
  /** The protocol mask asked for at connect time (asked again on reset). */
  readonly protocolMask: number;
  /** The protocol pcscd negotiated (SCARD_PROTOCOL_T0 or _T1). */
  readonly protocolNumber: number;
  /** The card's current ATR as the subsystem last saw it. */
  readonly atr: () => Uint8Array;
  /** Response buffer size handed to SCardTransmit: big enough for extended responses (data + SW1 SW2). */
  readonly receiveBufferSize: number;
  /** Called once when the connection ends, whichever way. */
  readonly onEnd: () => void;
}

const DISPOSITIONS = {
  leave: 'SCARD_LEAVE_CARD',
  reset: 'SCARD_RESET_CARD',
  unpower: 'SCARD_UNPOWER_CARD',
  eject: 'SCARD_EJECT_CARD',
} as const;

export function createPcscConnection(options: PcscConnectionOptions): PcscConnection {
  const { native } = options;
  const protocol: CardProtocol = options.protocolNumber === native.SCARD_PROTOCOL_T0 ? 'T0' : 'T1';
  const pending = new Set<(error: HalError) => void>();
  let ended: HalError | undefined;
  let queue: Promise<unknown> = Promise.resolve();
  let atr = options.atr();

  const release = (): void => {
    options.onEnd();
    // Not from inside a native callback: pcsclite holds the object's mutex there.
    setImmediate(() => {
      try {
        native.close();
      } catch {
        // Its status thread is already gone.
      }
    });
  };

  /** Runs one native call after the previous one, failing early on abort or kill. */
  const call = <T>(what: string, signal: AbortSignal | undefined, run: (done: (e: unknown, v: T) => void) => void) => {
    if (ended) return Promise.reject(new HalError(ended.code, `${what}: ${ended.message}`, { cause: ended }));
    throwIfAborted(signal, what);
    const result = new Promise<T>((resolve, reject) => {
      const fail = (error: HalError): void => {
        pending.delete(fail);
        signal?.removeEventListener('abort', onAbort);
        reject(error);
      };
      const onAbort = (): void => fail(new HalError('HAL_CANCELED', `${what} canceled`, { cause: signal?.reason }));
      signal?.addEventListener('abort', onAbort, { once: true });
      pending.add(fail);
      queue.then(() => {
        if (!pending.has(fail)) return;
        run((error, value) => {
          if (!pending.has(fail)) return;
          if (error) return fail(halErrorFromPcsc(error, what));
          pending.delete(fail);
          signal?.removeEventListener('abort', onAbort);
          resolve(value);
        });
      });
    });
    queue = result.catch(() => undefined);
    return result;
  };

  const connection: PcscConnection = {
    reader: native.name,
    protocol,
    get atr() {
      return atr;
    },

    async transmit(capdu, { signal } = {}) {
      const rapdu = await call<Buffer>('transmit', signal, (done) =>
        native.transmit(Buffer.from(capdu), options.receiveBufferSize, options.protocolNumber, done),
      );
      return new Uint8Array(rapdu.buffer, rapdu.byteOffset, rapdu.length);
    },

    async reset({ cold = false, signal } = {}) {
      // pcsclite has no SCardReconnect: end the handle with the reset (or unpower) and open a new one at once.
      const share = options.share === 'shared' ? native.SCARD_SHARE_SHARED : native.SCARD_SHARE_EXCLUSIVE;
      await call<void>('reset', signal, (done) =>
        native.disconnect(cold ? native.SCARD_UNPOWER_CARD : native.SCARD_RESET_CARD, (error) => done(error, undefined)),
      );
      await call<number>('reset', undefined, (done) =>
        native.connect({ share_mode: share, protocol: options.protocolMask }, done),
      );
      atr = options.atr();
      return atr;
    },

    async disconnect(disposition: Disposition = 'leave') {
      if (ended) return;
      const code = native[DISPOSITIONS[disposition]];
      try {
        await call<void>('disconnect', undefined, (done) => native.disconnect(code, (error) => done(error, undefined)));
      } catch {
        // The card or the service is gone: the handle is as ended as it will get.
      }
      if (ended) return;
      ended = new HalError('HAL_DISCONNECTED', `the connection to ${native.name} has ended`);
      release();
    },

    kill(error) {
      if (ended) return;
      ended = error;
      for (const fail of [...pending]) fail(new HalError(error.code, error.message, { cause: error }));
      release();
    },
  };
  return connection;
}
