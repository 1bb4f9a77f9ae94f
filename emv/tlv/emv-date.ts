import { EmvError } from '../errors.ts';
import { decodeN } from './data-format.ts';

/**
 * A date in format n 6 YYMMDD as `YYYY-MM-DD`, years 00..49 read as 20YY and 50..99 as 19YY. Throws
 * `EMV_FORMAT_INVALID` for a wrong length, a non-BCD nibble, or a month or day out of range.
 * @remarks See EMV 4.4 Book 3, Annex A (5F24, 5F25, 9A: n 6 YYMMDD) and Book 4, 6.7.3 (year 2000: YY
 * below 50 is 20YY).
 */
export function decodeEmvDate(bytes: Uint8Array): string {
  if (bytes.length !== 3) throw new EmvError('EMV_FORMAT_INVALID', `a YYMMDD date has 3 bytes, not ${bytes.length}`);
  const digits = decodeN(bytes);
  const yy = Number(digits.slice(0, 2));
  const month = Number(digits.slice(2, 4));
  const day = Number(digits.slice(4, 6));
  const year = yy < 50 ? 2000 + yy : 1900 + yy;
  const daysInMonth = new Date(Date.UTC(year, month, 0)).getUTCDate();
  if (month < 1 || month > 12 || day < 1 || day > daysInMonth) {
    throw new EmvError('EMV_FORMAT_INVALID', `${digits} is not a valid YYMMDD date`);
  }
  return `${year}-${digits.slice(2, 4)}-${digits.slice(4, 6)}`;
}

/**
 * A time in format n 6 HHMMSS as `HH:MM:SS`. Throws `EMV_FORMAT_INVALID` when out of range.
 * @remarks See EMV 4.4 Book 3, Annex A (9F21 Transaction Time, n 6 HHMMSS).
 */
export function decodeEmvTime(bytes: Uint8Array): string {
  if (bytes.length !== 3) throw new EmvError('EMV_FORMAT_INVALID', `an HHMMSS time has 3 bytes, not ${bytes.length}`);
  const digits = decodeN(bytes);
  if (Number(digits.slice(0, 2)) > 23 || Number(digits.slice(2, 4)) > 59 || Number(digits.slice(4, 6)) > 59) {
    throw new EmvError('EMV_FORMAT_INVALID', `${digits} is not a valid HHMMSS time`);
  }
  return `${digits.slice(0, 2)}:${digits.slice(2, 4)}:${digits.slice(4, 6)}`;
}
