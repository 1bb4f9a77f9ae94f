import { EmvError } from '../errors.ts';
import type { CaPublicKey } from './ca-keys.ts';
import { checkPan, cnDigitsOrUndefined, decodeExpiry, notExpired, type YearMonth } from './certificate-fields.ts';
import {
  FORMAT_ICC_CERTIFICATE,
  FORMAT_ISSUER_CERTIFICATE,
  FORMAT_SIGNED_DYNAMIC_DATA,
  FORMAT_SIGNED_STATIC_DATA,
  ICC_CERTIFICATE_OVERHEAD,
  ISSUER_CERTIFICATE_OVERHEAD,
} from './certificates.ts';
import { MIN_MODULUS_BYTES, isEmvExponent, type RsaPublicKey } from './rsa.ts';
import {
  HASH_ALGORITHM_SHA1,
  PUBLIC_KEY_ALGORITHM_RSA,
  concat,
  recoverSigned,
  sameBytes,
  sha1,
} from './signature-scheme.ts';

export type { YearMonth } from './certificate-fields.ts';

const NONE = new Uint8Array(0);

/**
 * Recovers the issuer public key from the Issuer Public Key Certificate (90) with the CA key, the Issuer Public
 * Key Remainder (92, when the card has one) and Exponent (9F32). `pan` is the Application PAN (5A) as digits,
 * `today` the transaction month. Throws `EMV_CERTIFICATE_INVALID` naming the failed step; `EMV_KEY_INVALID` when
 * the CA key itself is unusable. Step 10 (revocation) runs when `isRevoked` is given: it is asked about the RID,
 * CA Public Key Index and Certificate Serial Number, as a Certification Revocation List entry names them.
 * @remarks See EMV 4.4 Book 2, 5.3 (and 6.3, the same for DDA/CDA) and Table 6.
 */
export function recoverIssuerPublicKey(input: {
  ca: CaPublicKey;
  certificate: Uint8Array;
  remainder?: Uint8Array;
  exponent: Uint8Array;
  pan: string;
  today: YearMonth;
  isRevoked?: (entry: { readonly rid: Uint8Array; readonly index: number; readonly serial: Uint8Array }) => boolean;
}): RsaPublicKey {
  const what = 'issuer certificate';
  const steps = 'Book 2 5.3';
  const fail = (step: number, message: string): never => {
    throw new EmvError('EMV_CERTIFICATE_INVALID', `${what} (${steps} step ${step}): ${message}`);
  };
  const pan = checkPan(input.pan);
  const remainder = input.remainder ?? NONE;
  const nCa = input.ca.key.modulus.length;
  // See steps 1 to 3: length, trailer BC, header 6A.
  const { body, hash } = recoverSigned(input.ca.key, input.certificate, what, 'EMV_CERTIFICATE_INVALID', steps);
  // See step 4 and Table 6: Certificate Format 02.
  if (body[0] !== FORMAT_ISSUER_CERTIFICATE) fail(4, 'format is not 02');
  const issuerIdentifier = body.subarray(1, 5);
  const expiry = body.subarray(5, 7);
  const serial = body.subarray(7, 10);
  const hashAlgorithm = body[10];
  const keyAlgorithm = body[11];
  const keyLength = body[12] ?? 0;
  const exponentLength = body[13];
  const keyField = body.subarray(14);
  // See step 5: the key's remainder and exponent join the recovered fields.
  const modulus = assembleModulus(keyField, keyLength, remainder, nCa, nCa - ISSUER_CERTIFICATE_OVERHEAD, (m) => fail(5, m));
  if (exponentLength !== input.exponent.length) fail(5, 'exponent length differs from the Issuer Public Key Exponent');
  // See step 6 and Annex B3.1: the hash algorithm the certificate names (01, SHA-1).
  if (hashAlgorithm !== HASH_ALGORITHM_SHA1) fail(6, 'hash algorithm indicator is not 01');
  // See step 7: the recovered hash equals the hash of the concatenation.
  if (!sameBytes(hash, sha1(body, remainder, input.exponent))) fail(7, 'hash result does not match');
  // See step 8: the Issuer Identifier is the PAN's leftmost 3 to 8 digits, padded with F.
  const prefix = cnDigitsOrUndefined(issuerIdentifier);
  if (prefix === undefined || prefix.length < 3 || !pan.startsWith(prefix)) fail(8, "issuer identifier does not match the PAN's leading digits");
  // See step 9: the certificate is valid to the end of its expiry month.
  const expires = decodeExpiry(expiry);
  if (expires === undefined) fail(9, 'expiry date is not a valid MMYY');
  else if (!notExpired(expires, input.today)) fail(9, 'certificate has expired');
  // See step 10 and 5.1.2 / 6.1.2: RID, CA Public Key Index and serial not on the revocation list (optional).
  if (input.isRevoked?.({ rid: input.ca.rid, index: input.ca.index, serial: serial.slice() }) === true) {
    fail(10, 'certificate is on the revocation list');
  }
  // See step 11 and Annex B2.1: the public key algorithm (01, RSA) and an EMV exponent.
  if (keyAlgorithm !== PUBLIC_KEY_ALGORITHM_RSA) fail(11, 'public key algorithm indicator is not 01');
  if (!isEmvExponent(input.exponent)) fail(11, 'exponent is neither 03 nor 01 00 01');
  // See step 12: the issuer modulus is the leftmost digits followed by the remainder.
  return { modulus, exponent: input.exponent.slice() };
}

