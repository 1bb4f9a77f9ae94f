import { EmvError } from '../errors.ts';

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

/** `digits` as compressed numeric (cn) of `length` bytes, right-padded with F. See EMV 4.4 Book 3, 4.3. */
export function encodeCn(digits: string, length: number): Uint8Array {
  const out = new Uint8Array(length).fill(0xff);
  for (let i = 0; i < digits.length; i++) {
    const nibble = digits.charCodeAt(i) - 0x30;
    const at = i >> 1;
    out[at] = i % 2 === 0 ? (nibble << 4) | 0x0f : ((out[at] ?? 0xff) & 0xf0) | nibble;
  }
  return out;
}

/**
 * The digits of a compressed numeric (cn) field: digits, then only F nibbles. `undefined` when a non-digit nibble
 * comes before the padding or a digit after it.
 */
export function decodeCn(bytes: Uint8Array): string | undefined {
  let digits = '';
  let padding = false;
  for (const byte of bytes) {
    for (const nibble of [byte >> 4, byte & 0x0f]) {
      if (nibble === 0x0f) padding = true;
      else if (padding || nibble > 9) return undefined;
      else digits += String(nibble);
    }
  }
  return digits;
}

function bcd(value: number): number {
  return ((Math.floor(value / 10) % 10) << 4) | value % 10;
}

function fromBcd(byte: number): number | undefined {
  const high = byte >> 4;
  const low = byte & 0x0f;
  return high > 9 || low > 9 ? undefined : high * 10 + low;
}
