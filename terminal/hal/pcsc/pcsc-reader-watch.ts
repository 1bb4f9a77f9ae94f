/**
 * Watches one pcsclite context: its readers and the cards in them, as `ReaderEvent`s, until the context dies
 * (pcscd gone) or is closed. A dead context is never revived; the owner makes a new watch on a new context.
 */
import type { ReaderEvent } from '../card-reader.ts';
import { HalError } from '../errors.ts';
import { isServiceLost } from './pcsc-errors.ts';
import type { NativeContext, NativeReader } from './pcsclite-binding.ts';

/** What the watch knows of one reader. */
export interface WatchedReader {
  readonly native: NativeReader;
  present: boolean;
  atr: Uint8Array | undefined;
  /** Resolves once the reader's first state is in (or it is gone). */
  readonly seen: Promise<void>;
}

export interface PcscReaderWatch {
  names(): string[];
  entry(name: string): WatchedReader | undefined;
  /** The reader's state once its first status is in; `HAL_UNKNOWN_READER` when there is no such reader. */
  settled(name: string): Promise<WatchedReader>;
  /** The events that describe the present readers and cards, for a new listener. */
  snapshot(): ReaderEvent[];
  /** Stops watching: reports every reader (and card) as removed, then releases the native objects. */
  close(): void;
}

export interface PcscWatchHooks {
  emit(event: ReaderEvent): void;
  /** The context died: pcscd went away. Called at most once. */
  lost(cause: unknown): void;
  /** A reader list, and the first state of each reader on it, are in. */
  listed(): void;
}

export function createPcscReaderWatch(context: NativeContext, hooks: PcscWatchHooks): PcscReaderWatch {
  const entries = new Map<string, WatchedReader & { markSeen: () => void }>();
  let closed = false;

  // Native objects must not be closed from inside their own event callbacks (pcsclite holds their mutex there).
  const later = (close: () => void): void =>
    void setImmediate(() => {
      try {
        close();
      } catch {
        // Already released.
      }
    });
  const loseOnce = (cause: unknown): void => {
    if (closed) return;
    hooks.lost(cause);
  };

  const drop = (name: string, native?: NativeReader): void => {
    const entry = entries.get(name);
    if (!entry || (native && entry.native !== native)) return;
    entries.delete(name);
    if (entry.present) hooks.emit({ type: 'card-removed', reader: name });
    hooks.emit({ type: 'reader-removed', reader: name });
    entry.markSeen();
  };

  const update = (native: NativeReader, state: number, atr: Uint8Array): void => {
    const entry = entries.get(native.name);
    if (!entry || entry.native !== native) return;
    const present = (state & native.SCARD_STATE_PRESENT) !== 0;
    const changed = entry.present && present && entry.atr !== undefined && !sameBytes(entry.atr, atr);
    if (entry.present && (!present || changed)) {
      entry.present = false;
      hooks.emit({ type: 'card-removed', reader: native.name });
    }
    entry.atr = present ? atr : undefined;
    if (present && !entry.present) {
      entry.present = true;
      hooks.emit({ type: 'card-inserted', reader: native.name, atr });
    }
    entry.markSeen();
  };

  // See pcsclite's lib/pcsclite.js: it calls start() on the next tick, once per reader list; wrap it to know when.
  const start = context.start;
  context.start = (callback) =>
    start.call(context, (error, readers) => {
      callback(error, readers);
      if (error || closed) return;
      void Promise.all([...entries.values()].map((entry) => entry.seen)).then(() => closed || hooks.listed());
    });
  context.on('error', loseOnce);
  context.on('reader', (native) => {
    native.on('error', (error) => isServiceLost(error) && loseOnce(error));
    native.on('end', () => closed || drop(native.name, native));
    native.on('status', ({ state, atr }) => closed || update(native, state, Uint8Array.from(atr ?? [])));
    if (closed) return later(() => native.close());
    let markSeen: () => void = () => {};
    const seen = new Promise<void>((resolve) => (markSeen = resolve));
    entries.set(native.name, { native, present: false, atr: undefined, seen, markSeen });
    hooks.emit({ type: 'reader-added', reader: native.name });
  });

  return {
    names: () => [...entries.keys()],
    entry: (name) => entries.get(name),
    async settled(name) {
      const entry = entries.get(name);
      if (!entry) throw new HalError('HAL_UNKNOWN_READER', `no reader named ${name}`);
      await entry.seen;
      if (closed) throw new HalError('HAL_DISCONNECTED', `${name}: the PC/SC service went away`);
      if (entries.get(name) !== entry) throw new HalError('HAL_UNKNOWN_READER', `${name} was removed`);
      return entry;
    },
    snapshot() {
      const events: ReaderEvent[] = [];
      for (const [reader, entry] of entries) {
        events.push({ type: 'reader-added', reader });
        if (entry.present && entry.atr) events.push({ type: 'card-inserted', reader, atr: entry.atr });
      }
      return events;
    },
    close() {
      if (closed) return;
      const natives = [...entries.values()].map((entry) => entry.native);
      for (const name of [...entries.keys()]) drop(name);
      closed = true;
      for (const native of natives) later(() => native.close());
      later(() => context.close());
    },
  };
}

function sameBytes(a: Uint8Array, b: Uint8Array): boolean {
  return a.length === b.length && a.every((byte, i) => byte === b[i]);
}
