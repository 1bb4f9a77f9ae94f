/**
 * The waits every `CardReader` implementation shares, built only on its `status()` and `onEvent()`: waiting for a
 * card to arrive or leave, bounded by a timeout, an AbortSignal and the reader subsystem's own lifetime.
 */
import type { CardReader, WaitOptions } from './card-reader.ts';
import { HalError, throwIfAborted } from './errors.ts';

/** What a wait needs from a reader subsystem; `closed` fires when the subsystem is closed. */
export interface WaitSource {
  readonly status: CardReader['status'];
  readonly onEvent: CardReader['onEvent'];
  readonly closed: AbortSignal;
}

/**
 * Resolves with the ATR once a card is present in `reader` (`want: 'present'`), or with an empty array once no
 * card is (`want: 'absent'`). Fails with `HAL_TIMEOUT`, `HAL_CANCELED`, `HAL_DISCONNECTED` (subsystem closed) or
 * `HAL_UNKNOWN_READER` (the reader is not there, or goes away while waiting).
 */
export function waitForCardState(
  source: WaitSource,
  reader: string,
  want: 'present' | 'absent',
  options: WaitOptions = {},
): Promise<Uint8Array> {
  const what = want === 'present' ? `waiting for a card in ${reader}` : `waiting for card removal from ${reader}`;
  return new Promise<Uint8Array>((resolve, reject) => {
    if (source.closed.aborted) throw new HalError('HAL_DISCONNECTED', `${what}: the card reader is closed`);
    throwIfAborted(options.signal, what);
    let settled = false;
    let unsubscribe: (() => void) | undefined;
    let timer: NodeJS.Timeout | undefined;
    const finish = (error: HalError | undefined, atr?: Uint8Array): void => {
      if (settled) return;
      settled = true;
      clearTimeout(timer);
      unsubscribe?.();
      options.signal?.removeEventListener('abort', onAbort);
      source.closed.removeEventListener('abort', onClosed);
      if (error) reject(error);
      else resolve(atr ?? new Uint8Array(0));
    };
    const onAbort = (): void =>
      finish(new HalError('HAL_CANCELED', `${what} canceled`, { cause: options.signal?.reason }));
    const onClosed = (): void => finish(new HalError('HAL_DISCONNECTED', `${what}: the card reader was closed`));
    options.signal?.addEventListener('abort', onAbort, { once: true });
    source.closed.addEventListener('abort', onClosed, { once: true });
    if (options.timeoutMs !== undefined) {
      timer = setTimeout(
        () => finish(new HalError('HAL_TIMEOUT', `${what}: nothing after ${options.timeoutMs} ms`)),
        options.timeoutMs,
      );
    }
    unsubscribe = source.onEvent((event) => {
      if (event.reader !== reader) return;
      if (event.type === 'card-inserted' && want === 'present') finish(undefined, event.atr);
      else if (event.type === 'card-removed' && want === 'absent') check(); // pulled, or the service went away
      else if (event.type === 'reader-removed') check(); // gone for good, or the whole subsystem went away
    });
    if (settled) unsubscribe();
    // See the contract: a new listener hears only about cards present, so absence is read from status().
    function check(): void {
      source.status(reader).then(
        (status) => {
          if (want === 'present' && status.cardPresent && status.atr) finish(undefined, status.atr);
          else if (want === 'absent' && !status.cardPresent) finish(undefined);
        },
        (error: unknown) =>
          finish(error instanceof HalError ? error : new HalError('HAL_INTERNAL', `${what} failed`, { cause: error })),
      );
    }
    check();
  });
}
