/**
 * The replay binding: a `CardReader` that serves a recording back (readers, events, ATRs, responses, errors with
 * their codes) and fails the moment the terminal does something other than what was recorded.
 *
 * Matching rule: calls are matched one by one, in the order they completed in the recording. A call matches
 * when it is the same method with the same reader, connection, reset kind or disposition; a transmit matches
 * when its command APDU has the recorded length and equal bytes outside the recorded redacted spans. So a
 * redacted command (a VERIFY whose PIN block was hidden) matches any command with the same header, Lc, Le and
 * length, whatever the secret bytes. Redacted response bytes replay as zeros.
 *
 * Events are delivered synchronously when replay reaches them: those recorded before a call, before it returns;
 * those recorded after it, up to the next call, right after. Connect options, signals and timeouts are not
 * compared, and nothing waits: the recorded outcome (including `HAL_TIMEOUT` or `HAL_CANCELED`) is served at once.
 */
import type { CardConnection, CardReader, Disposition, ReaderEvent } from '../card-reader.ts';
import { HalError, type HalErrorCode } from '../errors.ts';
import { formatRedactedHex, redactCommandApdu } from '../redaction/redact.ts';
import type { Recording, RecordingStep, RecordingStepKind } from './recording-format.ts';
import { readRecording } from './read-recording.ts';

/** A replaying `CardReader`, with a check that the whole recording was used. */
export interface ReplayCardReader extends CardReader {
  /** How many recorded calls have not been asked for yet. */
  readonly remaining: number;
  /** Throws `HAL_REPLAY_INCOMPLETE` naming the next recorded call if any was never asked for. */
  assertComplete(): void;
}

type Step<K extends RecordingStepKind> = Extract<RecordingStep, { kind: K }>;

const isCall = (step: RecordingStep): boolean => step.kind !== 'event' && step.kind !== 'unsubscribe';

