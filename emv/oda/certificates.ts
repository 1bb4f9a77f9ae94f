import { EmvError } from '../errors.ts';
import { checkPan, encodeExpiry, type YearMonth } from './certificate-fields.ts';
import { encodeCn } from '../tlv/data-format.ts';
import { checkPublicKey, type RsaKeyPair, type RsaPublicKey } from './rsa.ts';
import {
  HASH_ALGORITHM_SHA1,
  HASH_LENGTH,
  PAD_BB,
  PUBLIC_KEY_ALGORITHM_RSA,
  concat,
  sha1,
  signWithRecovery,
} from './signature-scheme.ts';

/**
 * A public key certificate as a card carries it: the certificate (90 or 9F46), the key's remainder (92 or 9F48;
 * empty when the whole modulus fits in the certificate) and its exponent (9F32 or 9F47).
 */
export interface CertificateParts {
  readonly certificate: Uint8Array;
  readonly remainder: Uint8Array;
  readonly exponent: Uint8Array;
}

/** Certificate formats and signed data formats. See EMV 4.4 Book 2, Tables 6, 7, 14, 17. */
export const FORMAT_ISSUER_CERTIFICATE = 0x02;
export const FORMAT_SIGNED_STATIC_DATA = 0x03;
export const FORMAT_ICC_CERTIFICATE = 0x04;
export const FORMAT_SIGNED_DYNAMIC_DATA = 0x05;

/** Fixed bytes of a certificate besides the key field: 36 for an issuer certificate, 42 for an ICC one. */
export const ISSUER_CERTIFICATE_OVERHEAD = 36;
export const ICC_CERTIFICATE_OVERHEAD = 42;

/**
 * The CA's Issuer Public Key Certificate (tag 90), with the Issuer Public Key Remainder (92) and Exponent (9F32).
 * The issuer key must not be longer than the CA key. Throws `EMV_KEY_INVALID` for keys EMV does not allow and
 * `EMV_CERTIFICATE_INVALID` for fields of the wrong size.
 * @remarks See EMV 4.4 Book 2, 5.1 and Table 6 (issuer public key data to be signed by the CA).
 */
export function issueIssuerPublicKeyCertificate(
  ca: RsaKeyPair,
  issuerKey: RsaPublicKey,
  fields: {
    readonly issuerIdentifier: Uint8Array;
    readonly expiry: { readonly year: number; readonly month: number };
    readonly serial: Uint8Array;
  },
): CertificateParts {
  if (fields.issuerIdentifier.length !== 4) {
    throw new EmvError('EMV_CERTIFICATE_INVALID', `an Issuer Identifier has 4 bytes, not ${fields.issuerIdentifier.length}`);
  }
  return issueCertificate(ca, issuerKey, FORMAT_ISSUER_CERTIFICATE, fields.issuerIdentifier, fields, ISSUER_CERTIFICATE_OVERHEAD, new Uint8Array(0));
}

/**
 * The issuer's ICC Public Key Certificate (9F46), with the ICC Public Key Remainder (9F48) and Exponent (9F47).
 * `staticData` is the static data to be authenticated (see {@link staticDataToAuthenticate}); its hash is bound
 * into the certificate. The ICC key must not be longer than the issuer key.
 * @remarks See EMV 4.4 Book 2, 6.1 and Table 14 (ICC public key data to be signed by the issuer).
 */
export function issueIccPublicKeyCertificate(
  issuer: RsaKeyPair,
  iccKey: RsaPublicKey,
  fields: {
    readonly pan: string;
    readonly expiry: { year: number; month: number };
    readonly serial: Uint8Array;
    readonly staticData: Uint8Array;
  },
): CertificateParts {
  // See Table 14: Application PAN, cn 10 bytes, padded with F.
  const pan = encodeCn(checkPan(fields.pan), 10);
  return issueCertificate(issuer, iccKey, FORMAT_ICC_CERTIFICATE, pan, fields, ICC_CERTIFICATE_OVERHEAD, fields.staticData);
}

function issueCertificate(
  signer: RsaKeyPair,
  subject: RsaPublicKey,
  format: number,
  owner: Uint8Array,
  fields: { readonly expiry: YearMonth; readonly serial: Uint8Array },
  overhead: number,
  staticData: Uint8Array,
): CertificateParts {
  checkPublicKey(subject);
  const signerLength = signer.publicKey.modulus.length;
  const keyLength = subject.modulus.length;
  if (keyLength > signerLength) {
    throw new EmvError('EMV_KEY_INVALID', `a ${keyLength}-byte key cannot be certified by a ${signerLength}-byte key`);
  }
  if (fields.serial.length !== 3) {
    throw new EmvError('EMV_CERTIFICATE_INVALID', `a Certificate Serial Number has 3 bytes, not ${fields.serial.length}`);
  }
  // See Tables 6 and 14: the key field holds the whole modulus padded with BB, or its leftmost digits.
  const room = signerLength - overhead;
  const keyField = new Uint8Array(room).fill(PAD_BB);
  keyField.set(subject.modulus.subarray(0, Math.min(room, keyLength)));
  const remainder = keyLength > room ? subject.modulus.slice(room) : new Uint8Array(0);
  const body = concat(
    new Uint8Array([format]),
    owner,
    encodeExpiry(fields.expiry),
    fields.serial,
    new Uint8Array([HASH_ALGORITHM_SHA1, PUBLIC_KEY_ALGORITHM_RSA, keyLength, subject.exponent.length]),
    keyField,
  );
  // See Tables 6 and 14: the hash covers these fields, the remainder, the exponent (and for an ICC, the static data).
  const certificate = signWithRecovery(signer, body, concat(remainder, subject.exponent, staticData));
  return { certificate, remainder, exponent: subject.exponent.slice() };
}

