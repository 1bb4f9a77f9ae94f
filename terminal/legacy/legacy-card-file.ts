/**
 * The terminal's own copy of the old ration card's identity and file layout (card/legacy/LEGACY.md; terminal code
 * never imports card/): its AID, its commands, and the reading of its 32-byte file.
 */
import { buildCommandApdu } from '../../emv/apdu/command-apdu.ts';

/** "RATION1" under the proprietary category F0. See ISO/IEC 7816-5. */
export const LEGACY_RATION_AID = Uint8Array.of(0xf0, 0x52, 0x41, 0x54, 0x49, 0x4f, 0x4e, 0x31);
/** DEBIT refused: balance less than the amount (proprietary). */
export const SW_9E01_BALANCE_INSUFFICIENT = 0x9e01;
const FILE_LENGTH = 32;

/** An old ration card as read. */
export interface LegacyCardData {
  readonly status: 'active' | 'stopped';
  readonly householdId: Uint8Array;
  readonly rationCardNumber: string;
  readonly beneficiaries: number;
  readonly balancePiastres: number;
  /** The card's transaction counter. */
  readonly atc: number;
}

/** The commands of LEGACY.md. */
export const LegacyCommands = {
  // See ISO/IEC 7816-4:2020, 11.3.3: 00 B0 offset Le.
  readBinary: (): Uint8Array => buildCommandApdu({ cla: 0x00, ins: 0xb0, p1: 0, p2: 0, le: FILE_LENGTH }),
  debit(piastres: number): Uint8Array {
    if (!Number.isInteger(piastres) || piastres < 1 || piastres > 0xffff_ffff) throw new RangeError('a debit is 1 to 2^32-1 piastres');
    const data = Uint8Array.of(piastres >>> 24, (piastres >>> 16) & 0xff, (piastres >>> 8) & 0xff, piastres & 0xff);
    return buildCommandApdu({ cla: 0x80, ins: 0x30, p1: 0, p2: 0, data, le: 6 });
  },
  stop: (): Uint8Array => buildCommandApdu({ cla: 0x80, ins: 0x3a, p1: 0, p2: 0 }),
};

/** Reads the card file; `undefined` for anything but a valid version 1 layout. */
export function parseLegacyCardFile(bytes: Uint8Array): LegacyCardData | undefined {
  if (bytes.length !== FILE_LENGTH || bytes[0] !== 1 || (bytes[1] !== 0 && bytes[1] !== 1)) return undefined;
  const digits = Buffer.from(bytes.subarray(10, 18)).toString('hex').replace(/f+$/, '');
  if (!/^\d{1,16}$/.test(digits) || bytes[18] === 0) return undefined;
  const view = new DataView(bytes.buffer, bytes.byteOffset, bytes.byteLength);
  return {
    status: bytes[1] === 0 ? 'active' : 'stopped',
    householdId: bytes.slice(2, 10),
    rationCardNumber: digits,
    beneficiaries: bytes[18]!,
    balancePiastres: view.getUint32(19),
    atc: view.getUint16(23),
  };
}