/** Serves `recording` (parsed, or the file's bytes, checked as by `readRecording`) back as a `CardReader`. */
export function createReplayCardReader(recording: Recording | Uint8Array): ReplayCardReader {
  const { steps } = recording instanceof Uint8Array ? readRecording(recording) : recording;
  const listeners = new Map<number, (event: ReaderEvent) => void>();
  let cursor = 0;
  let diverged: HalError | undefined;
  let closed = false;

  const deliverEvents = (): void => {
    for (let step = steps[cursor]; step && !isCall(step); step = steps[++cursor]) {
      if (step.kind === 'event') {
        try {
          listeners.get(step.sub)?.(step.event);
        } catch {
          // A listener's fault is its own; the replay goes on as the reader would.
        }
      }
    }
  };

  /** Takes the next recorded call, which must be `kind` and pass `check` (a mismatch reason, or undefined). */
  function take<K extends RecordingStepKind>(
    kind: K,
    got: string,
    check: (step: Step<K>) => string | undefined,
    taken?: (step: Step<K>) => void,
  ): Step<K> {
    if (closed) throw new HalError('HAL_DISCONNECTED', `${got}: the replay card reader is closed`);
    if (diverged) throw diverged;
    deliverEvents();
    const step = steps[cursor];
    const number = cursor + 1;
    if (!step) {
      throw new HalError('HAL_REPLAY_EXHAUSTED', `step ${number}: got ${got}, but the recording ends after step ${steps.length}`);
    }
    const mismatch = step.kind !== kind ? 'another call' : check(step as Step<K>);
    if (mismatch !== undefined) {
      diverged = new HalError('HAL_REPLAY_DIVERGED', `step ${number}: ${mismatch}: expected ${describe(step)}, got ${got}`);
      throw diverged;
    }
    cursor++;
    taken?.(step as Step<K>);
    deliverEvents();
    return step as Step<K>;
  }

  const outcome = (step: RecordingStep & { error?: { code: string; message: string } }): void => {
    if (step.error) throw new HalError(step.error.code as HalErrorCode, step.error.message);
  };

  const same = (what: string, expected: unknown, actual: unknown): string | undefined =>
    expected === actual ? undefined : `different ${what}`;

  const connection = (reader: string, conn: number, protocol: Step<'connect'>['protocol'], atr: Uint8Array): CardConnection => ({
    reader,
    protocol: protocol ?? 'T1',
    atr,
    async transmit(capdu) {
      const got = `transmit on connection ${conn}: ${formatRedactedHex(redactCommandApdu(capdu))}`;
      const step = take('transmit', got, (s) => same('connection', s.conn, conn) ?? commandMismatch(s, capdu));
      outcome(step);
      return Uint8Array.from(step.rapdu!);
    },
    async reset(options) {
      const cold = options?.cold ?? false;
      const step = take('reset', `${cold ? 'cold' : 'warm'} reset of connection ${conn}`, (s) => same('connection', s.conn, conn) ?? same('reset kind', s.cold, cold));
      outcome(step);
      return Uint8Array.from(step.atr!);
    },
    async disconnect(disposition: Disposition = 'leave') {
      const step = take('disconnect', `disconnect (${disposition}) of connection ${conn}`, (s) => same('connection', s.conn, conn) ?? same('disposition', s.disposition, disposition));
      outcome(step);
    },
  });

  return {
    get remaining() {
      return steps.slice(cursor).filter(isCall).length;
    },
    assertComplete() {
      const next = steps.slice(cursor).find(isCall);
      if (next) {
        throw new HalError('HAL_REPLAY_INCOMPLETE', `step ${steps.indexOf(next) + 1} was never asked for: ${describe(next)}`);
      }
    },
    async listReaders() {
      const step = take('list-readers', 'listReaders()', () => undefined);
      outcome(step);
      return [...step.readers!];
    },
    async status(reader) {
      const step = take('status', `status(${reader})`, (s) => same('reader', s.reader, reader));
      outcome(step);
      return step.status!;
    },
    onEvent(listener) {
      // The events the recorded reader reported at once to this listener follow its subscription.
      const step = take('subscribe', 'onEvent()', () => undefined, (s) => listeners.set(s.sub, listener));
      return () => void listeners.delete(step.sub);
    },
    async waitForCard(reader) {
      const step = take('wait-for-card', `waitForCard(${reader})`, (s) => same('reader', s.reader, reader));
      outcome(step);
      return Uint8Array.from(step.atr!);
    },
    async waitForCardRemoval(reader) {
      const step = take('wait-for-card-removal', `waitForCardRemoval(${reader})`, (s) => same('reader', s.reader, reader));
      outcome(step);
    },
    async connect(reader) {
      const step = take('connect', `connect(${reader})`, (s) => same('reader', s.reader, reader));
      outcome(step);
      return connection(reader, step.conn, step.protocol, Uint8Array.from(step.atr!));
    },
    async close() {
      if (closed) return;
      // Closing is cleanup: it consumes a recorded close if that is next, and never diverges.
      if (!diverged) {
        deliverEvents();
        const step = steps[cursor];
        if (step?.kind === 'close') {
          cursor++;
          closed = true;
          outcome(step);
        }
      }
      closed = true;
      listeners.clear();
    },
  };
}

/** Why `capdu` does not match the recorded command, or undefined when it does. */
function commandMismatch(step: Step<'transmit'>, capdu: Uint8Array): string | undefined {
  if (capdu.length !== step.capdu.length) return 'different command length';
  let r = 0;
  for (let i = 0; i < capdu.length; i++) {
    const span = step.capduRedactions[r];
    if (span && i >= span.offset + span.length) r++;
    const hidden = step.capduRedactions[r];
    if (hidden && i >= hidden.offset && i < hidden.offset + hidden.length) continue;
    if (capdu[i] !== step.capdu[i]) return `different command byte at offset ${i}`;
  }
  return undefined;
}

/** A recorded step as a divergence message shows it, secret bytes hidden even in an unredacted recording. */
function describe(step: RecordingStep): string {
  switch (step.kind) {
    case 'transmit': {
      const shown = step.capduRedactions.length > 0 ? { bytes: step.capdu, redactions: step.capduRedactions } : redactCommandApdu(step.capdu);
      return `transmit on connection ${step.conn}: ${formatRedactedHex(shown)}`;
    }
    case 'subscribe':
      return 'onEvent()';
    case 'list-readers':
      return 'listReaders()';
    case 'status':
      return `status(${step.reader})`;
    case 'wait-for-card':
      return `waitForCard(${step.reader})`;
    case 'wait-for-card-removal':
      return `waitForCardRemoval(${step.reader})`;
    case 'connect':
      return `connect(${step.reader})`;
    case 'reset':
      return `${step.cold ? 'cold' : 'warm'} reset of connection ${step.conn}`;
    case 'disconnect':
      return `disconnect (${step.disposition}) of connection ${step.conn}`;
    default:
      return step.kind;
  }
}
