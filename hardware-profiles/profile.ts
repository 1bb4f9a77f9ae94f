/**
 * Hardware profiles: data plus this one schema. The same profile tells auto-detection how to find a real device
 * (a PC/SC reader-name pattern, a USB vendor/product id and report layout, a serial port's settings) and tells the
 * simulator what to pretend to be. Profiles are JSON files in `hardware-profiles/profiles/`; `parseProfile`
 * validates one and fails with `PROFILE_INVALID` naming the field.
 */

export type DeviceKind = 'card-reader' | 'fingerprint-scanner' | 'printer' | 'pin-pad';

export interface CardReaderProfile {
  readonly kind: 'card-reader';
  readonly id: string;
  readonly description: string;
  /** Regular expression (source text) matched case-insensitively against PC/SC reader names. */
  readonly readerNamePattern: string;
  /** Protocols the reader offers, in order of preference. */
  readonly protocols: readonly ('T0' | 'T1')[];
  /** Card clock and baud rate the timing model uses (ISO/IEC 7816-3: 9,600 bit/s at Fi/Di 372/1 and 3.57 MHz). */
  readonly baudRate: number;
}

export interface HidReportLayout {
  readonly reportId: number;
  readonly length: number;
}

/** Command codes of the generic HID scanner protocol (`terminal/hal/hid/HID-SCANNER.md`); defaults 0x01..0x03. */
export interface HidScannerCommands {
  readonly getInfo: number;
  readonly capture: number;
  readonly abort: number;
}

export const DEFAULT_HID_SCANNER_COMMANDS: HidScannerCommands = { getInfo: 0x01, capture: 0x02, abort: 0x03 };

/** Default for `FingerprintScannerProfile.packetTimeoutMs`. */
export const DEFAULT_SCANNER_PACKET_TIMEOUT_MS = 1_000;

export interface FingerprintScannerProfile {
  readonly kind: 'fingerprint-scanner';
  readonly id: string;
  readonly description: string;
  readonly transport: 'hid' | 'uart';
  /** USB ids (HID), as numbers. */
  readonly usb?: { readonly vendorId: number; readonly productId: number };
  /** Serial settings (UART). */
  readonly serial?: { readonly baudRate: number };
  /** Report layout (HID): which report id carries commands and which carries responses. */
  readonly reports?: { readonly command: HidReportLayout; readonly response: HidReportLayout };
  /**
   * Report lengths count the report's data bytes, without the report id byte that node-hid puts first on write
   * (and first on read for numbered reports, id > 0). Command codes (HID): defaults when absent.
   */
  readonly hidCommands?: HidScannerCommands;
  /**
   * Longest silence the driver accepts while it waits for the device's next packet or report (a keep-alive, an
   * acknowledgement, the next data chunk) before it gives up with `HAL_DEVICE_UNRESPONSIVE`; default 1 000 ms.
   */
  readonly packetTimeoutMs?: number;
  /** What the device yields: an ISO/IEC 19794-2 template, its own template format, or an image only. */
  readonly yields: 'iso-19794-2' | 'vendor-template' | 'image';
  readonly resolutionDpi: number;
}

export interface PrinterProfile {
  readonly kind: 'printer';
  readonly id: string;
  readonly description: string;
  readonly serial: { readonly baudRate: number };
  readonly commandSet: 'escpos';
  readonly columns: number;
  /**
   * ESC t number of the printer's PC864 (Arabic) code page, when it has one (37 on Epson; vendors differ). Without
   * it, receipts carry the English lines and a note that the Arabic could not be printed.
   */
  readonly arabicCodePage?: number;
  /** Whether the printer answers DLE EOT status queries (default true); without, paper out cannot be detected. */
  readonly statusQueries?: boolean;
}

export interface PinPadProfile {
  readonly kind: 'pin-pad';
  readonly id: string;
  readonly description: string;
  readonly serial: { readonly baudRate: number };
}

export type HardwareProfile = CardReaderProfile | FingerprintScannerProfile | PrinterProfile | PinPadProfile;

/** A profile that does not fit the schema. */
export class ProfileError extends Error {
  override readonly name = 'ProfileError';
  readonly code = 'PROFILE_INVALID';
  constructor(
    readonly field: string,
    message: string,
  ) {
    super(`${field}: ${message}`);
  }
}

type Json = Record<string, unknown>;

const isObject = (v: unknown): v is Json => typeof v === 'object' && v !== null && !Array.isArray(v);

function text(o: Json, key: string, path: string): string {
  const v = o[key];
  if (typeof v !== 'string' || v.length === 0) throw new ProfileError(`${path}.${key}`, 'expected a non-empty string');
  return v;
}

function whole(o: Json, key: string, path: string, min: number, max: number): number {
  const v = o[key];
  if (typeof v !== 'number' || !Number.isInteger(v) || v < min || v > max) {
    throw new ProfileError(`${path}.${key}`, `expected an integer from ${min} to ${max}`);
  }
  return v;
}