/**
 * Recovers the ICC public key from the ICC Public Key Certificate (9F46) with the issuer key, the ICC Public Key
 * Remainder (9F48, when present) and Exponent (9F47). `staticData` is the static data to be authenticated (see
 * {@link staticDataToAuthenticate}). Throws `EMV_CERTIFICATE_INVALID` naming the failed step.
 * @remarks See EMV 4.4 Book 2, 6.4 and Table 14.
 */
export function recoverIccPublicKey(input: {
  issuerKey: RsaPublicKey;
  certificate: Uint8Array;
  remainder?: Uint8Array;
  exponent: Uint8Array;
  pan: string;
  staticData: Uint8Array;
  today: YearMonth;
}): RsaPublicKey {
  const what = 'ICC certificate';
  const steps = 'Book 2 6.4';
  const fail = (step: number, message: string): never => {
    throw new EmvError('EMV_CERTIFICATE_INVALID', `${what} (${steps} step ${step}): ${message}`);
  };
  const pan = checkPan(input.pan);
  const remainder = input.remainder ?? NONE;
  const nI = input.issuerKey.modulus.length;
  // See steps 1 to 3: length, trailer BC, header 6A.
  const { body, hash } = recoverSigned(input.issuerKey, input.certificate, what, 'EMV_CERTIFICATE_INVALID', steps);
  // See step 4 and Table 14: Certificate Format 04.
  if (body[0] !== FORMAT_ICC_CERTIFICATE) fail(4, 'format is not 04');
  const recoveredPan = body.subarray(1, 11);
  const expiry = body.subarray(11, 13);
  const hashAlgorithm = body[16];
  const keyAlgorithm = body[17];
  const keyLength = body[18] ?? 0;
  const exponentLength = body[19];
  const keyField = body.subarray(20);
  // See step 5: the key's remainder, its exponent and the static data join the recovered fields.
  const modulus = assembleModulus(keyField, keyLength, remainder, nI, nI - ICC_CERTIFICATE_OVERHEAD, (m) => fail(5, m));
  if (exponentLength !== input.exponent.length) fail(5, 'exponent length differs from the ICC Public Key Exponent');
  // See step 6 and Annex B3.1.
  if (hashAlgorithm !== HASH_ALGORITHM_SHA1) fail(6, 'hash algorithm indicator is not 01');
  // See step 7.
  if (!sameBytes(hash, sha1(body, remainder, input.exponent, input.staticData))) fail(7, 'hash result does not match');
  // See step 8: the recovered PAN equals the Application PAN read from the card.
  if (cnDigitsOrUndefined(recoveredPan) !== pan) fail(8, 'PAN does not match the Application PAN');
  // See step 9.
  const expires = decodeExpiry(expiry);
  if (expires === undefined) fail(9, 'expiry date is not a valid MMYY');
  else if (!notExpired(expires, input.today)) fail(9, 'certificate has expired');
  // See step 10 and Annex B2.1.
  if (keyAlgorithm !== PUBLIC_KEY_ALGORITHM_RSA) fail(10, 'public key algorithm indicator is not 01');
  if (!isEmvExponent(input.exponent)) fail(10, 'exponent is neither 03 nor 01 00 01');
  // See step 11: the ICC modulus.
  return { modulus, exponent: input.exponent.slice() };
}

/**
 * Verifies Signed Static Application Data (93) with the recovered issuer key over the static data to be
 * authenticated; hands back the Data Authentication Code (9F45). Throws `EMV_SIGNATURE_INVALID` naming the step.
 * @remarks See EMV 4.4 Book 2, 5.4 and Table 7.
 */
