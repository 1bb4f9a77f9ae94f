/**
 * A recording, or exchanges captured live, turned into trace entries: the structure `kart trace --json` prints
 * and `formatApduTrace` renders as text. Every byte passes through `redact.ts` on the way, whether or not the
 * recording was redacted, so a trace never shows a PIN block, key, biometric sample or national ID number.
 */
import { describeCommand } from '../../emv/apdu/describe-command.ts';
import { parseCommandApdu } from '../../emv/apdu/parse-command-apdu.ts';
import { describeStatusWord, type StatusWordCategory } from '../../emv/apdu/status-words.ts';
import type { Recording, RecordedError, RecordingStep } from '../hal/record/recording-format.ts';
import { formatRedactedHex, mergeRedactions, redactCommandApdu, redactErrorMessage, redactResponseApdu, type Redaction } from '../hal/redaction/redact.ts';
import { formatTraceData } from './trace-data.ts';
import type { TraceNames, TraceNamesTracker } from './trace-names.ts';

/** One command/response pair as captured outside a recording. Times in microseconds, when known. */
export interface LiveExchange {
  readonly capdu: Uint8Array;
  readonly rapdu?: Uint8Array;
  readonly at?: number;
  readonly dur?: number;
  readonly error?: RecordedError;
}

export interface TraceCommand {
  /** Command name from `emv/apdu` (`SELECT`, `VERIFY`, ... or `UNKNOWN`). */
  readonly name: string;
  readonly cla: number;
  readonly ins: number;
  readonly p1: number;
  readonly p2: number;
  /** Nc, when the command has data. */
  readonly lc?: number;
  /** Ne, when the command has an Le field. */
  readonly le?: number;
  /** The whole APDU as hex with markers for redacted spans. */
  readonly hex: string;
  /** The data field: TLV tree lines with tag names, else hex lines, redacted spans as markers. */
  readonly data: readonly string[];
}

export interface TraceResponse {
  readonly hex: string;
  readonly data: readonly string[];
  /** SW1 SW2 as four hex digits. */
  readonly sw: string;
  readonly swMeaning: string;
  readonly swCategory: StatusWordCategory;
}

export type TraceEntry =
  | {
      readonly kind: 'exchange';
      /** Record number in the file (1 = first after the header), or position among live exchanges. */
      readonly step: number;
      readonly conn: number;
      /** Start and duration in microseconds, when known. */
      readonly at?: number;
      readonly dur?: number;
      readonly command: TraceCommand;
      readonly response?: TraceResponse;
      readonly error?: RecordedError;
    }
  | { readonly kind: 'note'; readonly step: number; readonly at?: number; readonly dur?: number; readonly text: string; readonly error?: RecordedError };

// Commands whose data field (command side, response side) is never BER-TLV: printed as hex even if it parses.
// See EMV 4.4 Book 3, 6.5: SELECT carries a name; GENERATE AC and INTERNAL/EXTERNAL AUTHENTICATE carry DOL data
// or cryptograms; GET CHALLENGE answers with random bytes.
const COMMAND_DATA_NOT_TLV = new Set([0xa4, 0xae, 0x88, 0x82, 0x20]);
const RESPONSE_DATA_NOT_TLV = new Set([0x84]);

const hex = (bytes: Uint8Array): string => Array.from(bytes, (b) => b.toString(16).toUpperCase().padStart(2, '0')).join(' ');

/**
 * The trace entries of a recording, or of live exchanges (those are redacted here by today's rules). `names` adds an
 * applet's proprietary tag and command names (`KARTGOV_TRACE_NAMES`), or follows the selected applet
 * (`namesBySelectedApplet`, e.g. `KART_CARD_TRACE_NAMES`).
 */
export function traceEntries(input: Recording | readonly LiveExchange[], names: TraceNames | (() => TraceNamesTracker) = {}): TraceEntry[] {
  // One tracker per connection: a SELECT on one connection does not rename another's exchanges; a connect or a
  // reset starts again with nothing selected.
  const trackers = new Map<number, TraceNamesTracker>();
  const trackerOf = (conn: number): TraceNamesTracker => {
    let tracker = trackers.get(conn);
    if (!tracker) {
      tracker = typeof names === 'function' ? names() : { names, observe: () => undefined };
      trackers.set(conn, tracker);
    }
    return tracker;
  };
  const named = (conn: number, capdu: Uint8Array, rapdu: Uint8Array | undefined, entry: (n: TraceNames) => TraceEntry): TraceEntry => {
    const tracker = trackerOf(conn);
    const result = entry(tracker.names);
    tracker.observe(capdu, rapdu);
    return result;
  };
  if (!('steps' in input)) {
    return input.map((x, i) => named(1, x.capdu, x.rapdu, (n) => exchangeEntry(i + 1, 1, x.capdu, [], x.rapdu, [], x.at, x.dur, x.error, n)));
  }
  return input.steps.map((step, i) => {
    if (step.kind === 'connect' || step.kind === 'reset') trackers.delete(step.conn);
    if (step.kind !== 'transmit') return stepEntry(step, i + 1, {});
    return named(step.conn, step.capdu, step.rapdu, (n) => stepEntry(step, i + 1, n));
  });
}

