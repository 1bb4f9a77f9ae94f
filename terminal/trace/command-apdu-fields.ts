/**
 * The fields of a command APDU (header, Lc, data, Le), short or extended, found by its length alone: what the
 * trace prints and where redaction finds the command data.
 */

/** The parsed fields of a command APDU; `dataOffset` locates the data field inside the APDU bytes. */
export interface CommandApduFields {
  readonly cla: number;
  readonly ins: number;
  readonly p1: number;
  readonly p2: number;
  /** Nc, the length of the data field (0 when absent). */
  readonly lc: number;
  /** Ne, the longest response expected (256 for `00` short, 65536 for `0000` extended), absent when no Le. */
  readonly le?: number;
  readonly dataOffset: number;
  readonly extended: boolean;
}

/**
 * Splits a command APDU into its fields, or `undefined` when its length fits none of the four cases.
 * @remarks See ISO/IEC 7816-4, 5.1 (command-response pairs: cases 1, 2S/E, 3S/E, 4S/E).
 */
export function parseCommandApduFields(capdu: Uint8Array): CommandApduFields | undefined {
  if (capdu.length < 4) return undefined;
  const [cla, ins, p1, p2] = [capdu[0]!, capdu[1]!, capdu[2]!, capdu[3]!];
  const head = { cla, ins, p1, p2 };
  const n = capdu.length;
  if (n === 4) return { ...head, lc: 0, dataOffset: 4, extended: false };
  const b5 = capdu[4]!;
  if (n === 5) return { ...head, lc: 0, le: b5 === 0 ? 256 : b5, dataOffset: 5, extended: false };
  if (b5 !== 0) {
    // Short: Lc then data, optionally one Le byte.
    if (n === 5 + b5) return { ...head, lc: b5, dataOffset: 5, extended: false };
    if (n === 6 + b5) {
      const le = capdu[n - 1]!;
      return { ...head, lc: b5, le: le === 0 ? 256 : le, dataOffset: 5, extended: false };
    }
    return undefined;
  }
  // Extended: 00 then two bytes (Le alone, or Lc), see ISO/IEC 7816-4, 5.1, table 1.
  if (n < 7) return undefined;
  const word = capdu[5]! * 256 + capdu[6]!;
  if (n === 7) return { ...head, lc: 0, le: word === 0 ? 65536 : word, dataOffset: 7, extended: true };
  if (word === 0) return undefined;
  if (n === 7 + word) return { ...head, lc: word, dataOffset: 7, extended: true };
  if (n === 9 + word) {
    const le = capdu[n - 2]! * 256 + capdu[n - 1]!;
    return { ...head, lc: word, le: le === 0 ? 65536 : le, dataOffset: 7, extended: true };
  }
  return undefined;
}
