/**
 * The recording wrapper: a `CardReader` that passes every call through to a real one and writes what happened
 * (events, calls with their timing, results and error codes) to a recording file, redacted by default.
 */
import type { CardConnection, CardReader, ReaderEvent } from '../card-reader.ts';
import { redactCommandApdu, redactErrorMessage, redactResponseApdu } from '../redaction/redact.ts';
import {
  encodeRecord,
  RECORDING_FORMAT,
  RECORDING_VERSION,
  UNREDACTED_NOTICE,
  type RecordedError,
  type RecordingStep,
} from './recording-format.ts';
import { openRecordingSink, type RecordingTarget } from './recording-sink.ts';

export interface RecordOptions {
  /**
   * Hide PIN blocks, keys, biometric data and national ID numbers (default true). `false` is for a bench
   * engineer's local debugging only; the header then says `redacted: false` and carries a warning notice.
   */
  readonly redact?: boolean;
  /** What is being recorded, for the header (default "card reader"). */
  readonly source?: string;
  /** Monotonic clock in milliseconds (default `performance.now`); tests pass a fake one. */
  readonly clock?: () => number;
  /** Wall-clock time of the start, for the header (default now). */
  readonly created?: Date;
}

/**
 * Wraps `inner` so that the session through it is recorded to `target` (a path, or a stream the caller owns)
 * as a CBOR sequence: a header, then one record per call and per event (see `recording-format.ts`).
 * The header is written at once; a file target is closed by `close()`. Errors from `inner` reach the caller
 * unchanged after being recorded; a failure to write the recording fails the call with
 * `HAL_RECORDING_WRITE_FAILED`, since a session that cannot be recorded should not pass as recorded.
 */
export function recordCardReader(inner: CardReader, target: RecordingTarget, options: RecordOptions = {}): CardReader {
  const redact = options.redact ?? true;
  const clock = options.clock ?? (() => performance.now());
  const start = clock();
  const now = (): number => Math.max(0, Math.round((clock() - start) * 1000));
  const sink = openRecordingSink(target);
  let closed = false;
  const write = (record: Parameters<typeof encodeRecord>[0]): void => sink.write(encodeRecord(record));
  // Events and unsubscriptions may come after close(); they are not part of the session any more.
  const note = (record: RecordingStep): void => {
    if (!closed) write(record);
  };
  write({
    format: RECORDING_FORMAT,
    version: RECORDING_VERSION,
    created: (options.created ?? new Date()).toISOString(),
    source: options.source ?? 'card reader',
    redacted: redact,
    ...(redact ? {} : { notice: UNREDACTED_NOTICE }),
  });

  const recordedError = (error: unknown): RecordedError => {
    const coded = error as { code?: unknown; message?: unknown };
    const message = typeof coded?.message === 'string' ? coded.message : String(error);
    return {
      code: typeof coded?.code === 'string' ? coded.code : 'HAL_INTERNAL',
      message: redact ? redactErrorMessage(message) : message,
    };
  };

  /** Runs one call and writes its record, built from its start, duration and result or error. */
  async function call<T>(run: () => Promise<T>, record: (timing: { at: number; dur: number; error?: RecordedError }, value?: T) => RecordingStep): Promise<T> {
    const at = now();
    let value: T;
    try {
      value = await run();
    } catch (error) {
      write(record({ at, dur: now() - at, error: recordedError(error) }));
      throw error;
    }
    write(record({ at, dur: now() - at }, value));
    return value;
  }

  let subscriptions = 0;
  let connections = 0;

  const wrapConnection = (connection: CardConnection, conn: number): CardConnection => ({
    reader: connection.reader,
    protocol: connection.protocol,
    atr: connection.atr,
    transmit(capdu, callOptions) {
      const sent = Uint8Array.from(capdu);
      const command = redact ? redactCommandApdu(sent) : { bytes: sent, redactions: [] };
      return call(
        () => connection.transmit(capdu, callOptions),
        (timing, rapdu) => {
          const response = rapdu && (redact ? redactResponseApdu(rapdu, sent) : { bytes: Uint8Array.from(rapdu), redactions: [] });
          return {
            kind: 'transmit',
            ...timing,
            conn,
            capdu: command.bytes,
            capduRedactions: command.redactions,
            ...(response ? { rapdu: response.bytes, rapduRedactions: response.redactions } : {}),
          };
        },
      );
    },
    reset(resetOptions) {
      return call(
        () => connection.reset(resetOptions),
        (timing, atr) => ({ kind: 'reset', ...timing, conn, cold: resetOptions?.cold ?? false, ...(atr ? { atr } : {}) }),
      );
    },
    disconnect(disposition = 'leave') {
      return call(() => connection.disconnect(disposition), (timing) => ({ kind: 'disconnect', ...timing, conn, disposition }));
    },
  });

  return {
    listReaders: () => call(() => inner.listReaders(), (timing, readers) => ({ kind: 'list-readers', ...timing, ...(readers ? { readers } : {}) })),
    status: (reader) => call(() => inner.status(reader), (timing, status) => ({ kind: 'status', ...timing, reader, ...(status ? { status } : {}) })),
    onEvent(listener) {
      const sub = ++subscriptions;
      write({ kind: 'subscribe', at: now(), sub });
      const unsubscribe = inner.onEvent((event: ReaderEvent) => {
        note({ kind: 'event', at: now(), sub, event });
        listener(event);
      });
      let done = false;
      return () => {
        if (done) return;
        done = true;
        unsubscribe();
        note({ kind: 'unsubscribe', at: now(), sub });
      };
    },
    waitForCard: (reader, waitOptions) =>
      call(() => inner.waitForCard(reader, waitOptions), (timing, atr) => ({ kind: 'wait-for-card', ...timing, reader, ...(atr ? { atr } : {}) })),
    waitForCardRemoval: (reader, waitOptions) =>
      call(() => inner.waitForCardRemoval(reader, waitOptions), (timing) => ({ kind: 'wait-for-card-removal', ...timing, reader })),
    async connect(reader, connectOptions) {
      const conn = ++connections;
      const connection = await call(
        () => inner.connect(reader, connectOptions),
        (timing, c) => ({ kind: 'connect', ...timing, reader, conn, ...(c ? { protocol: c.protocol, atr: c.atr } : {}) }),
      );
      return wrapConnection(connection, conn);
    },
    async close() {
      try {
        await call(() => inner.close(), (timing) => ({ kind: 'close', ...timing }));
      } finally {
        closed = true;
        sink.close();
      }
    },
  };
}
