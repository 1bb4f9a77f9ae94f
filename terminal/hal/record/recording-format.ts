/**
 * The card-session recording file: a CBOR sequence (RFC 8742) of maps, one header then one record per call on
 * the reader or event from it, in the order they completed. Times are integer microseconds on a monotonic clock
 * from the moment recording started. Byte strings are untagged CBOR byte strings.
 *
 * Redacted spans (see `terminal/hal/redaction/redact.ts`) are zero-filled in `capdu`/`rapdu` and listed beside them, so a
 * reader of the file knows which zeros are real. The header says whether redaction was on.
 */
import { Encoder } from 'cbor-x';
import type { CardProtocol, Disposition, ReaderEvent, ReaderStatus } from '../card-reader.ts';
import type { Redaction } from '../redaction/redact.ts';
import { concatBytes } from '../../../emv/tlv/encode-tlv.ts';

/** The `format` field of every recording header. */
export const RECORDING_FORMAT = 'kart-card-recording';
/** The one version this code writes and reads. */
export const RECORDING_VERSION = 1;
/** The header's `notice` when redaction was off. */
export const UNREDACTED_NOTICE =
  'UNREDACTED: holds PIN blocks, keys, biometric data and national ID numbers in clear; bench debugging only, never share';

export interface RecordingHeader {
  readonly format: typeof RECORDING_FORMAT;
  readonly version: typeof RECORDING_VERSION;
  /** When recording started, ISO 8601. */
  readonly created: string;
  /** Which reader stack was recorded ("pcsc: ACS ACR39U", "sim"...). */
  readonly source: string;
  readonly redacted: boolean;
  readonly notice?: string;
}

/** A fault as recorded: its `HalError` code (or `HAL_INTERNAL` for an uncoded error) and its message. */
export interface RecordedError {
  readonly code: string;
  readonly message: string;
}

interface Call {
  /** Start of the call, µs since recording started. */
  readonly at: number;
  /** Duration of the call, µs. */
  readonly dur: number;
  /** Present when the call failed; the result fields are then absent. */
  readonly error?: RecordedError;
}

/** One record after the header. Calls carry their result or error; events and unsubscriptions are not calls. */
export type RecordingStep =
  | { readonly kind: 'event'; readonly at: number; readonly sub: number; readonly event: ReaderEvent }
  | { readonly kind: 'subscribe'; readonly at: number; readonly sub: number }
  | { readonly kind: 'unsubscribe'; readonly at: number; readonly sub: number }
  | (Call & { readonly kind: 'list-readers'; readonly readers?: readonly string[] })
  | (Call & { readonly kind: 'status'; readonly reader: string; readonly status?: ReaderStatus })
  | (Call & { readonly kind: 'wait-for-card'; readonly reader: string; readonly atr?: Uint8Array })
  | (Call & { readonly kind: 'wait-for-card-removal'; readonly reader: string })
  | (Call & {
      readonly kind: 'connect';
      readonly reader: string;
      /** Connection number, counted from 1 in connect order (also on failed connects). */
      readonly conn: number;
      readonly protocol?: CardProtocol;
      readonly atr?: Uint8Array;
    })
  | (Call & {
      readonly kind: 'transmit';
      readonly conn: number;
      readonly capdu: Uint8Array;
      readonly capduRedactions: readonly Redaction[];
      readonly rapdu?: Uint8Array;
      readonly rapduRedactions?: readonly Redaction[];
    })
  | (Call & { readonly kind: 'reset'; readonly conn: number; readonly cold: boolean; readonly atr?: Uint8Array })
  | (Call & { readonly kind: 'disconnect'; readonly conn: number; readonly disposition: Disposition })
  | (Call & { readonly kind: 'close' });

export type RecordingStepKind = RecordingStep['kind'];

/** A whole recording, as read back. */
export interface Recording {
  readonly header: RecordingHeader;
  readonly steps: readonly RecordingStep[];
}

const encoder = new Encoder({ useRecords: false, tagUint8Array: false, variableMapSize: true });

/** One record (header or step) as CBOR bytes; `undefined` fields are left out. */
export function encodeRecord(record: RecordingHeader | RecordingStep): Uint8Array {
  return new Uint8Array(encoder.encode(withoutUndefined(record)));
}

function withoutUndefined(value: unknown): unknown {
  if (value instanceof Uint8Array || value === null || typeof value !== 'object') return value;
  if (Array.isArray(value)) return value.map(withoutUndefined);
  const out: Record<string, unknown> = {};
  for (const [key, item] of Object.entries(value)) if (item !== undefined) out[key] = withoutUndefined(item);
  return out;
}

/** A whole recording as one CBOR sequence (what a file holds). */
export function encodeRecording(recording: Recording): Uint8Array {
  return concatBytes([encodeRecord(recording.header), ...recording.steps.map(encodeRecord)]);
}
