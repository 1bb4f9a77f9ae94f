/**
 * Recognising an Egyptian national ID number by its shape, so that redaction catches one wherever it turns up
 * (a tag no rule names yet, a raw GET DATA response, a log line), not only under the tags the table lists.
 *
 * The number has 14 digits: century (2 = 1900s, 3 = 2000s), birth date YYMMDD, governorate of birth (2 digits),
 * a 4-digit sequence (odd = male) and a check digit. Shape only: the check digit is not verified, so that a
 * number with a wrong check digit is still redacted.
 */

/** Governorate codes of birth used in the number (88: born abroad). */
const GOVERNORATES = new Set([
  1, 2, 3, 4, 11, 12, 13, 14, 15, 16, 17, 18, 19, 21, 22, 23, 24, 25, 26, 27, 28, 29, 31, 32, 33, 34, 35, 88,
]);

/** Whether a 14-digit string has the shape of an Egyptian national ID number (century, date, governorate). */
export function isNationalIdShape(digits: string): boolean {
  if (!/^[23]\d{13}$/.test(digits)) return false;
  const month = Number(digits.slice(3, 5));
  const day = Number(digits.slice(5, 7));
  const governorate = Number(digits.slice(7, 9));
  return month >= 1 && month <= 12 && day >= 1 && day <= 31 && GOVERNORATES.has(governorate);
}

/**
 * Whether a value field holds a national ID number: 14 ASCII digits, or 7 bytes of packed BCD (the two ways a
 * card stores a numeric string: ISO/IEC 7816 `an`/`n` formats, EMV 4.4 Book 3, 4.3).
 */
export function isNationalIdValue(value: Uint8Array): boolean {
  let digits = '';
  if (value.length === 14) {
    for (const byte of value) {
      if (byte < 0x30 || byte > 0x39) return false;
      digits += String.fromCharCode(byte);
    }
  } else if (value.length === 7) {
    for (const byte of value) {
      if (byte >> 4 > 9 || (byte & 0x0f) > 9) return false;
      digits += (byte >> 4).toString() + (byte & 0x0f).toString();
    }
  } else {
    return false;
  }
  return isNationalIdShape(digits);
}

/** Replaces every national ID number in free text (a log line) with a marker of the same meaning. */
export function redactNationalIdsInText(text: string): string {
  return text.replace(/(?<!\d)[23]\d{13}(?!\d)/g, (digits) =>
    isNationalIdShape(digits) ? '<redacted: national ID, 14 digits>' : digits,
  );
}
