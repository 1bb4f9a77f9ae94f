/**
 * The terminal firmware's top: it owns the devices it was given (injected bindings, real or simulated alike),
 * finds its card reader by the profile's name pattern, and opens card sessions. The services (bread, ration goods,
 * health check-in, payment) are built on these sessions.
 */
import type { CardReader, ConnectOptions, WaitOptions } from './hal/card-reader.ts';
import { HalError, throwIfAborted } from './hal/errors.ts';
import { openCardSession, type CardSession } from './card-session.ts';

/** The devices a terminal drives; each is a contract with real and simulated implementations. */
export interface TerminalBindings {
  readonly cardReader: CardReader;
}

export interface TerminalConfig {
  readonly bindings: TerminalBindings;
  /** Which reader is the terminal's: a regular expression over PC/SC reader names, matched case-insensitively. */
  readonly readerNamePattern: string;
}

export interface Terminal {
  readonly bindings: TerminalBindings;
  /** The name of the terminal's reader, waiting for it to be plugged in if need be. */
  findReader(options?: WaitOptions): Promise<string>;
  /** Waits for a card in the terminal's reader and opens a session on it. */
  acceptCard(options?: WaitOptions & Pick<ConnectOptions, 'share' | 'protocols'>): Promise<CardSession>;
  /** Releases every device. */
  close(): Promise<void>;
}

/** Builds the terminal around its bindings. */
export function createTerminalCore(config: TerminalConfig): Terminal {
  const pattern = new RegExp(config.readerNamePattern, 'i');
  const reader = config.bindings.cardReader;

  const findReader = async (options: WaitOptions = {}): Promise<string> => {
    throwIfAborted(options.signal, 'finding the card reader');
    const present = (await reader.listReaders()).find((name) => pattern.test(name));
    if (present) return present;
    throwIfAborted(options.signal, 'finding the card reader');
    return new Promise<string>((resolve, reject) => {
      let timer: NodeJS.Timeout | undefined;
      const finish = (error: Error | undefined, name?: string): void => {
        unsubscribe();
        clearTimeout(timer);
        options.signal?.removeEventListener('abort', onAbort);
        if (error) reject(error);
        else resolve(name!);
      };
      const onAbort = (): void => finish(new HalError('HAL_CANCELED', 'finding the card reader canceled', { cause: options.signal?.reason }));
      const unsubscribe = reader.onEvent((event) => {
        if (event.type === 'reader-added' && pattern.test(event.reader)) finish(undefined, event.reader);
      });
      options.signal?.addEventListener('abort', onAbort, { once: true });
      if (options.timeoutMs !== undefined) {
        timer = setTimeout(() => finish(new HalError('HAL_NO_READER', `no reader matching /${config.readerNamePattern}/ within ${options.timeoutMs} ms`)), options.timeoutMs);
      }
    });
  };

  return {
    bindings: config.bindings,
    findReader,
    async acceptCard(options = {}) {
      const name = await findReader(options);
      await reader.waitForCard(name, options);
      const connection = await reader.connect(name, {
        share: options.share ?? 'exclusive',
        ...(options.protocols ? { protocols: options.protocols } : {}),
        ...(options.signal ? { signal: options.signal } : {}),
      });
      return openCardSession(connection, options.signal ? { signal: options.signal } : {});
    },
    close: () => reader.close(),
  };
}
