/**
 * The card timing model of `transaction.bench.ts` (not a bench): the time a real smart card and its contact link
 * would take for an APDU trace, computed from the bytes on the wire and per-command card processing times.
 *
 * Assumptions (stated, not measured here):
 * - Link: ISO/IEC 7816-3 character frame of 12 etu (start bit, 8 data bits, parity, 2 etu guard time). Default
 *   F = 372, D = 1 at f = 3.5712 MHz: 1 etu = 104.2 µs, 9,600 bit/s, 1.25 ms a byte. After PPS to D = 12:
 *   115,200 bit/s, 0.104 ms a byte. T=1 framing: 3-byte prologue and 1-byte LRC per block each way; an
 *   information field of at most 254 bytes (IFSC/IFSD 254), so longer messages are chained (one R-block, 4 bytes,
 *   acknowledging each chained block); BWT and CWT waits and the ATR/PPS exchange are left out.
 * - Card processing, typical figures for a contemporary secure element (Java Card / native OS class):
 *   SELECT 5 ms; READ DATA / READ LOG 5 ms plus 1 ms per 100 bytes returned (EEPROM/flash read); SET DATE 15 ms
 *   (one non-volatile write, transaction); VERIFY PIN 15 ms (try counter write first); VERIFY biometric
 *   (match-on-card, ISO/IEC 19794-2 compact minutiae) 250 ms, vendors quote 100 to 500 ms; INTERNAL AUTHENTICATE
 *   and DEBIT ENTITLEMENT each sign once with ECDSA P-256: 150 ms, within the 100–300 ms seen on smart-card
 *   crypto coprocessors; DEBIT adds 40 ms of non-volatile writes (counters, ATC, log) in one transaction.
 */
export interface TraceEntry {
  readonly capdu: Uint8Array;
  readonly rapdu: Uint8Array;
}

const ETU_PER_BYTE = 12;
const CLOCK_HZ = 3_571_200;
const F = 372;

/** Bytes a T=1 message of `n` bytes puts on the wire, in one or more I-blocks of at most 254. */
function t1Bytes(n: number): number {
  const blocks = Math.max(1, Math.ceil(n / 254));
  return n + 4 * blocks + 4 * (blocks - 1); // prologue + LRC per block, an R-block per chained block
}

/** Card processing time of one command, ms. */
export function cardProcessingMs(e: TraceEntry): number {
  const [cla, ins] = [e.capdu[0], e.capdu[1]];
  const out = Math.max(0, e.rapdu.length - 2);
  if (ins === 0xa4) return 5;
  if (ins === 0xca || ins === 0xb2) return 5 + out / 100;
  if (ins === 0xda) return 15;
  if (ins === 0x20) return 15;
  if (ins === 0x21) return 250;
  if (ins === 0x88) return 150;
  if (cla === 0x80 && ins === 0xde) return 190;
  return 10;
}

/** Link time of a trace at divisor D (1: 9,600 bit/s; 12: 115,200 bit/s), ms. */
export function linkMs(trace: readonly TraceEntry[], d: number): number {
  const msPerByte = (ETU_PER_BYTE * F) / d / CLOCK_HZ * 1000;
  return trace.reduce((sum, e) => sum + (t1Bytes(e.capdu.length) + t1Bytes(e.rapdu.length)) * msPerByte, 0);
}

/** Card processing of a whole trace, ms. */
export function processingMs(trace: readonly TraceEntry[]): number {
  return trace.reduce((sum, e) => sum + cardProcessingMs(e), 0);
}
