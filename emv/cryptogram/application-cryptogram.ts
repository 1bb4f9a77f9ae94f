import { EmvError } from '../errors.ts';
import { checkDoubleLengthKey, desEncryptEcb, xorBytes } from './des.ts';
import { retailMac } from './mac.ts';

/**
 * The data an Application Cryptogram is computed over: the recommended minimum set, then the Card Verification
 * Results from the Issuer Application Data. The field order below is the byte order of the MAC input.
 * @remarks See EMV 4.4 Book 2, 8.1.1, Table 28.
 */
export interface CryptogramInput {
  /** 9F02, n 12 (6 bytes). */
  readonly amountAuthorised: Uint8Array;
  /** 9F03, n 12 (6 bytes). */
  readonly amountOther: Uint8Array;
  /** 9F1A, n 3 (2 bytes). */
  readonly terminalCountryCode: Uint8Array;
  /** 95, 5 bytes. */
  readonly tvr: Uint8Array;
  /** 5F2A, n 3 (2 bytes). */
  readonly transactionCurrencyCode: Uint8Array;
  /** 9A, YYMMDD (3 bytes). */
  readonly transactionDate: Uint8Array;
  /** 9C, one byte (0..255). */
  readonly transactionType: number;
  /** 9F37, 4 bytes. */
  readonly unpredictableNumber: Uint8Array;
  /** 82, 2 bytes. */
  readonly aip: Uint8Array;
  /** 9F36, 0..65535 (2 bytes). */
  readonly atc: number;
  /** Card Verification Results, from the Issuer Application Data (Kart's IAD: 4 bytes). */
  readonly cvr: Uint8Array;
}

const FIXED_LENGTHS = [
  ['amountAuthorised', 6],
  ['amountOther', 6],
  ['terminalCountryCode', 2],
  ['tvr', 5],
  ['transactionCurrencyCode', 2],
  ['transactionDate', 3],
] as const;

/**
 * The MAC input bytes for {@link applicationCryptogram}: the fields of {@link CryptogramInput} concatenated in
 * declaration order (43 bytes plus the CVR). Throws `EMV_FORMAT_INVALID` on a field of the wrong length or range.
 * @remarks See EMV 4.4 Book 2, 8.1.1, Table 28.
 */
export function cryptogramInputBytes(input: CryptogramInput): Uint8Array {
  for (const [name, length] of FIXED_LENGTHS) checkLength(input[name], length, name);
  checkLength(input.unpredictableNumber, 4, 'unpredictableNumber');
  checkLength(input.aip, 2, 'aip');
  if (!Number.isInteger(input.transactionType) || input.transactionType < 0 || input.transactionType > 0xff) {
    throw new EmvError('EMV_FORMAT_INVALID', 'transactionType must be one byte');
  }
  if (!Number.isInteger(input.atc) || input.atc < 0 || input.atc > 0xffff) {
    throw new EmvError('EMV_FORMAT_INVALID', 'atc must be 0..65535');
  }
  if (!(input.cvr instanceof Uint8Array) || input.cvr.length > 32) {
    throw new EmvError('EMV_FORMAT_INVALID', 'cvr must be at most 32 bytes');
  }
  const parts: Uint8Array[] = [
    input.amountAuthorised,
    input.amountOther,
    input.terminalCountryCode,
    input.tvr,
    input.transactionCurrencyCode,
    input.transactionDate,
    Uint8Array.of(input.transactionType),
    input.unpredictableNumber,
    input.aip,
    Uint8Array.of(input.atc >> 8, input.atc & 0xff),
    input.cvr,
  ];
  const out = new Uint8Array(parts.reduce((n, p) => n + p.length, 0));
  let at = 0;
  for (const part of parts) {
    out.set(part, at);
    at += part.length;
  }
  return out;
}

/**
 * The 8-byte Application Cryptogram (ARQC, TC or AAC alike) under the session key SK(AC): the retail MAC of
 * {@link cryptogramInputBytes}. Throws `EMV_KEY_INVALID` or `EMV_FORMAT_INVALID` on bad input.
 * @remarks See EMV 4.4 Book 2, 8.1.2 step 2 and A1.2.1 (ISO/IEC 9797-1 Algorithm 3, s = 8).
 */
export function applicationCryptogram(sessionKey: Uint8Array, input: CryptogramInput): Uint8Array {
  checkDoubleLengthKey(sessionKey, 'the session key');
  return retailMac(sessionKey, cryptogramInputBytes(input));
}

/**
 * The 8-byte ARPC by Method 1: DES3(SK(AC))[ARQC xor (ARC || '00' x 6)]. Throws `EMV_CRYPTOGRAM_INVALID` for an
 * ARQC that is not 8 bytes, `EMV_FORMAT_INVALID` for an ARC that is not 2 bytes, `EMV_KEY_INVALID` for a bad key.
 * @remarks See EMV 4.4 Book 2, 8.2.1 (ARPC Method 1, Triple DES).
 */
export function arpcMethod1(sessionKey: Uint8Array, arqc: Uint8Array, authorisationResponseCode: Uint8Array): Uint8Array {
  checkDoubleLengthKey(sessionKey, 'the session key');
  if (!(arqc instanceof Uint8Array) || arqc.length !== 8) {
    throw new EmvError('EMV_CRYPTOGRAM_INVALID', `the ARQC must be 8 bytes, got ${arqc?.length ?? 'none'}`);
  }
  checkLength(authorisationResponseCode, 2, 'authorisationResponseCode');
  // See EMV 4.4 Book 2, 8.2.1 steps 1 to 3.
  const x = new Uint8Array(8);
  x.set(authorisationResponseCode, 0);
  return desEncryptEcb(sessionKey, xorBytes(arqc, x));
}

function checkLength(bytes: Uint8Array, length: number, name: string): void {
  if (!(bytes instanceof Uint8Array) || bytes.length !== length) {
    throw new EmvError('EMV_FORMAT_INVALID', `${name} must be ${length} bytes, got ${bytes?.length ?? 'none'}`);
  }
}