export function verifySignedStaticApplicationData(
  issuerKey: RsaPublicKey,
  signed: Uint8Array,
  staticData: Uint8Array,
): { readonly dataAuthenticationCode: Uint8Array } {
  const what = 'signed static data';
  const steps = 'Book 2 5.4';
  const fail = (step: number, message: string): never => {
    throw new EmvError('EMV_SIGNATURE_INVALID', `${what} (${steps} step ${step}): ${message}`);
  };
  // See steps 1 to 3.
  const { body, hash } = recoverSigned(issuerKey, signed, what, 'EMV_SIGNATURE_INVALID', steps);
  // See step 4 and Table 7: Signed Data Format 03.
  if (body[0] !== FORMAT_SIGNED_STATIC_DATA) fail(4, 'format is not 03');
  // See steps 5 and 6: hash with the algorithm named (01, SHA-1).
  if (body[1] !== HASH_ALGORITHM_SHA1) fail(6, 'hash algorithm indicator is not 01');
  // See step 7.
  if (!sameBytes(hash, sha1(body, staticData))) fail(7, 'hash result does not match');
  return { dataAuthenticationCode: body.slice(2, 4) };
}

/**
 * Verifies Signed Dynamic Application Data (9F4B) from INTERNAL AUTHENTICATE with the ICC key over the terminal
 * dynamic data (the DDOL data sent); hands back the ICC Dynamic Data and its ICC Dynamic Number (9F4C).
 * Throws `EMV_SIGNATURE_INVALID` naming the step.
 * @remarks See EMV 4.4 Book 2, 6.5.2 and Table 17.
 */
export function verifySignedDynamicApplicationData(
  iccKey: RsaPublicKey,
  signed: Uint8Array,
  terminalDynamicData: Uint8Array,
): { readonly iccDynamicData: Uint8Array; readonly iccDynamicNumber: Uint8Array } {
  const what = 'signed dynamic data';
  const steps = 'Book 2 6.5.2';
  // See steps 1 to 4.
  const recovered = recoverDynamic(iccKey, signed, what, steps);
  // See steps 5 to 7: the hash over Signed Data Format through Pad Pattern, then the DDOL data.
  checkDynamicHash(recovered, terminalDynamicData, what, steps, 6, 7);
  // See Table 15: the ICC Dynamic Data starts with the ICC Dynamic Number's length and value.
  const iccDynamicNumber = iccDynamicNumberOf(recovered.iccDynamicData, `${what} (${steps} step 7)`);
  return { iccDynamicData: recovered.iccDynamicData, iccDynamicNumber };
}

/**
 * Verifies the Signed Dynamic Application Data (9F4B) of a GENERATE AC response with CDA: recovery with the ICC
 * key, the Cryptogram Information Data inside it against the response's CID, the hash over the Unpredictable
 * Number (9F37), then the Transaction Data Hash Code inside it against the one the terminal computed
 * ({@link transactionDataHashCode}). Hands back the TC or ARQC (for 9F26) and the ICC Dynamic Number (9F4C).
 * Throws `EMV_SIGNATURE_INVALID` naming the step.
 * @remarks See EMV 4.4 Book 2, 6.6.2 and Tables 19 and 22.
 */
export function verifyCdaSignature(
  iccKey: RsaPublicKey,
  signed: Uint8Array,
  input: { unpredictableNumber: Uint8Array; cryptogramInformationData: number; transactionDataHashCode: Uint8Array },
): { readonly applicationCryptogram: Uint8Array; readonly iccDynamicNumber: Uint8Array } {
  const what = 'CDA signature';
  const steps = 'Book 2 6.6.2';
  const fail = (step: number, message: string): never => {
    throw new EmvError('EMV_SIGNATURE_INVALID', `${what} (${steps} step ${step}): ${message}`);
  };
  // See steps 1 to 4.
  const recovered = recoverDynamic(iccKey, signed, what, steps);
  const data = recovered.iccDynamicData;
  // See step 5 and Table 19: number length and number, CID, TC or ARQC (8), Transaction Data Hash Code (20).
  const iccDynamicNumber = iccDynamicNumberOf(data, `${what} (${steps} step 5)`);
  const at = 1 + iccDynamicNumber.length;
  if (data.length < at + 1 + 8 + 20) fail(5, 'ICC dynamic data is too short for Table 19');
  // See step 6: the CID signed equals the CID of the GENERATE AC response.
  if (data[at] !== input.cryptogramInformationData) fail(6, 'cryptogram information data differs from the response');
  // See steps 7 to 9: the hash over Signed Data Format through Pad Pattern, then the Unpredictable Number.
  checkDynamicHash(recovered, input.unpredictableNumber, what, steps, 8, 9);
  // See steps 10 to 12: the Transaction Data Hash Code signed equals the one computed.
  if (!sameBytes(data.subarray(at + 9, at + 29), input.transactionDataHashCode)) {
    fail(12, 'transaction data hash code does not match');
  }
  return { applicationCryptogram: data.slice(at + 1, at + 9), iccDynamicNumber };
}

