/**
 * The personalisation of KARTPAY: the issuer's input checked field by field, then everything the card holds built
 * from it (records, AIP and AFL, certificate chain, Signed Static Application Data, the ICC key pair and the ICC
 * master key for application cryptograms). A card is never issued half-valid: any bad field throws
 * `PaymentError` `PAY_PERSONALIZATION_INVALID` naming the field, never its value.
 *
 * @remarks See EMV 4.4 Book 3, 10.2 (AFL, records), Annex A (data elements); Book 2, 5 (SDA), 6 (ICC key
 * certificate over the static data), A1.4 (ICC master key derivation).
 */
import { createHash } from 'node:crypto';
import { berTlv } from '../ber-tlv.ts';
import { plaintextPinBlock } from '../plaintext-pin-block.ts';
import { deriveIccMasterKey } from '../../emv/cryptogram/keys.ts';
import { issueIccPublicKeyCertificate, issueIssuerPublicKeyCertificate, signStaticApplicationData } from '../../emv/oda/certificates.ts';
import { generateRsaKeyPair } from '../../emv/oda/rsa.ts';
import type { RsaKeyPair } from '../../emv/oda/rsa.ts';
import { staticDataToAuthenticate } from '../../emv/oda/static-data.ts';
import { KART_TEST_CA, KART_TEST_ISSUER } from '../../emv/oda/test-keys.ts';
import { KART_TEST_ISSUER_MASTER_KEY_AC } from '../../issuer/test-issuer.ts';
import {
  BIOMETRIC_TYPE_FINGER, encodeCardBitGroupTemplate, FORMAT_OWNER_ISO_SC37, FORMAT_TYPE_ISO_19794_2_COMPACT_CARD,
} from '../../emv/biometric/biometric-data-objects.ts';
import * as T from '../../emv/tlv/tags.ts';
import { decodeIsoTemplate } from '../gov/iso-matcher.ts';
import { SFI_1_AUTHENTICATED, SFI_2_CERTIFICATES, TAG_9F31_CARD_BIT_GROUP_TEMPLATE } from './payment-constants.ts';
import {
  DEFAULT_CVM_LIST, DEFAULT_IAC, KART_FINGER_SOLUTION_ID, KARTPAY_AFL, KARTPAY_AIP, KARTPAY_CDOL1, KARTPAY_CDOL2, KARTPAY_DDOL,
  KARTPAY_PDOL,
} from './payment-profile.ts';
import { PaymentError } from './payment-error.ts';
import { encodeCn } from '../../emv/tlv/data-format.ts';