/**
 * Signed Static Application Data (tag 93) for SDA: format 03, SHA-1, the Data Authentication Code (2 bytes), BB
 * padding, over the static data to be authenticated.
 * @remarks See EMV 4.4 Book 2, 5.4 and Table 7 (static application data to be signed).
 */
export function signStaticApplicationData(
  issuer: RsaKeyPair,
  dataAuthenticationCode: Uint8Array,
  staticData: Uint8Array,
): Uint8Array {
  if (dataAuthenticationCode.length !== 2) {
    throw new EmvError('EMV_SIGNATURE_INVALID', `a Data Authentication Code has 2 bytes, not ${dataAuthenticationCode.length}`);
  }
  const n = issuer.publicKey.modulus.length;
  const pad = new Uint8Array(n - 26).fill(PAD_BB);
  const body = concat(new Uint8Array([FORMAT_SIGNED_STATIC_DATA, HASH_ALGORITHM_SHA1]), dataAuthenticationCode, pad);
  return signWithRecovery(issuer, body, staticData);
}

/**
 * Signed Dynamic Application Data (tag 9F4B) for DDA and CDA: format 05, SHA-1, the ICC Dynamic Data with its
 * length, BB padding, hashed with the terminal dynamic data (the DDOL data for DDA, the Unpredictable Number for
 * CDA). The ICC dynamic data must fit: at most N_IC − 25 bytes, else `EMV_KEY_INVALID`.
 * @remarks See EMV 4.4 Book 2, 6.5.1 and Table 17 (dynamic application data to be signed), 6.6.1 for CDA.
 */
export function signDynamicApplicationData(
  icc: RsaKeyPair,
  iccDynamicData: Uint8Array,
  terminalDynamicData: Uint8Array,
): Uint8Array {
  const n = icc.publicKey.modulus.length;
  if (iccDynamicData.length > n - 25) {
    throw new EmvError('EMV_KEY_INVALID', `${iccDynamicData.length} bytes of ICC dynamic data do not fit a ${n}-byte key`);
  }
  const pad = new Uint8Array(n - iccDynamicData.length - 25).fill(PAD_BB);
  const body = concat(
    new Uint8Array([FORMAT_SIGNED_DYNAMIC_DATA, HASH_ALGORITHM_SHA1, iccDynamicData.length]),
    iccDynamicData,
    pad,
  );
  return signWithRecovery(icc, body, terminalDynamicData);
}

/**
 * ICC Dynamic Data for CDA: ICC Dynamic Number length and value (2 to 8 bytes), Cryptogram Information Data,
 * Application Cryptogram (8 bytes), Transaction Data Hash Code (20 bytes). Throws `EMV_CRYPTOGRAM_INVALID` for
 * fields of the wrong size.
 * @remarks See EMV 4.4 Book 2, 6.6.1 and Table 19.
 */
export function cdaIccDynamicData(fields: {
  readonly iccDynamicNumber: Uint8Array;
  readonly cryptogramInformationData: number;
  readonly applicationCryptogram: Uint8Array;
  readonly transactionDataHashCode: Uint8Array;
}): Uint8Array {
  const { iccDynamicNumber, cryptogramInformationData: cid, applicationCryptogram, transactionDataHashCode } = fields;
  if (iccDynamicNumber.length < 2 || iccDynamicNumber.length > 8) {
    throw new EmvError('EMV_CRYPTOGRAM_INVALID', `an ICC Dynamic Number has 2 to 8 bytes, not ${iccDynamicNumber.length}`);
  }
  if (!Number.isInteger(cid) || cid < 0 || cid > 0xff) {
    throw new EmvError('EMV_CRYPTOGRAM_INVALID', 'Cryptogram Information Data is one byte');
  }
  if (applicationCryptogram.length !== 8) {
    throw new EmvError('EMV_CRYPTOGRAM_INVALID', `an Application Cryptogram has 8 bytes, not ${applicationCryptogram.length}`);
  }
  if (transactionDataHashCode.length !== HASH_LENGTH) {
    throw new EmvError('EMV_CRYPTOGRAM_INVALID', `a Transaction Data Hash Code has 20 bytes, not ${transactionDataHashCode.length}`);
  }
  return concat(new Uint8Array([iccDynamicNumber.length]), iccDynamicNumber, new Uint8Array([cid]), applicationCryptogram, transactionDataHashCode);
}

/**
 * Transaction Data Hash Code for CDA: SHA-1 over the PDOL data (values as sent in GET PROCESSING OPTIONS), the
 * CDOL1 data, the CDOL2 data (second GENERATE AC only), then the TLV data objects of the GENERATE AC response in
 * the order returned, without the Signed Dynamic Application Data (9F4B).
 * @remarks See EMV 4.4 Book 2, 6.6.1 (step 3 of the card's CDA generation) and 6.6.2 (terminal's check).
 */
export function transactionDataHashCode(
  pdolData: Uint8Array,
  cdol1Data: Uint8Array,
  generateAcResponseTlvsWithout9F4B: Uint8Array,
  cdol2Data?: Uint8Array,
): Uint8Array {
  return sha1(pdolData, cdol1Data, cdol2Data ?? new Uint8Array(0), generateAcResponseTlvsWithout9F4B);
}
