/**
 * Reading a recording file back, trusting nothing in it: any byte sequence yields either a valid `Recording` or
 * a `HAL_RECORDING_MALFORMED` error naming the record and field at fault, never a crash or a hang.
 */
import { Decoder } from 'cbor-x';
import { HalError } from '../errors.ts';
import type { ReaderEvent, ReaderStatus } from '../card-reader.ts';
import type { Redaction } from '../redaction/redact.ts';
import {
  RECORDING_FORMAT,
  RECORDING_VERSION,
  type RecordedError,
  type Recording,
  type RecordingHeader,
  type RecordingStep,
} from './recording-format.ts';

/** Largest recording accepted (a long bench session is a few hundred kilobytes). */
export const MAX_RECORDING_BYTES = 64 * 1024 * 1024;

const decoder = new Decoder({ useRecords: false, mapsAsObjects: true });

class Malformed extends Error {}

/** Decodes and checks a recording; throws `HAL_RECORDING_MALFORMED` on anything else. */
export function readRecording(bytes: Uint8Array): Recording {
  if (bytes.length > MAX_RECORDING_BYTES) {
    throw new HalError('HAL_RECORDING_MALFORMED', `recording is ${bytes.length} bytes, more than ${MAX_RECORDING_BYTES}`);
  }
  if (bytes.length === 0) throw new HalError('HAL_RECORDING_MALFORMED', 'recording is empty');
  let items: unknown[];
  try {
    items = decoder.decodeMultiple(bytes) as unknown[];
  } catch (error) {
    throw new HalError('HAL_RECORDING_MALFORMED', `recording is not a CBOR sequence: ${(error as Error).message}`, {
      cause: error,
    });
  }
  if (!Array.isArray(items) || items.length === 0) throw new HalError('HAL_RECORDING_MALFORMED', 'recording is empty');
  let index = 0;
  try {
    const header = checkHeader(items[0]);
    const steps: RecordingStep[] = [];
    for (index = 1; index < items.length; index++) steps.push(checkStep(items[index]));
    return { header, steps };
  } catch (error) {
    if (!(error instanceof Malformed)) throw error;
    const where = index === 0 ? 'header' : `record ${index}`;
    throw new HalError('HAL_RECORDING_MALFORMED', `recording ${where}: ${error.message}`);
  }
}

type Fields = Record<string, unknown>;

function object(value: unknown, what: string): Fields {
  if (value === null || typeof value !== 'object' || Array.isArray(value) || value instanceof Uint8Array) {
    throw new Malformed(`${what} is not a map`);
  }
  return value as Fields;
}

function str(o: Fields, key: string): string {
  const value = o[key];
  if (typeof value !== 'string') throw new Malformed(`${key} is not a text string`);
  return value;
}

function int(o: Fields, key: string, min = 0): number {
  const value = o[key];
  if (typeof value !== 'number' || !Number.isSafeInteger(value) || value < min) {
    throw new Malformed(`${key} is not an integer >= ${min}`);
  }
  return value;
}

function bool(o: Fields, key: string): boolean {
  const value = o[key];
  if (typeof value !== 'boolean') throw new Malformed(`${key} is not a boolean`);
  return value;
}

function bytesOf(o: Fields, key: string): Uint8Array {
  const value = o[key];
  if (!(value instanceof Uint8Array)) throw new Malformed(`${key} is not a byte string`);
  return Uint8Array.from(value);
}

function oneOf<T extends string>(o: Fields, key: string, allowed: readonly T[]): T {
  const value = str(o, key);
  if (!(allowed as readonly string[]).includes(value)) throw new Malformed(`${key} "${value.slice(0, 40)}" is unknown`);
  return value as T;
}

function optional<T>(o: Fields, key: string, read: (o: Fields, key: string) => T): T | undefined {
  return o[key] === undefined ? undefined : read(o, key);
}

function checkHeader(value: unknown): RecordingHeader {
  const o = object(value, 'header');
  if (o['format'] !== RECORDING_FORMAT) throw new Malformed(`format is not "${RECORDING_FORMAT}"`);
  if (o['version'] !== RECORDING_VERSION) throw new Malformed(`version ${String(o['version'])} is not supported`);
  const notice = optional(o, 'notice', str);
  return {
    format: RECORDING_FORMAT,
    version: RECORDING_VERSION,
    created: str(o, 'created'),
    source: str(o, 'source'),
    redacted: bool(o, 'redacted'),
    ...(notice === undefined ? {} : { notice }),
  };
}

function checkError(o: Fields): RecordedError | undefined {
  if (o['error'] === undefined) return undefined;
  const e = object(o['error'], 'error');
  return { code: str(e, 'code'), message: str(e, 'message') };
}

