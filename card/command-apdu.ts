/** A parsed command APDU as the card OS hands it to an applet. */
export interface CommandApdu {
  readonly cla: number;
  readonly ins: number;
  readonly p1: number;
  readonly p2: number;
  /** Command data field (Nc bytes), empty when absent. */
  readonly data: Uint8Array;
  /** Ne: maximum number of response bytes expected; 0 when Le is absent (a short Le of 00 means 256). */
  readonly ne: number;
  /** ISO/IEC 7816-3 case: 1 (no data, no Le), 2 (Le), 3 (data), 4 (data and Le). */
  readonly case: 1 | 2 | 3 | 4;
  /** Whether Lc/Le used the extended (3-byte / 2-byte) encoding. */
  readonly extended: boolean;
}

/** Outcome of parsing: the APDU, or the status word a card answers a malformed one with. */
export type ParsedCommandApdu = { readonly ok: true; readonly apdu: CommandApdu } | { readonly ok: false; readonly sw: number };

const WRONG_LENGTH = { ok: false, sw: 0x6700 } as const; // See ISO/IEC 7816-4, Table 6: 6700 wrong length

/**
 * Parses a command APDU's length fields and tells its case. Never throws: any byte string that is not a
 * well-formed short or extended APDU yields `6700`.
 *
 * @remarks See ISO/IEC 7816-3:2006, 12.1.2 (decoding of the command APDU) and ISO/IEC 7816-4:2020, 5.1.
 */
export function parseCommandApdu(bytes: Uint8Array, options: { extendedLength?: boolean } = {}): ParsedCommandApdu {
  const allowExtended = options.extendedLength ?? true;
  const n = bytes.length;
  if (n < 4) return WRONG_LENGTH;
  const [cla, ins, p1, p2] = [bytes[0]!, bytes[1]!, bytes[2]!, bytes[3]!];
  const make = (data: Uint8Array, ne: number, apduCase: 1 | 2 | 3 | 4, extended: boolean): ParsedCommandApdu => {
    if (extended && !allowExtended) return WRONG_LENGTH;
    return { ok: true, apdu: { cla, ins, p1, p2, data: data.slice(), ne, case: apduCase, extended } };
  };
  const none = new Uint8Array(0);
  if (n === 4) return make(none, 0, 1, false);
  const b1 = bytes[4]!;
  // See 7816-3 12.1.3: short case 2, Le = 00 means Ne = 256.
  if (n === 5) return make(none, b1 === 0 ? 256 : b1, 2, false);
  if (b1 !== 0) {
    // Short case 3 (5 + Lc) or case 4 (5 + Lc + Le).
    if (n === 5 + b1) return make(bytes.subarray(5, 5 + b1), 0, 3, false);
    if (n === 6 + b1) {
      const le = bytes[n - 1]!;
      return make(bytes.subarray(5, 5 + b1), le === 0 ? 256 : le, 4, false);
    }
    return WRONG_LENGTH;
  }
  // B1 = 00 and more than 5 bytes: extended length. See 7816-3 12.1.3, extended Le 0000 means Ne = 65536.
  if (n === 7) {
    const le = (bytes[5]! << 8) | bytes[6]!;
    return make(none, le === 0 ? 65536 : le, 2, true);
  }
  if (n < 8) return WRONG_LENGTH;
  const lc = (bytes[5]! << 8) | bytes[6]!;
  if (lc === 0) return WRONG_LENGTH;
  if (n === 7 + lc) return make(bytes.subarray(7, 7 + lc), 0, 3, true);
  if (n === 9 + lc) {
    const le = (bytes[n - 2]! << 8) | bytes[n - 1]!;
    return make(bytes.subarray(7, 7 + lc), le === 0 ? 65536 : le, 4, true);
  }
  return WRONG_LENGTH;
}
