import { EmvError } from '../errors.ts';
import { toHex } from './hex.ts';

/**
 * EMV data element formats: `n` numeric BCD, `cn` compressed numeric, `b` binary, `a` alphabetic,
 * `an` alphanumeric, `ans` alphanumeric special.
 * @remarks See EMV 4.4 Book 3, 4.3 (Data Element Format Conventions).
 */
export type DataFormat = 'n' | 'cn' | 'b' | 'a' | 'an' | 'ans';

const TEXT_PATTERN: Record<'a' | 'an' | 'ans', RegExp> = {
  a: /^[A-Za-z]*$/,
  an: /^[A-Za-z0-9]*$/,
  // ISO/IEC 8859 common character set: the printable ASCII range.
  ans: /^[\x20-\x7e]*$/,
};

function invalid(message: string): EmvError {
  return new EmvError('EMV_FORMAT_INVALID', message);
}

function checkLength(length: number): void {
  if (!Number.isInteger(length) || length < 0) throw invalid(`length ${length} is not a byte count`);
}

function digitsOf(value: string | number | bigint): string {
  if (typeof value === 'number' && !(Number.isSafeInteger(value) && value >= 0)) {
    throw invalid(`${value} is not a non-negative integer`);
  }
  const digits = String(value);
  if (!/^[0-9]*$/.test(digits)) throw invalid(`"${digits}" is not a string of decimal digits`);
  return digits;
}

/**
 * Format `n`: BCD, right-justified, padded with leading zero nibbles to `length` bytes. Leading zeros of the
 * value may be dropped to fit; any other overflow throws `EMV_FORMAT_INVALID`.
 * @remarks See EMV 4.4 Book 3, 4.3 (n: right justified, padded with leading hexadecimal zeroes).
 */
export function encodeN(value: string | number | bigint, length: number): Uint8Array {
  checkLength(length);
  let digits = digitsOf(value);
  if (digits.length > length * 2) digits = digits.replace(/^0+/, '');
  if (digits.length > length * 2) throw invalid(`${digits.length} digits do not fit n in ${length} bytes`);
  digits = digits.padStart(length * 2, '0');
  const out = new Uint8Array(length);
  for (let i = 0; i < length; i++) out[i] = (digits.charCodeAt(2 * i) - 48) * 16 + (digits.charCodeAt(2 * i + 1) - 48);
  return out;
}

/**
 * Format `n` to its digits, leading zeros kept (`00 00 00 01 00 00` → `"000000010000"`).
 * Throws `EMV_FORMAT_INVALID` on a nibble above 9.
 * @remarks See EMV 4.4 Book 3, 4.3.
 */
export function decodeN(bytes: Uint8Array): string {
  const hex = toHex(bytes);
  if (!/^[0-9]*$/.test(hex)) throw invalid(`n value ${hex} has a non-decimal nibble`);
  return hex;
}

/**
 * Format `cn`: BCD, left-justified, padded with trailing `F` nibbles to `length` bytes.
 * @remarks See EMV 4.4 Book 3, 4.3 (cn: left justified, padded with trailing hexadecimal 'F's).
 */
export function encodeCn(value: string, length: number): Uint8Array {
  checkLength(length);
  const digits = digitsOf(value);
  if (digits.length > length * 2) throw invalid(`${digits.length} digits do not fit cn in ${length} bytes`);
  const padded = digits.padEnd(length * 2, 'F');
  const out = new Uint8Array(length);
  for (let i = 0; i < length; i++) out[i] = parseInt(padded.slice(2 * i, 2 * i + 2), 16);
  return out;
}

/**
 * Format `cn` to its digits, trailing `F` padding removed (`12 34 5F FF` → `"12345"`).
 * Throws `EMV_FORMAT_INVALID` on a nibble A..E or a digit after the padding started.
 * @remarks See EMV 4.4 Book 3, 4.3.
 */
export function decodeCn(bytes: Uint8Array): string {
  const hex = toHex(bytes);
  const match = /^([0-9]*)(F*)$/.exec(hex);
  if (!match) throw invalid(`cn value ${hex} is not digits followed by F padding`);
  return match[1]!;
}

/**
 * Formats `a`, `an`, `ans`: one character per byte, left-justified, padded with trailing `00` bytes.
 * Throws `EMV_FORMAT_INVALID` for a character outside the format's set or a text longer than `length`.
 * @remarks See EMV 4.4 Book 3, 4.3 (a, an, ans: left justified, padded with trailing hexadecimal zeroes).
 */
export function encodeText(format: 'a' | 'an' | 'ans', text: string, length: number): Uint8Array {
  checkLength(length);
  if (!TEXT_PATTERN[format].test(text)) throw invalid(`"${text}" has characters outside format ${format}`);
  if (text.length > length) throw invalid(`${text.length} characters do not fit ${format} in ${length} bytes`);
  const out = new Uint8Array(length);
  for (let i = 0; i < text.length; i++) out[i] = text.charCodeAt(i);
  return out;
}

/**
 * Formats `a`, `an`, `ans` to text, trailing `00` padding removed. Throws `EMV_FORMAT_INVALID` for a byte
 * outside the format's character set.
 * @remarks See EMV 4.4 Book 3, 4.3.
 */
export function decodeText(format: 'a' | 'an' | 'ans', bytes: Uint8Array): string {
  let end = bytes.length;
  while (end > 0 && bytes[end - 1] === 0x00) end--;
  let text = '';
  for (let i = 0; i < end; i++) text += String.fromCharCode(bytes[i]!);
  if (!TEXT_PATTERN[format].test(text)) throw invalid(`bytes ${toHex(bytes)} are not valid format ${format}`);
  return text;
}

/**
 * Whether `bytes` is a valid value of `format` (`b` accepts anything).
 * @remarks See EMV 4.4 Book 3, 4.3.
 */
export function isValidFormat(format: DataFormat, bytes: Uint8Array): boolean {
  try {
    if (format === 'n') decodeN(bytes);
    else if (format === 'cn') decodeCn(bytes);
    else if (format !== 'b') decodeText(format, bytes);
    return true;
  } catch (error) {
    if (error instanceof EmvError) return false;
    throw error;
  }
}
