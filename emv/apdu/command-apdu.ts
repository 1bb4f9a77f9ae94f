import { EmvError } from '../errors.ts';

/**
 * A command APDU. `data` absent or empty means no Lc field; `le` is Ne, the number of response bytes
 * expected: 1..256 in short form (256 is coded `00`), up to 65536 in extended form (65536 is coded `0000`);
 * absent means no Le field. So `le: 256` is what EMV writes as "Le = '00'".
 * @remarks See ISO/IEC 7816-4:2020, 5.1 (command-response pairs) and EMV 4.4 Book 1, 9.4.1 (C-APDU).
 */
export interface CommandApdu {
  readonly cla: number;
  readonly ins: number;
  readonly p1: number;
  readonly p2: number;
  readonly data?: Uint8Array;
  readonly le?: number;
}

/** Options for {@link buildCommandApdu}. */
export interface BuildCommandApduOptions {
  /** Use extended length fields even when short ones would do. */
  readonly extended?: boolean;
}

/** Largest Nc and Ne: 65535 data bytes, 65536 expected bytes (extended length). */
export const MAX_EXTENDED_NC = 0xffff;
export const MAX_EXTENDED_NE = 0x10000;

/**
 * Encodes a command APDU, choosing the case from the fields: 1 (header only), 2 (Le), 3 (Lc data),
 * 4 (Lc data Le). Short length fields are used unless Nc > 255, Ne > 256 or `extended` is set. Throws
 * `EMV_APDU_MALFORMED` for a header byte outside 0..255 or an Ne below 1, `EMV_APDU_TOO_LONG` past
 * 65535 data bytes or an Ne above 65536.
 * @remarks See ISO/IEC 7816-3:2006, 12.1.3 (decoding of the command APDU, table 13) and ISO/IEC 7816-4,
 * 5.1; EMV 4.4 Book 1, 9.4.1 uses the short cases only.
 */
export function buildCommandApdu(command: CommandApdu, options: BuildCommandApduOptions = {}): Uint8Array {
  const { cla, ins, p1, p2, le } = command;
  for (const [name, byte] of [['CLA', cla], ['INS', ins], ['P1', p1], ['P2', p2]] as const) {
    if (!Number.isInteger(byte) || byte < 0 || byte > 0xff) {
      throw new EmvError('EMV_APDU_MALFORMED', `${name} ${String(byte)} is not a byte`);
    }
  }
  const data = command.data ?? new Uint8Array();
  if (data.length > MAX_EXTENDED_NC) {
    throw new EmvError('EMV_APDU_TOO_LONG', `${data.length} data bytes exceed ${MAX_EXTENDED_NC}`);
  }
  if (le !== undefined) {
    if (!Number.isInteger(le) || le < 1) {
      throw new EmvError('EMV_APDU_MALFORMED', `Ne ${String(le)} is not 1..65536 (for Le '00' use 256)`);
    }
    if (le > MAX_EXTENDED_NE) throw new EmvError('EMV_APDU_TOO_LONG', `Ne ${le} exceeds ${MAX_EXTENDED_NE}`);
  }
  const extended = options.extended === true || data.length > 0xff || (le ?? 0) > 0x100;
  const out: number[] = [cla, ins, p1, p2];
  if (data.length > 0) {
    // See ISO/IEC 7816-3, 12.1.3: Lc is one byte, or 00 and two bytes.
    if (extended) out.push(0x00, data.length >> 8, data.length & 0xff);
    else out.push(data.length);
  }
  const bytes = Uint8Array.from(out);
  if (le === undefined) return concat(bytes, data);
  // See ISO/IEC 7816-3, 12.1.3: Le is one byte (00 = 256) or two bytes (0000 = 65536), the latter preceded by
  // 00 when there is no Lc field.
  const leField = !extended
    ? [le & 0xff]
    : data.length > 0
      ? [(le >> 8) & 0xff, le & 0xff]
      : [0x00, (le >> 8) & 0xff, le & 0xff];
  return concat(concat(bytes, data), Uint8Array.from(leField));
}

function concat(a: Uint8Array, b: Uint8Array): Uint8Array {
  const out = new Uint8Array(a.length + b.length);
  out.set(a, 0);
  out.set(b, a.length);
  return out;
}