function checkRedactions(o: Fields, key: string, length: number): Redaction[] {
  const list = o[key];
  if (!Array.isArray(list)) throw new Malformed(`${key} is not an array`);
  let end = 0;
  return list.map((item: unknown) => {
    const r = object(item, key);
    const redaction = { offset: int(r, 'offset'), length: int(r, 'length', 1), label: str(r, 'label') };
    if (redaction.offset < end || redaction.offset + redaction.length > length) {
      throw new Malformed(`${key} span ${redaction.offset}+${redaction.length} is out of order or out of range`);
    }
    end = redaction.offset + redaction.length;
    return redaction;
  });
}

function checkEvent(value: unknown): ReaderEvent {
  const o = object(value, 'event');
  const type = oneOf(o, 'type', ['reader-added', 'reader-removed', 'card-inserted', 'card-removed'] as const);
  const reader = str(o, 'reader');
  return type === 'card-inserted' ? { type, reader, atr: bytesOf(o, 'atr') } : { type, reader };
}

function checkStatus(value: unknown): ReaderStatus {
  const o = object(value, 'status');
  const atr = optional(o, 'atr', bytesOf);
  return { reader: str(o, 'reader'), cardPresent: bool(o, 'cardPresent'), ...(atr ? { atr } : {}) };
}

/** Reads the result field `key` unless the call failed. */
function result<T>(o: Fields, error: RecordedError | undefined, key: string, read: (o: Fields, key: string) => T): T | undefined {
  return error ? undefined : read(o, key);
}

const STEP_KINDS = [
  'event', 'subscribe', 'unsubscribe', 'list-readers', 'status', 'wait-for-card', 'wait-for-card-removal',
  'connect', 'transmit', 'reset', 'disconnect', 'close',
] as const satisfies readonly RecordingStep['kind'][];

function checkStep(value: unknown): RecordingStep {
  const o = object(value, 'record');
  const kind = oneOf(o, 'kind', STEP_KINDS);
  if (kind === 'event') return { kind, at: int(o, 'at'), sub: int(o, 'sub', 1), event: checkEvent(o['event']) };
  if (kind === 'subscribe' || kind === 'unsubscribe') return { kind, at: int(o, 'at'), sub: int(o, 'sub', 1) };
  const error = checkError(o);
  const call = { at: int(o, 'at'), dur: int(o, 'dur'), ...(error ? { error } : {}) };
  switch (kind) {
    case 'list-readers': {
      const readers = result(o, error, 'readers', (f, k) => {
        const list = f[k];
        if (!Array.isArray(list) || !list.every((r) => typeof r === 'string')) throw new Malformed(`${k} is not a list of names`);
        return list as string[];
      });
      return { kind, ...call, ...(readers ? { readers } : {}) };
    }
    case 'status': {
      const status = result(o, error, 'status', (f, k) => checkStatus(f[k]));
      return { kind, ...call, reader: str(o, 'reader'), ...(status ? { status } : {}) };
    }
    case 'wait-for-card': {
      const atr = result(o, error, 'atr', bytesOf);
      return { kind, ...call, reader: str(o, 'reader'), ...(atr ? { atr } : {}) };
    }
    case 'wait-for-card-removal':
      return { kind, ...call, reader: str(o, 'reader') };
    case 'connect': {
      const protocol = result(o, error, 'protocol', (f, k) => oneOf(f, k, ['T0', 'T1'] as const));
      const atr = result(o, error, 'atr', bytesOf);
      return { kind, ...call, reader: str(o, 'reader'), conn: int(o, 'conn', 1), ...(protocol ? { protocol } : {}), ...(atr ? { atr } : {}) };
    }
    case 'transmit': {
      const capdu = bytesOf(o, 'capdu');
      const capduRedactions = checkRedactions(o, 'capduRedactions', capdu.length);
      const rapdu = result(o, error, 'rapdu', bytesOf);
      const rapduRedactions = rapdu ? checkRedactions(o, 'rapduRedactions', rapdu.length) : undefined;
      if (rapdu && rapdu.length < 2) throw new Malformed('rapdu is shorter than a status word');
      return { kind, ...call, conn: int(o, 'conn', 1), capdu, capduRedactions, ...(rapdu ? { rapdu, rapduRedactions: rapduRedactions! } : {}) };
    }
    case 'reset': {
      const atr = result(o, error, 'atr', bytesOf);
      return { kind, ...call, conn: int(o, 'conn', 1), cold: bool(o, 'cold'), ...(atr ? { atr } : {}) };
    }
    case 'disconnect':
      return { kind, ...call, conn: int(o, 'conn', 1), disposition: oneOf(o, 'disposition', ['leave', 'reset', 'unpower', 'eject'] as const) };
    case 'close':
      return { kind, ...call };
  }
}
