/**
 * Kart's generic HID fingerprint scanner protocol (`HID-SCANNER.md` in this folder): the command and response
 * reports, their CRC, the status codes and the capture payload. Pure: bytes in, values or `HAL_FRAME_MALFORMED`
 * out. Report lengths count data bytes only; node-hid's report id byte is added and stripped by the driver.
 */
import { HalError } from '../errors.ts';
import type { FingerprintFormat, FingerprintImage } from '../fingerprint-scanner.ts';

/** Command report: cmd, seq, len, payload, CRC-16 (big-endian) over cmd..payload, zero padding. */
export const COMMAND_OVERHEAD = 5;
/** Response report: status, seq, chunk index (2), chunk count (2), len, data, CRC-16 over status..data, padding. */
export const RESPONSE_HEADER = 7;
export const RESPONSE_OVERHEAD = RESPONSE_HEADER + 2;

/** Response status codes. */
export const HID_STATUS = {
  OK: 0x00,
  /** Keep-alive while waiting for a finger; sent at least every 250 ms. */
  WAITING: 0x10,
  NO_FINGER: 0x20,
  /** Data: rejection code (1 too messy, 2 too few features, 3 low quality), quality. */
  REJECTED: 0x21,
  ABORTED: 0x22,
  /** Data: one detail byte (1 CRC, 2 unknown command, 3 bad length). */
  BAD_COMMAND: 0x30,
  SENSOR_FAULT: 0x31,
  BUSY: 0x32,
} as const;

/** Capture purposes on the wire. */
export const HID_PURPOSE = { verify: 1, enroll: 2 } as const;

/** Format codes on the wire (GET_INFO and capture data). */
export const HID_FORMAT: Readonly<Record<FingerprintFormat, number>> = { 'iso-19794-2': 1, 'vendor-template': 2, image: 3 };

/** Largest reassembled response accepted (a 500 dpi image of 400 x 500 pixels fits). */
export const MAX_RESPONSE_BYTES = 256 * 1024;

/**
 * CRC-16/CCITT-FALSE: polynomial 0x1021, initial value 0xFFFF, no reflection, no final XOR (check value of the
 * ASCII digits 1..9 is 0x29B1).
 */
export function crc16(bytes: Uint8Array, start = 0, end = bytes.length): number {
  let crc = 0xffff;
  for (let i = start; i < end; i++) {
    crc ^= bytes[i]! << 8;
    for (let bit = 0; bit < 8; bit++) crc = crc & 0x8000 ? ((crc << 1) ^ 0x1021) & 0xffff : (crc << 1) & 0xffff;
  }
  return crc;
}

const malformed = (message: string): HalError => new HalError('HAL_FRAME_MALFORMED', `HID scanner: ${message}`);

/** Builds a command report's data bytes (`length` of them, without the report id). */
export function encodeCommandReport(length: number, cmd: number, seq: number, payload: Uint8Array = new Uint8Array(0)): Uint8Array {
  if (payload.length > length - COMMAND_OVERHEAD || payload.length > 255) throw new HalError('HAL_INTERNAL', `HID command payload of ${payload.length} bytes does not fit a ${length}-byte report`);
  const report = new Uint8Array(length);
  report[0] = cmd;
  report[1] = seq & 0xff;
  report[2] = payload.length;
  report.set(payload, 3);
  const crc = crc16(report, 0, 3 + payload.length);
  report[3 + payload.length] = crc >> 8;
  report[4 + payload.length] = crc & 0xff;
  return report;
}

export interface CommandReport {
  readonly cmd: number;
  readonly seq: number;
  readonly payload: Uint8Array;
}

/** Reads a command report's data bytes (the device's side); throws `HAL_FRAME_MALFORMED`. */
export function decodeCommandReport(data: Uint8Array): CommandReport {
  if (data.length < COMMAND_OVERHEAD) throw malformed(`command report of ${data.length} bytes is too short`);
  const len = data[2]!;
  if (3 + len + 2 > data.length) throw malformed(`command length ${len} runs past the ${data.length}-byte report`);
  const crc = (data[3 + len]! << 8) | data[4 + len]!;
  if (crc !== crc16(data, 0, 3 + len)) throw malformed('command CRC mismatch');
  return { cmd: data[0]!, seq: data[1]!, payload: data.slice(3, 3 + len) };
}

export interface ResponseReport {
  readonly status: number;
  readonly seq: number;
  readonly index: number;
  readonly count: number;
  readonly data: Uint8Array;
}

/** Builds a response report's data bytes (`length` of them, without the report id). */
export function encodeResponseReport(length: number, r: ResponseReport): Uint8Array {
  if (r.data.length > length - RESPONSE_OVERHEAD || r.data.length > 255) throw new HalError('HAL_INTERNAL', `HID response chunk of ${r.data.length} bytes does not fit a ${length}-byte report`);
  const report = new Uint8Array(length);
  report.set([r.status, r.seq & 0xff, r.index >> 8, r.index & 0xff, r.count >> 8, r.count & 0xff, r.data.length]);
  report.set(r.data, RESPONSE_HEADER);
  const end = RESPONSE_HEADER + r.data.length;
  const crc = crc16(report, 0, end);
  report[end] = crc >> 8;
  report[end + 1] = crc & 0xff;
  return report;
}

