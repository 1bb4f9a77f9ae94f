import { EmvError } from '../errors.ts';
import { decodeCn } from '../tlv/data-format.ts';

/** A calendar month: `year` with four digits (2026), `month` 1..12. */
export interface YearMonth {
  readonly year: number;
  readonly month: number;
}

/**
 * Certificate Expiration Date, n 4 MMYY. Throws `EMV_CERTIFICATE_INVALID` for a month
 * outside 1..12 or a year outside 1950..2049 (the years MMYY can name).
 * @remarks See EMV 4.4 Book 2, Tables 6 and 14 (MMYY) and Book 4, 6.7.3 (YY below 50 is 20YY).
 */
export function encodeExpiry(expiry: YearMonth): Uint8Array {
  const { year, month } = expiry;
  if (!Number.isInteger(month) || month < 1 || month > 12 || !Number.isInteger(year) || year < 1950 || year > 2049) {
    throw new EmvError('EMV_CERTIFICATE_INVALID', `certificate expiry ${year}-${month} cannot be written as MMYY`);
  }
  const yy = year % 100;
  return new Uint8Array([bcd(month), bcd(yy)]);
}

/** The month an MMYY expiry names, or `undefined` when the bytes are not a valid MMYY. */
export function decodeExpiry(bytes: Uint8Array): YearMonth | undefined {
  if (bytes.length !== 2) return undefined;
  const month = fromBcd(bytes[0] ?? 0xff);
  const yy = fromBcd(bytes[1] ?? 0xff);
  if (month === undefined || yy === undefined || month < 1 || month > 12) return undefined;
  return { year: yy < 50 ? 2000 + yy : 1900 + yy, month };
}

/** Whether the certificate expiring at the end of `expiry` is still valid in the month `today`. See Book 2, 5.3 step 9. */
export function notExpired(expiry: YearMonth, today: YearMonth): boolean {
  return expiry.year * 12 + expiry.month >= today.year * 12 + today.month;
}

/**
 * A PAN as digits, checked: 1 to 19 decimal digits. Throws `EMV_CARD_DATA_INVALID` otherwise.
 * @remarks See EMV 4.4 Book 3, Annex A (5A Application PAN, cn up to 19 digits).
 */
export function checkPan(pan: string): string {
  if (!/^[0-9]{1,19}$/.test(pan)) throw new EmvError('EMV_CARD_DATA_INVALID', 'the PAN is not 1 to 19 digits');
  return pan;
}

/**
 * The digits of a compressed numeric (cn) field (`decodeCn` of emv/tlv), or `undefined` when it is not digits then F
 * padding: recovery steps report a mismatch, not a format fault.
 */
export function cnDigitsOrUndefined(bytes: Uint8Array): string | undefined {
  try {
    return decodeCn(bytes);
  } catch (error) {
    if (error instanceof EmvError) return undefined;
    throw error;
  }
}

function bcd(value: number): number {
  return ((Math.floor(value / 10) % 10) << 4) | value % 10;
}

function fromBcd(byte: number): number | undefined {
  const high = byte >> 4;
  const low = byte & 0x0f;
  return high > 9 || low > 9 ? undefined : high * 10 + low;
}
