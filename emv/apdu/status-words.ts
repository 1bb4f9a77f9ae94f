/** Status word families by SW1. */
export type StatusWordCategory = 'normal' | 'warning' | 'execution-error' | 'checking-error' | 'unknown';

/**
 * What a status word means: a stable `code` (`SW_9000`, or `SW_61XX`, `SW_63CX`, `SW_6CXX` and `SW_62XX`
 * style for families), an English `meaning`, the `category`, and `count` for the families that carry one
 * (bytes available for 61XX/6CXX, tries left for 63CX).
 */
export interface StatusWordInfo {
  readonly code: `SW_${string}`;
  readonly meaning: string;
  readonly category: StatusWordCategory;
  readonly count?: number;
}

// See ISO/IEC 7816-4:2020, 5.6 (tables 5 and 6) and EMV 4.4 Book 3, 6.3.5 (table 9) and Book 1, 9.4.4.
const EXACT: Readonly<Record<number, string>> = {
  0x9000: 'Normal processing: no further qualification',
  0x6200: 'Warning, memory unchanged: no information given',
  0x6281: 'Warning, memory unchanged: part of returned data may be corrupted',
  0x6282: 'Warning, memory unchanged: end of file or record reached before reading Ne bytes',
  0x6283: 'Warning, memory unchanged: selected file deactivated (EMV: application blocked)',
  0x6284: 'Warning, memory unchanged: file control information not formatted per ISO/IEC 7816-4',
  0x6285: 'Warning, memory unchanged: selected file in termination state',
  0x6286: 'Warning, memory unchanged: no input data available from a sensor on the card',
  0x6300: 'Warning, memory changed: no information given (EMV: authentication failed)',
  0x6381: 'Warning, memory changed: file filled up by the last write',
  0x6400: 'Execution error, memory unchanged: no information given',
  0x6500: 'Execution error, memory changed: no information given',
  0x6581: 'Execution error, memory changed: memory failure',
  0x6700: 'Checking error: wrong length',
  0x6800: 'Checking error: functions in CLA not supported',
  0x6881: 'Checking error: logical channel not supported',
  0x6882: 'Checking error: secure messaging not supported',
  0x6883: 'Checking error: last command of the chain expected',
  0x6884: 'Checking error: command chaining not supported',
  0x6900: 'Command not allowed: no information given',
  0x6981: 'Command not allowed: command incompatible with file structure',
  0x6982: 'Command not allowed: security status not satisfied',
  0x6983: 'Command not allowed: authentication method blocked (EMV: PIN try limit exceeded)',
  0x6984: 'Command not allowed: reference data not usable (EMV: referenced data invalidated)',
  0x6985: 'Command not allowed: conditions of use not satisfied',
  0x6986: 'Command not allowed: no current EF',
  0x6987: 'Command not allowed: expected secure messaging data objects missing',
  0x6988: 'Command not allowed: incorrect secure messaging data objects',
  0x6a00: 'Wrong parameters P1-P2: no information given',
  0x6a80: 'Wrong parameters: incorrect parameters in the command data field',
  0x6a81: 'Wrong parameters: function not supported',
  0x6a82: 'Wrong parameters: file or application not found',
  0x6a83: 'Wrong parameters: record not found',
  0x6a84: 'Wrong parameters: not enough memory space in the file',
  0x6a85: 'Wrong parameters: Nc inconsistent with TLV structure',
  0x6a86: 'Wrong parameters: incorrect parameters P1-P2',
  0x6a87: 'Wrong parameters: Nc inconsistent with parameters P1-P2',
  0x6a88: 'Wrong parameters: referenced data or reference data not found',
  0x6a89: 'Wrong parameters: file already exists',
  0x6a8a: 'Wrong parameters: DF name already exists',
  0x6b00: 'Checking error: wrong parameters P1-P2',
  0x6d00: 'Checking error: instruction code not supported or invalid',
  0x6e00: 'Checking error: class not supported',
  0x6f00: 'Checking error: no precise diagnosis',
};

const FAMILY: Readonly<Record<number, string>> = {
  0x62: 'Warning, memory unchanged',
  0x63: 'Warning, memory changed',
  0x64: 'Execution error, memory unchanged',
  0x65: 'Execution error, memory changed',
  0x66: 'Execution error: security-related issue',
  0x68: 'Checking error: functions in CLA not supported',
  0x69: 'Command not allowed',
  0x6a: 'Wrong parameters P1-P2',
};

const hex4 = (sw: number) => sw.toString(16).toUpperCase().padStart(4, '0');

/**
 * Describes a status word SW1 SW2 (`sw` = SW1 * 256 + SW2).
 * @remarks See ISO/IEC 7816-4:2020, 5.6 (tables 5 and 6); EMV 4.4 Book 3, 6.3.5 (status words used by the
 * EMV commands, including 63Cx for VERIFY) and Book 1, 9.3.1.2 (61xx and 6Cxx in T=0).
 */
export function describeStatusWord(sw: number): StatusWordInfo {
  const sw1 = (sw >> 8) & 0xff;
  const sw2 = sw & 0xff;
  const category = categoryOf(sw1);
  const exact = EXACT[sw];
  if (exact !== undefined) return { code: `SW_${hex4(sw)}`, meaning: exact, category };
  if (sw1 === 0x61) {
    const count = sw2 || 256;
    return { code: 'SW_61XX', meaning: `Normal processing: ${count} response bytes still available`, category, count };
  }
  if (sw1 === 0x6c) {
    const count = sw2 || 256;
    return { code: 'SW_6CXX', meaning: `Checking error: wrong Le field, exactly ${count} bytes available`, category, count };
  }
  if (sw1 === 0x63 && (sw2 & 0xf0) === 0xc0) {
    const count = sw2 & 0x0f;
    return { code: 'SW_63CX', meaning: `Warning: verification failed, ${count} tries left`, category, count };
  }
  const family = FAMILY[sw1];
  if (family !== undefined) {
    return { code: `SW_${hex4(sw).slice(0, 2)}XX`, meaning: `${family} (SW2 ${hex4(sw).slice(2)})`, category };
  }
  return { code: `SW_${hex4(sw)}`, meaning: 'Unknown status word', category };
}

function categoryOf(sw1: number): StatusWordCategory {
  if (sw1 === 0x90 || sw1 === 0x61) return 'normal';
  if (sw1 === 0x62 || sw1 === 0x63) return 'warning';
  if (sw1 >= 0x64 && sw1 <= 0x66) return 'execution-error';
  if (sw1 >= 0x67 && sw1 <= 0x6f) return 'checking-error';
  return 'unknown';
}