/** Reads a response report's data bytes; trailing padding beyond the CRC is ignored. Throws `HAL_FRAME_MALFORMED`. */
export function decodeResponseReport(data: Uint8Array): ResponseReport {
  if (data.length < RESPONSE_OVERHEAD) throw malformed(`response report of ${data.length} bytes is too short`);
  const len = data[6]!;
  const end = RESPONSE_HEADER + len;
  if (end + 2 > data.length) throw malformed(`response length ${len} runs past the ${data.length}-byte report (short read?)`);
  if (((data[end]! << 8) | data[end + 1]!) !== crc16(data, 0, end)) throw malformed('response CRC mismatch');
  const index = (data[2]! << 8) | data[3]!;
  const count = (data[4]! << 8) | data[5]!;
  if (count === 0 || index >= count) throw malformed(`chunk ${index} of ${count}`);
  return { status: data[0]!, seq: data[1]!, index, count, data: data.slice(RESPONSE_HEADER, end) };
}

/** Splits a response's data into chunk reports (`maxChunk` bytes each; at least one report, even for no data). */
export function chunkResponse(status: number, seq: number, data: Uint8Array, maxChunk: number): ResponseReport[] {
  const count = Math.max(1, Math.ceil(data.length / maxChunk));
  if (count > 0xffff) throw new HalError('HAL_INTERNAL', `HID response of ${data.length} bytes needs more than 65535 chunks`);
  return Array.from({ length: count }, (_, index) => ({ status, seq, index, count, data: data.slice(index * maxChunk, (index + 1) * maxChunk) }));
}

/** Reassembles chunk reports in order; `add` returns the whole data once the last chunk is in. */
export class ResponseAssembler {
  private parts: Uint8Array[] = [];
  private size = 0;
  private head: ResponseReport | undefined;

  add(r: ResponseReport): Uint8Array | undefined {
    if (!this.head) {
      if (r.index !== 0) throw malformed(`response starts at chunk ${r.index}, not 0`);
      this.head = r;
    } else if (r.status !== this.head.status || r.count !== this.head.count || r.index !== this.parts.length) {
      throw malformed(`chunk ${r.index}/${r.count} (status ${r.status}) out of order after ${this.parts.length}/${this.head.count}`);
    }
    this.size += r.data.length;
    if (this.size > MAX_RESPONSE_BYTES) throw malformed(`response longer than ${MAX_RESPONSE_BYTES} bytes`);
    this.parts.push(r.data);
    if (this.parts.length < r.count) return undefined;
    const out = new Uint8Array(this.size);
    let at = 0;
    for (const part of this.parts) {
      out.set(part, at);
      at += part.length;
    }
    return out;
  }
}

export interface CaptureData {
  readonly format: FingerprintFormat;
  readonly quality: number;
  readonly template?: Uint8Array;
  readonly image?: FingerprintImage;
}

const FORMAT_BY_CODE = new Map(Object.entries(HID_FORMAT).map(([name, code]) => [code, name as FingerprintFormat]));

/** Capture data: format, quality, then the template bytes, or width (2), height (2), dpi (2) and the pixels. */
export function encodeCaptureData(c: CaptureData): Uint8Array {
  if (c.format === 'image') {
    const img = c.image!;
    const out = new Uint8Array(8 + img.pixels.length);
    out.set([HID_FORMAT.image, c.quality, img.width >> 8, img.width & 0xff, img.height >> 8, img.height & 0xff, img.dpi >> 8, img.dpi & 0xff]);
    out.set(img.pixels, 8);
    return out;
  }
  const template = c.template ?? new Uint8Array(0);
  const out = new Uint8Array(2 + template.length);
  out.set([HID_FORMAT[c.format], c.quality]);
  out.set(template, 2);
  return out;
}

/** Reads capture data; throws `HAL_FRAME_MALFORMED`. */
export function decodeCaptureData(data: Uint8Array): CaptureData {
  if (data.length < 2) throw malformed('capture data shorter than its format and quality');
  const format = FORMAT_BY_CODE.get(data[0]!);
  if (!format) throw malformed(`unknown capture format ${data[0]}`);
  const quality = data[1]!;
  if (quality > 100) throw malformed(`quality ${quality} is above 100`);
  if (format !== 'image') {
    if (data.length === 2) throw malformed('capture data holds no template');
    return { format, quality, template: data.slice(2) };
  }
  if (data.length < 8) throw malformed('image header is short');
  const width = (data[2]! << 8) | data[3]!;
  const height = (data[4]! << 8) | data[5]!;
  const dpi = (data[6]! << 8) | data[7]!;
  if (width * height !== data.length - 8 || width === 0) throw malformed(`image of ${width} x ${height} with ${data.length - 8} pixel bytes`);
  return { format, quality, image: { width, height, dpi, pixels: data.slice(8) } };
}