/** What the issuer supplies. Dates are YYMMDD. Secrets (PIN, finger, keys): never logged, never in an error. */
export interface PaymentPersonalizationInput {
  /** Application PAN, 12 to 19 digits. */
  readonly pan: string;
  /** PAN Sequence Number (5F34), 0 to 99. Default 1. */
  readonly panSequenceNumber?: number;
  /** Application Expiration Date (5F24), YYMMDD. */
  readonly expiry: string;
  /** Application Effective Date (5F25), YYMMDD, before the expiry. */
  readonly effective: string;
  /** Cardholder Name (5F20), 2 to 26 printable ASCII characters. */
  readonly cardholderName: string;
  /** Reference PIN for offline plaintext PIN, 4 to 12 digits. */
  readonly pin: string;
  /** The enrolled finger: an ISO/IEC 19794-2 record (`FMR\0...`) or compact card minutiae (what KARTGOV stores). */
  readonly fingerReference: Uint8Array;
  /** PIN Try Limit, 1 to 15. Default 3. */
  readonly pinTries?: number;
  /** Finger Try Limit, 1 to 15. Default 5. */
  readonly fingerTries?: number;
  /** Preferred Finger Attempts (BF4D / DF51) the terminal should allow per transaction, 1 to fingerTries. Default 3. */
  readonly preferredFingerAttempts?: number;
  /**
   * Whether the Card BIT Group Template (9F31) also offers the finger for online verification (the issuer matches
   * it against its own reference; EMV 4.4 Book 3, 10.5.7). Default false: the card offers finger offline only.
   * The CVM List decides whether the finger online CVM (09) is ever asked for.
   */
  readonly fingerOnline?: boolean;
  /** CVM List (8E) value. Default {@link DEFAULT_CVM_LIST}. */
  readonly cvmList?: Uint8Array;
  /** Lower Consecutive Offline Limit (9F14), 0 to 255. Default 3. */
  readonly lowerConsecutiveOfflineLimit?: number;
  /** Upper Consecutive Offline Limit (9F23), lower to 255. Default 5. */
  readonly upperConsecutiveOfflineLimit?: number;
  /** Application Usage Control (9F07), 2 bytes. Default FF 00. */
  readonly applicationUsageControl?: Uint8Array;
  /** Issuer Action Codes (9F0D default, 9F0E denial, 9F0F online), 5 bytes each. */
  readonly iacDefault?: Uint8Array;
  readonly iacDenial?: Uint8Array;
  readonly iacOnline?: Uint8Array;
  /** The issuer's RSA key and Issuer Identifier. Default `KART_TEST_ISSUER` (test only). */
  readonly issuer?: { readonly keyPair: RsaKeyPair; readonly issuerIdentifier: Uint8Array };
  /** The CA key that certifies the issuer key, and its index (8F). Default `KART_TEST_CA` (test only). */
  readonly ca?: { readonly index: number; readonly keyPair: RsaKeyPair };
  /** Issuer master key for application cryptograms (16 bytes). Default `KART_TEST_ISSUER_MASTER_KEY_AC` (test only). */
  readonly issuerMasterKeyAc?: Uint8Array;
  /** Application Version Number (9F08), 2 bytes. Default 00 02 (the Kart counter terminal configures the same). */
  readonly applicationVersion?: Uint8Array;
  /** Derivation Key Index carried in the IAD. Default 1. */
  readonly derivationKeyIndex?: number;
  /** The ICC's RSA key pair (at most as long as the issuer key). Default: a fresh 1024-bit key, exponent 3. */
  readonly iccKeyPair?: RsaKeyPair;
}

/** One record of an application elementary file: `body` is the whole 70 template as READ RECORD returns it. */
export interface PaymentRecord {
  readonly sfi: number;
  readonly number: number;
  readonly body: Uint8Array;
}

/**
 * A checked personalisation, ready for the applet's `install`. The secrets (`pin`, `fingerReference`, `iccKeyPair`,
 * `iccMasterKey`) are non-enumerable properties: readable, but left out of JSON, inspection and spreads.
 */
export interface PaymentPersonalization {
  readonly pan: string;
  readonly panSequenceNumber: number;
  readonly pin: string;
  readonly fingerReference: Uint8Array;
  readonly pinTries: number;
  readonly fingerTries: number;
  readonly preferredFingerAttempts: number;
  readonly lowerConsecutiveOfflineLimit: number;
  readonly upperConsecutiveOfflineLimit: number;
  readonly aip: Uint8Array;
  readonly afl: Uint8Array;
  readonly pdol: Uint8Array;
  readonly cdol1: Uint8Array;
  readonly cdol2: Uint8Array;
  readonly records: readonly PaymentRecord[];
  /** The static data to be authenticated, as the terminal will rebuild it (records of SFI 1, then the AIP). */
  readonly staticData: Uint8Array;
  readonly iccKeyPair: RsaKeyPair;
  readonly iccMasterKey: Uint8Array;
  readonly derivationKeyIndex: number;
}