function stepEntry(step: RecordingStep, number: number, names: TraceNames): TraceEntry {
  if (step.kind === 'transmit') {
    return exchangeEntry(number, step.conn, step.capdu, step.capduRedactions, step.rapdu, step.rapduRedactions ?? [], step.at, step.dur, step.error, names);
  }
  const timing = { step: number, at: step.at, ...('dur' in step ? { dur: step.dur } : {}) };
  const error = 'error' in step && step.error ? { error: { code: step.error.code, message: redactErrorMessage(step.error.message) } } : {};
  return { kind: 'note', ...timing, text: noteText(step), ...error };
}

function noteText(step: RecordingStep): string {
  switch (step.kind) {
    case 'event': {
      const e = step.event;
      return `event ${e.type}: ${e.reader}${e.type === 'card-inserted' ? `, ATR ${hex(e.atr)}` : ''}`;
    }
    case 'subscribe':
      return `listening for reader events (subscription ${step.sub})`;
    case 'unsubscribe':
      return `stopped listening (subscription ${step.sub})`;
    case 'list-readers':
      return `list readers${step.readers ? `: ${step.readers.join(', ') || '(none)'}` : ''}`;
    case 'status':
      return `status of ${step.reader}${step.status ? `: ${step.status.cardPresent ? 'card present' : 'no card'}` : ''}`;
    case 'wait-for-card':
      return `wait for a card in ${step.reader}${step.atr ? `: ATR ${hex(step.atr)}` : ''}`;
    case 'wait-for-card-removal':
      return `wait for the card to leave ${step.reader}`;
    case 'connect':
      return `connect to ${step.reader} as connection ${step.conn}${step.protocol ? `: ${step.protocol}, ATR ${hex(step.atr ?? new Uint8Array(0))}` : ''}`;
    case 'reset':
      return `${step.cold ? 'cold' : 'warm'} reset of connection ${step.conn}${step.atr ? `: ATR ${hex(step.atr)}` : ''}`;
    case 'disconnect':
      return `disconnect connection ${step.conn} (${step.disposition})`;
    case 'close':
      return 'close the reader';
    default:
      return 'transmit';
  }
}

function exchangeEntry(
  step: number,
  conn: number,
  capdu: Uint8Array,
  capduRedactions: readonly Redaction[],
  rapdu: Uint8Array | undefined,
  rapduRedactions: readonly Redaction[],
  at: number | undefined,
  dur: number | undefined,
  error: RecordedError | undefined,
  names: TraceNames,
): TraceEntry {
  const command = mergeRedactions(capdu, capduRedactions, redactCommandApdu(capdu).redactions);
  let fields: ReturnType<typeof parseCommandApdu> | undefined;
  try {
    fields = parseCommandApdu(command.bytes);
  } catch {
    fields = undefined;
  }
  const dataStart = fields ? (fields.extended ? 7 : 5) : 0;
  const dataEnd = fields ? dataStart + fields.data.length : 0;
  const ins = capdu[1] ?? 0;
  const traced: TraceCommand = {
    name: names.describeCommand?.(command.bytes) ?? describeCommand(command.bytes),
    cla: capdu[0] ?? 0,
    ins,
    p1: capdu[2] ?? 0,
    p2: capdu[3] ?? 0,
    ...(fields && fields.data.length > 0 ? { lc: fields.data.length } : {}),
    ...(fields?.le !== undefined ? { le: fields.le } : {}),
    hex: formatRedactedHex(command),
    data: fields ? formatTraceData(command, dataStart, dataEnd, !COMMAND_DATA_NOT_TLV.has(ins), names) : [`<not a command APDU, ${capdu.length} bytes>`],
  };
  let response: TraceResponse | undefined;
  if (rapdu && rapdu.length >= 2) {
    const r = mergeRedactions(rapdu, rapduRedactions, redactResponseApdu(rapdu, command.bytes).redactions);
    const sw = rapdu[rapdu.length - 2]! * 256 + rapdu[rapdu.length - 1]!;
    const info = describeStatusWord(sw);
    response = {
      hex: formatRedactedHex(r),
      data: formatTraceData(r, 0, r.bytes.length - 2, !RESPONSE_DATA_NOT_TLV.has(ins), names),
      sw: sw.toString(16).toUpperCase().padStart(4, '0'),
      swMeaning: info.meaning,
      swCategory: info.category,
    };
  }
  return {
    kind: 'exchange',
    step,
    conn,
    ...(at === undefined ? {} : { at }),
    ...(dur === undefined ? {} : { dur }),
    command: traced,
    ...(response ? { response } : {}),
    ...(error ? { error: { code: error.code, message: redactErrorMessage(error.message) } } : {}),
  };
}