interface RecoveredDynamic {
  readonly body: Uint8Array;
  readonly hash: Uint8Array;
  readonly iccDynamicData: Uint8Array;
}

/** Steps 1 to 4 shared by DDA and CDA (6.5.2 and 6.6.2): length, trailer, header, format 05, and L_DD. */
function recoverDynamic(iccKey: RsaPublicKey, signed: Uint8Array, what: string, steps: string): RecoveredDynamic {
  const n = iccKey.modulus.length;
  const { body, hash } = recoverSigned(iccKey, signed, what, 'EMV_SIGNATURE_INVALID', steps);
  // See step 4 and Tables 17 and 22: Signed Data Format 05.
  if (body[0] !== FORMAT_SIGNED_DYNAMIC_DATA) {
    throw new EmvError('EMV_SIGNATURE_INVALID', `${what} (${steps} step 4): format is not 05`);
  }
  // See Tables 15 and 18: 0 <= L_DD <= N_IC - 25.
  const length = body[2] ?? 0;
  if (length > n - 25) {
    throw new EmvError('EMV_SIGNATURE_INVALID', `${what} (${steps} step 4): ICC dynamic data length exceeds the signature`);
  }
  return { body, hash, iccDynamicData: body.slice(3, 3 + length) };
}

/** The hash steps of 6.5.2 (5 to 7) and 6.6.2 (7 to 9): the named algorithm (01) and the comparison. */
function checkDynamicHash(
  recovered: RecoveredDynamic,
  terminalDynamicData: Uint8Array,
  what: string,
  steps: string,
  hashStep: number,
  compareStep: number,
): void {
  if (recovered.body[1] !== HASH_ALGORITHM_SHA1) {
    throw new EmvError('EMV_SIGNATURE_INVALID', `${what} (${steps} step ${hashStep}): hash algorithm indicator is not 01`);
  }
  if (!sameBytes(recovered.hash, sha1(recovered.body, terminalDynamicData))) {
    throw new EmvError('EMV_SIGNATURE_INVALID', `${what} (${steps} step ${compareStep}): hash result does not match`);
  }
}

/** The ICC Dynamic Number at the head of ICC Dynamic Data: its length (2 to 8), then the number. */
function iccDynamicNumberOf(data: Uint8Array, where: string): Uint8Array {
  const length = data[0] ?? 0;
  if (length < 2 || length > 8 || length + 1 > data.length) {
    throw new EmvError('EMV_SIGNATURE_INVALID', `${where}: ICC Dynamic Number length is not 2 to 8 within the ICC dynamic data`);
  }
  return data.slice(1, 1 + length);
}

/**
 * The certified modulus: the key field's leftmost `keyLength` bytes when the key fits, else the whole field
 * followed by a remainder of exactly the missing length. `fail` is called for a key the certificate cannot name.
 */
function assembleModulus(
  keyField: Uint8Array,
  keyLength: number,
  remainder: Uint8Array,
  signerLength: number,
  room: number,
  fail: (message: string) => never,
): Uint8Array {
  if (keyLength < MIN_MODULUS_BYTES || keyLength > signerLength) fail(`certified key length ${keyLength} is outside 64..${signerLength}`);
  let modulus: Uint8Array;
  if (keyLength <= room) {
    if (remainder.length !== 0) fail('a remainder is present although the key fits in the certificate');
    modulus = keyField.slice(0, keyLength);
  } else {
    if (remainder.length !== keyLength - room) fail(`remainder has ${remainder.length} bytes, the key needs ${keyLength - room}`);
    modulus = concat(keyField, remainder);
  }
  // See Book 2, 5.1 and 6.1: the leftmost bit of a modulus is 1.
  if ((modulus[0] ?? 0) < 0x80) fail('certified modulus does not start with a 1 bit');
  return modulus;
}