const ascii = (text: string): Uint8Array => new TextEncoder().encode(text);
/** Digits as n (BCD, left-padded with 0 to whole bytes). See EMV 4.4 Book 3, 4.3. */
const n = (digits: string): Uint8Array => Uint8Array.from(Buffer.from(digits.length % 2 ? `0${digits}` : digits, 'hex'));
/** Digits as cn (BCD, right-padded with F). */
/** `digits` as cn on as few bytes as they need (EMV 4.4 Book 3, 4.3). */
const cn = (digits: string): Uint8Array => encodeCn(digits, Math.ceil(digits.length / 2));

/** Checks `input` and builds the card's content. Throws `PaymentError` `PAY_PERSONALIZATION_INVALID`. */
export function personalizePaymentApplication(input: PaymentPersonalizationInput): PaymentPersonalization {
  const invalid = (field: string, problem: string, cause?: unknown): never => {
    throw new PaymentError('PAY_PERSONALIZATION_INVALID', field, problem, cause === undefined ? undefined : { cause });
  };
  const integer = (field: string, value: number | undefined, fallback: number, min: number, max: number): number => {
    const v = value ?? fallback;
    if (!Number.isInteger(v) || v < min || v > max) invalid(field, `must be ${min} to ${max}`);
    return v;
  };
  const bytesOf = (field: string, value: Uint8Array | undefined, fallback: Uint8Array, length: number): Uint8Array => {
    const v = value ?? fallback;
    if (!(v instanceof Uint8Array) || v.length !== length) invalid(field, `must be ${length} bytes`);
    return v.slice();
  };

  if (typeof input.pan !== 'string' || !/^[0-9]{12,19}$/.test(input.pan)) invalid('pan', 'must be 12 to 19 digits');
  const psn = integer('panSequenceNumber', input.panSequenceNumber, 1, 0, 99);
  const expiry = checkDate('expiry', input.expiry, invalid);
  const effective = checkDate('effective', input.effective, invalid);
  if (effective >= expiry) invalid('effective', 'must be before the expiry');
  if (typeof input.cardholderName !== 'string' || !/^[\x20-\x7e]{2,26}$/.test(input.cardholderName)) {
    invalid('cardholderName', 'must be 2 to 26 printable ASCII characters');
  }
  try {
    plaintextPinBlock(input.pin);
  } catch {
    invalid('pin', 'must be 4 to 12 digits');
  }
  const finger = input.fingerReference;
  if (!(finger instanceof Uint8Array) || finger.length === 0 || finger.length > 1024) invalid('fingerReference', 'must be 1 to 1024 bytes');
  if (decodeIsoTemplate(finger) === undefined) invalid('fingerReference', 'not an ISO/IEC 19794-2 record or compact card template');
  const pinTries = integer('pinTries', input.pinTries, 3, 1, 15);
  const fingerTries = integer('fingerTries', input.fingerTries, 5, 1, 15);
  const preferred = integer('preferredFingerAttempts', input.preferredFingerAttempts, Math.min(3, fingerTries), 1, fingerTries);
  const lower = integer('lowerConsecutiveOfflineLimit', input.lowerConsecutiveOfflineLimit, 3, 0, 255);
  const upper = integer('upperConsecutiveOfflineLimit', input.upperConsecutiveOfflineLimit, Math.max(5, lower), lower, 255);
  const cvmList = input.cvmList ?? DEFAULT_CVM_LIST;
  if (!(cvmList instanceof Uint8Array) || cvmList.length < 10 || cvmList.length > 252 || cvmList.length % 2 !== 0) {
    invalid('cvmList', 'must be amounts X and Y and at least one 2-byte CV Rule');
  }
  const auc = bytesOf('applicationUsageControl', input.applicationUsageControl, Uint8Array.of(0xff, 0x00), 2);
  const iacDefault = bytesOf('iacDefault', input.iacDefault, DEFAULT_IAC.default, 5);
  const iacDenial = bytesOf('iacDenial', input.iacDenial, DEFAULT_IAC.denial, 5);
  const iacOnline = bytesOf('iacOnline', input.iacOnline, DEFAULT_IAC.online, 5);
  const version = bytesOf('applicationVersion', input.applicationVersion, Uint8Array.of(0x00, 0x02), 2);
  const issuer = input.issuer ?? KART_TEST_ISSUER;
  const ca = input.ca ?? { index: KART_TEST_CA.index, keyPair: KART_TEST_CA.keyPair };
  integer('ca.index', ca.index, 0, 0, 255);
  if (!(issuer.issuerIdentifier instanceof Uint8Array) || issuer.issuerIdentifier.length !== 4) invalid('issuer.issuerIdentifier', 'must be 4 bytes');
  // See EMV 4.4 Book 2, Table 6: the Issuer Identifier is the PAN's leftmost 3 to 8 digits, padded with F.
  const iin = Buffer.from(issuer.issuerIdentifier).toString('hex').toUpperCase().replace(/F+$/, '');
  if (!/^[0-9]{3,8}$/.test(iin) || !input.pan.startsWith(iin)) invalid('pan', 'does not start with the Issuer Identifier');
  const dki = integer('derivationKeyIndex', input.derivationKeyIndex, 1, 0, 255);

  let iccMasterKey: Uint8Array | undefined;
  try {
    iccMasterKey = deriveIccMasterKey(bytesOf('issuerMasterKeyAc', input.issuerMasterKeyAc, KART_TEST_ISSUER_MASTER_KEY_AC, 16), input.pan, psn);
  } catch (cause) {
    if (cause instanceof PaymentError) throw cause;
    invalid('issuerMasterKeyAc', 'not a double-length DES key', cause);
  }
  let icc: RsaKeyPair;
  try {
    icc = input.iccKeyPair ?? generateRsaKeyPair(1024);
  } catch (cause) {
    return invalid('iccKeyPair', 'could not be generated', cause);
  }
  if (icc.publicKey.modulus.length > issuer.keyPair.publicKey.modulus.length) invalid('iccKeyPair', 'is longer than the issuer key');

  const serviceCode = '201'; // international, IC card; normal authorisation; no restrictions. See ISO/IEC 7813.
  const track2Bytes = encodeTrack2(input.pan, input.expiry.slice(0, 4), serviceCode);
  // See EMV 4.4 Book 3, Annex C7 / C8: one offline BIT, the finger, matched on card. The solution ID is Kart's
  // (4B 41 01, what the Kart terminals send by default); the format is ISO/IEC 19794-2 compact card (owner SC 37).
  // The card does not insist on the solution ID a template carries: it matches whatever minutiae arrive.
  const fingerBit = {
    biometricType: BIOMETRIC_TYPE_FINGER, subtype: 0x00, solutionId: KART_FINGER_SOLUTION_ID,
    formatOwner: FORMAT_OWNER_ISO_SC37, formatType: FORMAT_TYPE_ISO_19794_2_COMPACT_CARD,
  };
  if (input.fingerOnline !== undefined && typeof input.fingerOnline !== 'boolean') invalid('fingerOnline', 'must be true or false');
  const cardBits = encodeCardBitGroupTemplate({ offline: [fingerBit], online: input.fingerOnline ? [fingerBit] : [] });
  // See EMV 4.4 Book 3, Annex A: 5F28 and 9F42 are n 3 on 2 bytes; Egypt and the Egyptian pound are 818 (ISO 3166, ISO 4217).
  const record1 = berTlv(
    T.TAG_70_READ_RECORD_TEMPLATE,
    berTlv(T.TAG_57_TRACK2_EQUIVALENT_DATA, track2Bytes),
    berTlv(T.TAG_5A_PAN, cn(input.pan)),
    berTlv(T.TAG_5F24_APPLICATION_EXPIRATION_DATE, n(input.expiry)),
    berTlv(T.TAG_5F25_APPLICATION_EFFECTIVE_DATE, n(input.effective)),
    berTlv(T.TAG_5F20_CARDHOLDER_NAME, ascii(input.cardholderName)),
    berTlv(T.TAG_5F28_ISSUER_COUNTRY_CODE, n('0818')),
    berTlv(T.TAG_5F34_PAN_SEQUENCE_NUMBER, n(String(psn).padStart(2, '0'))),
    berTlv(T.TAG_9F07_APPLICATION_USAGE_CONTROL, auc),
    berTlv(T.TAG_8E_CVM_LIST, cvmList),
    berTlv(T.TAG_9F0D_IAC_DEFAULT, iacDefault),
    berTlv(T.TAG_9F0E_IAC_DENIAL, iacDenial),
    berTlv(T.TAG_9F0F_IAC_ONLINE, iacOnline),
    berTlv(T.TAG_9F42_APPLICATION_CURRENCY_CODE, n('0818')),
    berTlv(T.TAG_9F08_CARD_APPLICATION_VERSION_NUMBER, version),
  );
  const record2 = berTlv(
    T.TAG_70_READ_RECORD_TEMPLATE,
    berTlv(T.TAG_8C_CDOL1, KARTPAY_CDOL1),
    berTlv(T.TAG_8D_CDOL2, KARTPAY_CDOL2),
    berTlv(T.TAG_9F49_DDOL, KARTPAY_DDOL),
    berTlv(T.TAG_9F4A_SDA_TAG_LIST, Uint8Array.of(T.TAG_82_APPLICATION_INTERCHANGE_PROFILE)),
    berTlv(T.TAG_9F14_LOWER_CONSECUTIVE_OFFLINE_LIMIT, Uint8Array.of(lower)),
    berTlv(T.TAG_9F23_UPPER_CONSECUTIVE_OFFLINE_LIMIT, Uint8Array.of(upper)),
    berTlv(TAG_9F31_CARD_BIT_GROUP_TEMPLATE, cardBits),
  );
  // See EMV 4.4 Book 3, 10.3: records of SFI 1 to 10 count without their 70 tag and length; then the AIP (9F4A).
  const authenticated = [record1, record2];
  const staticData = staticDataToAuthenticate(
    authenticated.map((body) => ({ sfi: SFI_1_AUTHENTICATED, body })),
    KARTPAY_AIP,
  );
  const certExpiry = { year: 2000 + Number(input.expiry.slice(0, 2)), month: Number(input.expiry.slice(2, 4)) };
  const serial = Uint8Array.from(createHash('sha256').update(`kartpay serial ${input.pan} ${psn}`).digest().subarray(0, 3));
  let issuerCert, iccCert, ssad;
  try {
    issuerCert = issueIssuerPublicKeyCertificate(ca.keyPair, issuer.keyPair.publicKey, {
      issuerIdentifier: issuer.issuerIdentifier, expiry: certExpiry, serial,
    });
    iccCert = issueIccPublicKeyCertificate(issuer.keyPair, icc.publicKey, { pan: input.pan, expiry: certExpiry, serial, staticData });
    // See EMV 4.4 Book 2, 5.4: the Data Authentication Code is the issuer's choice; here 2 bytes of a hash of PAN and PSN.
    const dac = Uint8Array.from(createHash('sha256').update(`kartpay dac ${input.pan} ${psn}`).digest().subarray(0, 2));
    ssad = signStaticApplicationData(issuer.keyPair, dac, staticData);
  } catch (cause) {
    return invalid('issuer', 'the certificate chain could not be built with these keys', cause);
  }
  const certificates1 = berTlv(
    T.TAG_70_READ_RECORD_TEMPLATE,
    berTlv(T.TAG_8F_CA_PUBLIC_KEY_INDEX, Uint8Array.of(ca.index)),
    berTlv(T.TAG_90_ISSUER_PUBLIC_KEY_CERTIFICATE, issuerCert.certificate),
    ...(issuerCert.remainder.length > 0 ? [berTlv(T.TAG_92_ISSUER_PUBLIC_KEY_REMAINDER, issuerCert.remainder)] : []),
    berTlv(T.TAG_9F32_ISSUER_PUBLIC_KEY_EXPONENT, issuerCert.exponent),
  );
  const certificates2 = berTlv(
    T.TAG_70_READ_RECORD_TEMPLATE,
    berTlv(T.TAG_9F46_ICC_PUBLIC_KEY_CERTIFICATE, iccCert.certificate),
    berTlv(T.TAG_9F47_ICC_PUBLIC_KEY_EXPONENT, iccCert.exponent),
    ...(iccCert.remainder.length > 0 ? [berTlv(T.TAG_9F48_ICC_PUBLIC_KEY_REMAINDER, iccCert.remainder)] : []),
  );
  const certificates3 = berTlv(T.TAG_70_READ_RECORD_TEMPLATE, berTlv(T.TAG_93_SIGNED_STATIC_APPLICATION_DATA, ssad));
  for (const [i, body] of [record1, record2, certificates1, certificates2, certificates3].entries()) {
    // See EMV 4.4 Book 3, 6.5.11: a record (70 template) fits a short response, at most 254 bytes with its tag.
    if (body.length > 254) invalid(`record ${i + 1}`, 'is longer than 254 bytes');
  }

  const personalization = {
    pan: input.pan,
    panSequenceNumber: psn,
    pinTries,
    fingerTries,
    preferredFingerAttempts: preferred,
    lowerConsecutiveOfflineLimit: lower,
    upperConsecutiveOfflineLimit: upper,
    aip: KARTPAY_AIP.slice(),
    afl: KARTPAY_AFL.slice(),
    pdol: KARTPAY_PDOL.slice(),
    cdol1: KARTPAY_CDOL1.slice(),
    cdol2: KARTPAY_CDOL2.slice(),
    records: [
      { sfi: SFI_1_AUTHENTICATED, number: 1, body: record1 },
      { sfi: SFI_1_AUTHENTICATED, number: 2, body: record2 },
      { sfi: SFI_2_CERTIFICATES, number: 1, body: certificates1 },
      { sfi: SFI_2_CERTIFICATES, number: 2, body: certificates2 },
      { sfi: SFI_2_CERTIFICATES, number: 3, body: certificates3 },
    ],
    staticData,
    derivationKeyIndex: dki,
  };
  // The secrets are there to be read by `install`, but not enumerable: JSON.stringify, util.inspect and a spread
  // (a log line, a trace) never show them.
  const secret = (value: unknown): PropertyDescriptor => ({ value, enumerable: false, writable: false, configurable: false });
  return Object.freeze(
    Object.defineProperties(personalization, {
      pin: secret(input.pin),
      fingerReference: secret(finger.slice()),
      iccKeyPair: secret(icc),
      iccMasterKey: secret(iccMasterKey!),
    }) as unknown as PaymentPersonalization,
  );
}

/** Track 2 Equivalent Data: PAN, D, YYMM, service code, zero discretionary data, padded with F. See Book 3, Annex A. */
function encodeTrack2(pan: string, yymm: string, serviceCode: string): Uint8Array {
  const nibbles = `${pan}D${yymm}${serviceCode}00000`;
  return Uint8Array.from(Buffer.from(nibbles.length % 2 ? `${nibbles}F` : nibbles, 'hex'));
}

/** A YYMMDD date as a sortable number; throws through `invalid` otherwise. */
function checkDate(field: string, value: string, invalid: (f: string, p: string) => never): number {
  if (typeof value !== 'string' || !/^[0-9]{6}$/.test(value)) return invalid(field, 'must be YYMMDD');
  const month = Number(value.slice(2, 4));
  const day = Number(value.slice(4, 6));
  if (month < 1 || month > 12 || day < 1 || day > 31) invalid(field, 'must be a real YYMMDD date');
  return Number(value);
}
