import { EmvError } from '../errors.ts';
import type { CommandApdu } from './command-apdu.ts';

/** A decoded command APDU: its fields, its ISO case and whether it used extended length fields. */
export interface ParsedCommandApdu extends CommandApdu {
  readonly data: Uint8Array;
  readonly case: 1 | 2 | 3 | 4;
  readonly extended: boolean;
}

/**
 * Decodes a command APDU into its fields and case. Throws `EMV_APDU_MALFORMED` (with the byte `offset`) when
 * the body length fits none of cases 1, 2S, 3S, 4S, 2E, 3E, 4E.
 * @remarks See ISO/IEC 7816-3:2006, 12.1.3 (decoding of the command APDU) and EMV 4.4 Book 1, 9.4.1.
 */
export function parseCommandApdu(bytes: Uint8Array): ParsedCommandApdu {
  if (bytes.length < 4) throw malformed(`${bytes.length} bytes is shorter than a header`, bytes.length);
  const header = { cla: bytes[0]!, ins: bytes[1]!, p1: bytes[2]!, p2: bytes[3]! };
  const body = bytes.length - 4;
  const empty = new Uint8Array();
  // See ISO/IEC 7816-3, 12.1.3: case 1, body empty.
  if (body === 0) return { ...header, data: empty, case: 1, extended: false };
  const b1 = bytes[4]!;
  // Case 2S: one byte, Le (00 = 256).
  if (body === 1) return { ...header, data: empty, le: b1 || 0x100, case: 2, extended: false };
  if (b1 !== 0) {
    // Case 3S: Lc = B1 and B1 data bytes; case 4S: one more byte, Le.
    if (body === 1 + b1) return { ...header, data: bytes.slice(5), case: 3, extended: false };
    if (body === 2 + b1) {
      return { ...header, data: bytes.slice(5, 5 + b1), le: bytes[5 + b1]! || 0x100, case: 4, extended: false };
    }
    throw malformed(`Lc ${b1} does not match the ${body - 1} bytes after it`, 4);
  }
  if (body < 3) throw malformed('extended length field is truncated', 4);
  const b23 = bytes[5]! * 256 + bytes[6]!;
  // Case 2E: 00 and a two-byte Le (0000 = 65536).
  if (body === 3) return { ...header, data: empty, le: b23 || 0x10000, case: 2, extended: true };
  if (b23 === 0) throw malformed('extended Lc is 0', 5);
  // Case 3E: 00, Lc (2 bytes), data; case 4E: and a two-byte Le.
  if (body === 3 + b23) return { ...header, data: bytes.slice(7), case: 3, extended: true };
  if (body === 5 + b23) {
    const le = bytes[7 + b23]! * 256 + bytes[8 + b23]!;
    return { ...header, data: bytes.slice(7, 7 + b23), le: le || 0x10000, case: 4, extended: true };
  }
  throw malformed(`extended Lc ${b23} does not match the ${body - 3} bytes after it`, 5);
}

function malformed(message: string, offset: number): EmvError {
  return new EmvError('EMV_APDU_MALFORMED', `command APDU: ${message} (at byte ${offset})`, { offset });
}
