/**
 * R30x / AS608 packet framing: encoding, and a streaming parser that resynchronises on line noise.
 *
 * See the R30x series (R301/R303/R305/R307) "Fingerprint module user manual" and the ZhianTec/Synochip AS608
 * user manual, section "Communication protocol / data package format":
 *   Header 0xEF01 (2 bytes) | Adder, the module address (4, default 0xFFFFFFFF) | Package identifier (1) |
 *   Package length (2) | Package contents | Checksum (2)
 * - package identifier: 01 command packet, 02 data packet with more to follow, 07 acknowledge packet, 08 end of
 *   data packet;
 * - package length: the number of bytes of the contents plus the checksum (so contents + 2), big-endian;
 * - checksum: the arithmetic sum of the package identifier, the two package length bytes and all contents bytes;
 *   a carry beyond 2 bytes is ignored. All multi-byte fields are big-endian (high byte first).
 */

export const R30X_HEADER = 0xef01;
/** The factory-default module address. */
export const R30X_DEFAULT_ADDRESS = 0xffffffff;

/** Package identifiers. */
export const R30X_PID = { COMMAND: 0x01, DATA: 0x02, ACK: 0x07, END_DATA: 0x08 } as const;

/** Largest contents: a data packet at the largest data packet size the module supports (256 bytes). */
export const R30X_MAX_CONTENTS = 256;
const FIXED = 9; // header 2 + address 4 + pid 1 + length 2
const PIDS: ReadonlySet<number> = new Set(Object.values(R30X_PID));

export interface R30xPacket {
  readonly address: number;
  readonly pid: number;
  readonly contents: Uint8Array;
}

/** The checksum: pid + length bytes + contents, modulo 2^16. */
export function r30xChecksum(pid: number, length: number, contents: Uint8Array): number {
  let sum = pid + (length >> 8) + (length & 0xff);
  for (const byte of contents) sum += byte;
  return sum & 0xffff;
}

/** One packet on the wire. */
export function encodeR30xPacket(packet: R30xPacket): Uint8Array {
  const length = packet.contents.length + 2;
  const out = new Uint8Array(FIXED + length);
  const view = new DataView(out.buffer);
  view.setUint16(0, R30X_HEADER);
  view.setUint32(2, packet.address >>> 0);
  out[6] = packet.pid;
  view.setUint16(7, length);
  out.set(packet.contents, FIXED);
  view.setUint16(FIXED + packet.contents.length, r30xChecksum(packet.pid, length, packet.contents));
  return out;
}

/** What the parser made of the bytes so far. */
export interface R30xParseResult {
  readonly packets: R30xPacket[];
  /** Bytes dropped while looking for a header (line noise, a torn packet). */
  readonly discarded: number;
  /** Complete-looking packets whose checksum did not match (dropped). */
  readonly checksumErrors: number;
}

/**
 * Streaming parser: feed it chunks as they come; it returns whole packets and drops anything else, moving one byte
 * past a false header so that a real header inside noise is still found. Holds at most one packet's bytes.
 */
export class R30xPacketParser {
  private buffer = new Uint8Array(0);

  push(chunk: Uint8Array): R30xParseResult {
    const joined = new Uint8Array(this.buffer.length + chunk.length);
    joined.set(this.buffer);
    joined.set(chunk, this.buffer.length);
    const packets: R30xPacket[] = [];
    let discarded = 0;
    let checksumErrors = 0;
    let at = 0;
    while (at < joined.length) {
      if (joined[at] !== 0xef || (at + 1 < joined.length && joined[at + 1] !== 0x01)) {
        at++;
        discarded++;
        continue;
      }
      if (joined.length - at < FIXED) break; // wait for the rest of the fixed part
      const pid = joined[at + 6]!;
      const length = (joined[at + 7]! << 8) | joined[at + 8]!;
      if (!PIDS.has(pid) || length < 2 || length > R30X_MAX_CONTENTS + 2) {
        at++;
        discarded++;
        continue;
      }
      if (joined.length - at < FIXED + length) break; // wait for the contents and checksum
      const contents = joined.slice(at + FIXED, at + FIXED + length - 2);
      const sum = (joined[at + FIXED + length - 2]! << 8) | joined[at + FIXED + length - 1]!;
      if (sum !== r30xChecksum(pid, length, contents)) {
        checksumErrors++;
        at++;
        discarded++;
        continue;
      }
      const address = ((joined[at + 2]! << 24) | (joined[at + 3]! << 16) | (joined[at + 4]! << 8) | joined[at + 5]!) >>> 0;
      packets.push({ address, pid, contents });
      at += FIXED + length;
    }
    this.buffer = joined.slice(at);
    return { packets, discarded, checksumErrors };
  }

  /** Drops any partial packet (before a new command, after a cancel). */
  reset(): void {
    this.buffer = new Uint8Array(0);
  }
}
