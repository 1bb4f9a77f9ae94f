/**
 * The old ration smart card's identity and data layout (LEGACY.md): its AID, its commands, and its one 32-byte
 * transparent file, a layout of fixed offsets that owes nothing to the unified card's TLV data objects.
 */

/** "RATION1" under the proprietary category F0: F0 52 41 54 49 4F 4E 31. See ISO/IEC 7816-5 (category F). */
export const LEGACY_AID = Uint8Array.of(0xf0, 0x52, 0x41, 0x54, 0x49, 0x4f, 0x4e, 0x31);
export const LEGACY_LABEL = 'RATION CARD';

// See ISO/IEC 7816-4:2020, 11.3.3 (READ BINARY, class 00). Proprietary commands: class 80.
export const INS_B0_READ_BINARY = 0xb0;
export const INS_30_DEBIT = 0x30;
export const INS_3A_STOP = 0x3a;

/** DEBIT refused: the balance is less than the amount. Proprietary (ISO/IEC 7816-4:2020, 5.6: SW1 9X). */
export const SW_9E01_BALANCE_INSUFFICIENT = 0x9e01;

/** Size of the card file. */
export const LEGACY_FILE_LENGTH = 32;
/** The layout version in byte 0. */
export const LEGACY_LAYOUT_VERSION = 1;
/** Offsets in the file: version 0, status 1, household id 2..9, card number 10..17 (BCD), beneficiaries 18, balance 19..22, ATC 23..24. */
export const OFFSET = { VERSION: 0, STATUS: 1, HOUSEHOLD: 2, NUMBER: 10, BENEFICIARIES: 18, BALANCE: 19, ATC: 23 } as const;
export const LEGACY_STATUS = { ACTIVE: 0, STOPPED: 1 } as const;

/** What the file holds (the ATC is the card OS's counter, filled in when the file is read). */
export interface LegacyCardFile {
  readonly status: 'active' | 'stopped';
  /** The household id, 8 bytes (the same id as on the household's unified cards). */
  readonly householdId: Uint8Array;
  /** The ration card number, 1 to 16 digits. */
  readonly rationCardNumber: string;
  readonly beneficiaries: number;
  /** Ration goods balance, piastres (uint32). */
  readonly balancePiastres: number;
  readonly atc: number;
}

/** Lays out the file (throws RangeError for values that do not fit). */
export function encodeLegacyFile(f: LegacyCardFile): Uint8Array {
  if (f.householdId.length !== 8) throw new RangeError('the household id has 8 bytes');
  if (!/^\d{1,16}$/.test(f.rationCardNumber)) throw new RangeError('the ration card number is 1 to 16 digits');
  if (!Number.isInteger(f.beneficiaries) || f.beneficiaries < 1 || f.beneficiaries > 255) throw new RangeError('beneficiaries: 1 to 255');
  if (!Number.isInteger(f.balancePiastres) || f.balancePiastres < 0 || f.balancePiastres > 0xffff_ffff) throw new RangeError('balance: uint32');
  const out = new Uint8Array(LEGACY_FILE_LENGTH);
  const view = new DataView(out.buffer);
  out[OFFSET.VERSION] = LEGACY_LAYOUT_VERSION;
  out[OFFSET.STATUS] = f.status === 'active' ? LEGACY_STATUS.ACTIVE : LEGACY_STATUS.STOPPED;
  out.set(f.householdId, OFFSET.HOUSEHOLD);
  // See EMV 4.4 Book 3, 4.3 (format cn): digits left-justified, padded with F.
  out.set(Buffer.from(f.rationCardNumber.padEnd(16, 'f'), 'hex'), OFFSET.NUMBER);
  out[OFFSET.BENEFICIARIES] = f.beneficiaries;
  view.setUint32(OFFSET.BALANCE, f.balancePiastres);
  view.setUint16(OFFSET.ATC, Math.min(f.atc, 0xffff));
  return out;
}

/** Reads the file; `undefined` if it is not a version 1 layout with valid fields. */
export function decodeLegacyFile(bytes: Uint8Array): LegacyCardFile | undefined {
  if (bytes.length !== LEGACY_FILE_LENGTH || bytes[OFFSET.VERSION] !== LEGACY_LAYOUT_VERSION) return undefined;
  const status = bytes[OFFSET.STATUS];
  if (status !== LEGACY_STATUS.ACTIVE && status !== LEGACY_STATUS.STOPPED) return undefined;
  const digits = Buffer.from(bytes.subarray(OFFSET.NUMBER, OFFSET.NUMBER + 8)).toString('hex').replace(/f+$/, '');
  const beneficiaries = bytes[OFFSET.BENEFICIARIES]!;
  if (!/^\d{1,16}$/.test(digits) || beneficiaries < 1) return undefined;
  const view = new DataView(bytes.buffer, bytes.byteOffset, bytes.byteLength);
  return {
    status: status === LEGACY_STATUS.ACTIVE ? 'active' : 'stopped',
    householdId: bytes.slice(OFFSET.HOUSEHOLD, OFFSET.HOUSEHOLD + 8),
    rationCardNumber: digits,
    beneficiaries,
    balancePiastres: view.getUint32(OFFSET.BALANCE),
    atc: view.getUint16(OFFSET.ATC),
  };
}