function object(o: Json, key: string, path: string): Json {
  const v = o[key];
  if (!isObject(v)) throw new ProfileError(`${path}.${key}`, 'expected an object');
  return v;
}

function oneOf<T extends string>(o: Json, key: string, path: string, allowed: readonly T[]): T {
  const v = o[key];
  if (typeof v !== 'string' || !(allowed as readonly string[]).includes(v)) {
    throw new ProfileError(`${path}.${key}`, `expected one of ${allowed.join(', ')}`);
  }
  return v as T;
}

const serialOf = (o: Json, path: string) => ({ baudRate: whole(object(o, 'serial', path), 'baudRate', `${path}.serial`, 300, 4_000_000) });

function commandsOf(o: Json, path: string): HidScannerCommands {
  const codes = { getInfo: whole(o, 'getInfo', path, 1, 255), capture: whole(o, 'capture', path, 1, 255), abort: whole(o, 'abort', path, 1, 255) };
  if (new Set(Object.values(codes)).size !== 3) throw new ProfileError(path, 'command codes must differ');
  return codes;
}

/** Validates parsed JSON as a hardware profile. */
export function parseProfile(input: unknown, path = 'profile'): HardwareProfile {
  if (!isObject(input)) throw new ProfileError(path, 'expected an object');
  const kind = oneOf(input, 'kind', path, ['card-reader', 'fingerprint-scanner', 'printer', 'pin-pad'] as const);
  const id = text(input, 'id', path);
  const description = text(input, 'description', path);
  switch (kind) {
    case 'card-reader': {
      const pattern = text(input, 'readerNamePattern', path);
      try {
        new RegExp(pattern, 'i');
      } catch {
        throw new ProfileError(`${path}.readerNamePattern`, 'not a valid regular expression');
      }
      const protocols = input['protocols'];
      if (!Array.isArray(protocols) || protocols.length === 0 || !protocols.every((p) => p === 'T0' || p === 'T1')) {
        throw new ProfileError(`${path}.protocols`, 'expected a non-empty list of "T0" and "T1"');
      }
      return { kind, id, description, readerNamePattern: pattern, protocols, baudRate: whole(input, 'baudRate', path, 9_600, 1_000_000) };
    }
    case 'fingerprint-scanner': {
      const transport = oneOf(input, 'transport', path, ['hid', 'uart'] as const);
      const yields = oneOf(input, 'yields', path, ['iso-19794-2', 'vendor-template', 'image'] as const);
      const resolutionDpi = whole(input, 'resolutionDpi', path, 250, 2_000);
      const timing = input['packetTimeoutMs'] === undefined ? {} : { packetTimeoutMs: whole(input, 'packetTimeoutMs', path, 10, 60_000) };
      if (transport === 'hid') {
        const usb = object(input, 'usb', path);
        const reports = object(input, 'reports', path);
        const layout = (name: string): HidReportLayout => {
          const r = object(reports, name, `${path}.reports`);
          return { reportId: whole(r, 'reportId', `${path}.reports.${name}`, 0, 255), length: whole(r, 'length', `${path}.reports.${name}`, 1, 4096) };
        };
        const command = layout('command');
        const response = layout('response');
        // The protocol's own header and CRC need 6 (command) and 9 (response) bytes, plus at least one data byte.
        if (command.length < 8) throw new ProfileError(`${path}.reports.command.length`, 'expected at least 8 bytes');
        if (response.length < 16) throw new ProfileError(`${path}.reports.response.length`, 'expected at least 16 bytes');
        const hidCommands = input['hidCommands'] === undefined ? {} : { hidCommands: commandsOf(object(input, 'hidCommands', path), `${path}.hidCommands`) };
        return {
          kind, id, description, transport, yields, resolutionDpi, ...timing, ...hidCommands,
          usb: { vendorId: whole(usb, 'vendorId', `${path}.usb`, 0, 0xffff), productId: whole(usb, 'productId', `${path}.usb`, 0, 0xffff) },
          reports: { command, response },
        };
      }
      return { kind, id, description, transport, yields, resolutionDpi, ...timing, serial: serialOf(input, path) };
    }
    case 'printer': {
      const columns = whole(input, 'columns', path, 16, 80);
      const profile: PrinterProfile = { kind, id, description, serial: serialOf(input, path), commandSet: oneOf(input, 'commandSet', path, ['escpos'] as const), columns };
      const statusQueries = input['statusQueries'];
      if (statusQueries !== undefined && typeof statusQueries !== 'boolean') throw new ProfileError(`${path}.statusQueries`, 'expected true or false');
      return {
        ...profile,
        ...(input['arabicCodePage'] === undefined ? {} : { arabicCodePage: whole(input, 'arabicCodePage', path, 0, 255) }),
        ...(statusQueries === undefined ? {} : { statusQueries }),
      };
    }
    case 'pin-pad':
      return { kind, id, description, serial: serialOf(input, path) };
  }
}
