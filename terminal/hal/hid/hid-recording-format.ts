/**
 * The HID session recording file: a CBOR sequence (RFC 8742) of maps, one header then one step per report
 * exchanged, in order, encoded like the card recordings (`terminal/hal/record/recording-format.ts`: cbor-x,
 * untagged byte strings, no records). Reports are stored whole, report id first. Reads that returned nothing
 * (a read slice that timed out) are not recorded: they depend on timing, not on the device.
 *
 * Redacted spans (biometric data in capture responses) are zero-filled and listed beside the report; the report's
 * CRC is recomputed so that the redacted report is still a valid report of the same shape.
 */
import { Decoder, Encoder } from 'cbor-x';
import { HalError } from '../errors.ts';
import type { Redaction } from '../redaction/redact.ts';

export const HID_RECORDING_FORMAT = 'kart-hid-recording';
export const HID_RECORDING_VERSION = 1;
export const HID_UNREDACTED_NOTICE = 'UNREDACTED: holds fingerprint templates and images in clear; bench debugging only, never share';

export interface HidRecordingHeader {
  readonly format: typeof HID_RECORDING_FORMAT;
  readonly version: typeof HID_RECORDING_VERSION;
  readonly created: string;
  /** What was recorded ("node-hid 1209:000a", "sim"...). */
  readonly source: string;
  readonly profileId: string;
  readonly redacted: boolean;
  readonly notice?: string;
}

/** One report written to or read from the device; `at` is µs since recording started. */
export type HidRecordingStep =
  | { readonly kind: 'write'; readonly at: number; readonly report: Uint8Array }
  | { readonly kind: 'read'; readonly at: number; readonly report: Uint8Array; readonly redactions: readonly Redaction[] }
  | { readonly kind: 'error'; readonly at: number; readonly op: 'write' | 'read'; readonly message: string }
  | { readonly kind: 'close'; readonly at: number };

export interface HidRecording {
  readonly header: HidRecordingHeader;
  readonly steps: readonly HidRecordingStep[];
}

const encoder = new Encoder({ useRecords: false, tagUint8Array: false, variableMapSize: true });
const decoder = new Decoder({ useRecords: false, mapsAsObjects: true });

/** One header or step as CBOR bytes (optional fields left out when undefined). */
export function encodeHidRecord(record: HidRecordingHeader | HidRecordingStep): Uint8Array {
  const clean = Object.fromEntries(Object.entries(record).filter(([, v]) => v !== undefined));
  return new Uint8Array(encoder.encode(clean));
}

class Malformed extends Error {}

type Fields = Record<string, unknown>;
const obj = (v: unknown, what: string): Fields => {
  if (v === null || typeof v !== 'object' || Array.isArray(v) || v instanceof Uint8Array) throw new Malformed(`${what} is not a map`);
  return v as Fields;
};
const str = (o: Fields, k: string): string => {
  if (typeof o[k] !== 'string') throw new Malformed(`${k} is not a text string`);
  return o[k] as string;
};
const int = (o: Fields, k: string): number => {
  const v = o[k];
  if (typeof v !== 'number' || !Number.isSafeInteger(v) || v < 0) throw new Malformed(`${k} is not a non-negative integer`);
  return v;
};
const bytes = (o: Fields, k: string): Uint8Array => {
  if (!(o[k] instanceof Uint8Array)) throw new Malformed(`${k} is not a byte string`);
  return Uint8Array.from(o[k] as Uint8Array);
};

function step(value: unknown): HidRecordingStep {
  const o = obj(value, 'step');
  const at = int(o, 'at');
  switch (o['kind']) {
    case 'write':
      return { kind: 'write', at, report: bytes(o, 'report') };
    case 'read': {
      const report = bytes(o, 'report');
      if (!Array.isArray(o['redactions'])) throw new Malformed('redactions is not an array');
      const redactions = (o['redactions'] as unknown[]).map((r) => {
        const f = obj(r, 'redaction');
        const span = { offset: int(f, 'offset'), length: int(f, 'length'), label: str(f, 'label') };
        if (span.length === 0 || span.offset + span.length > report.length) throw new Malformed('redaction span out of range');
        return span;
      });
      return { kind: 'read', at, report, redactions };
    }
    case 'error': {
      const op = str(o, 'op');
      if (op !== 'write' && op !== 'read') throw new Malformed(`op "${op.slice(0, 20)}" is unknown`);
      return { kind: 'error', at, op, message: str(o, 'message') };
    }
    case 'close':
      return { kind: 'close', at };
    default:
      throw new Malformed(`kind ${String(o['kind']).slice(0, 20)} is unknown`);
  }
}

/** Decodes and checks a HID recording; anything else is `HAL_RECORDING_MALFORMED`, never a crash. */
export function readHidRecording(data: Uint8Array): HidRecording {
  let items: unknown[];
  try {
    items = data.length === 0 ? [] : (decoder.decodeMultiple(data) as unknown[]);
  } catch (error) {
    throw new HalError('HAL_RECORDING_MALFORMED', `HID recording is not a CBOR sequence: ${(error as Error).message}`, { cause: error });
  }
  if (!Array.isArray(items) || items.length === 0) throw new HalError('HAL_RECORDING_MALFORMED', 'HID recording is empty');
  let index = 0;
  try {
    const h = obj(items[0], 'header');
    if (h['format'] !== HID_RECORDING_FORMAT || h['version'] !== HID_RECORDING_VERSION) throw new Malformed('not a version 1 kart-hid-recording');
    if (typeof h['redacted'] !== 'boolean') throw new Malformed('redacted is not a boolean');
    const notice = h['notice'] === undefined ? {} : { notice: str(h, 'notice') };
    const header: HidRecordingHeader = {
      format: HID_RECORDING_FORMAT, version: HID_RECORDING_VERSION, created: str(h, 'created'), source: str(h, 'source'),
      profileId: str(h, 'profileId'), redacted: h['redacted'], ...notice,
    };
    const steps: HidRecordingStep[] = [];
    for (index = 1; index < items.length; index++) steps.push(step(items[index]));
    return { header, steps };
  } catch (error) {
    if (!(error instanceof Malformed)) throw error;
    throw new HalError('HAL_RECORDING_MALFORMED', `HID recording ${index === 0 ? 'header' : `step ${index}`}: ${error.message}`);
  }
}
