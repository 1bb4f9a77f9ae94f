import * as assert from 'uvu/assert';
import { suite } from '../../support/suite.ts';
import type { EmvErrorCode } from '../../../emv/errors.ts';
import {
  recoverIccPublicKey,
  recoverIssuerPublicKey,
  verifyCdaSignature,
  verifySignedDynamicApplicationData,
  verifySignedStaticApplicationData,
} from '../../../emv/oda/verify.ts';
import { generateRsaKeyPair, type RsaPublicKey } from '../../../emv/oda/rsa.ts';
import {
  issueIccPublicKeyCertificate,
  signDynamicApplicationData,
  signStaticApplicationData,
  transactionDataHashCode,
} from '../../../emv/oda/certificates.ts';
import { KART_TEST_CA, KART_TEST_ISSUER } from '../../../emv/oda/test-keys.ts';
import { fromHex, toHex } from '../../../emv/tlv/hex.ts';
import { assertEmvError } from '../assert-emv-error.ts';
import {
  AC, CDOL1_DATA, CID_ARQC, DAC, DDOL_DATA, GENAC_TLVS, IDN, PAN, PDOL_DATA, STATIC_DATA, TODAY, UN,
  buildChain, concat, flip, resign,
} from './oda-fixture.ts';

const test = suite('emv/oda/verify');

const chain = buildChain();
const { ca, caPair, issuerPair, iccPair, issuerCert, iccCert } = chain;
const issuerKey: RsaPublicKey = issuerPair.publicKey;
const iccKey: RsaPublicKey = iccPair.publicKey;

const recoverIssuer = (over: Partial<Parameters<typeof recoverIssuerPublicKey>[0]> = {}): RsaPublicKey =>
  recoverIssuerPublicKey({
    ca,
    certificate: issuerCert.certificate,
    remainder: issuerCert.remainder,
    exponent: issuerCert.exponent,
    pan: PAN,
    today: TODAY,
    ...over,
  });
const recoverIcc = (over: Partial<Parameters<typeof recoverIccPublicKey>[0]> = {}): RsaPublicKey =>
  recoverIccPublicKey({
    issuerKey,
    certificate: iccCert.certificate,
    remainder: iccCert.remainder,
    exponent: iccCert.exponent,
    pan: PAN,
    staticData: STATIC_DATA,
    today: TODAY,
    ...over,
  });
const cda = (signed: Uint8Array, over: Partial<Parameters<typeof verifyCdaSignature>[2]> = {}) =>
  verifyCdaSignature(iccKey, signed, {
    unpredictableNumber: UN,
    cryptogramInformationData: CID_ARQC,
    transactionDataHashCode: chain.cdaTdhc,
    ...over,
  });

/** What the issuer certificate's hash covers besides its recovered body; ditto for the ICC certificate. */
const issuerHashOnly = concat(issuerCert.remainder, issuerCert.exponent);
const iccHashOnly = concat(iccCert.remainder, iccCert.exponent, STATIC_DATA);
/** Forges with the hash recomputed over `hashOnly` (by default what the certificate's hash covers); `null` keeps it. */
const forgeIssuer = (edit: (x: Uint8Array) => void, hashOnly: Uint8Array | null = issuerHashOnly) =>
  resign(caPair, issuerCert.certificate, edit, hashOnly ?? undefined);
const forgeIcc = (edit: (x: Uint8Array) => void, hashOnly: Uint8Array | null = iccHashOnly) =>
  resign(issuerPair, iccCert.certificate, edit, hashOnly ?? undefined);

test('the committed test keys have the documented sizes, exponents and certificate split', () => {
  assert.is(caPair.publicKey.modulus.length, 176);
  assert.is(issuerKey.modulus.length, 144);
  assert.is(toHex(issuerKey.exponent), '03');
  // See Book 2, 5.1: N_I = 144 > N_CA - 36 = 140, so the last 4 bytes of the issuer modulus are the remainder.
  assert.is(issuerCert.certificate.length, 176);
  assert.is(toHex(issuerCert.remainder), toHex(issuerKey.modulus.subarray(140)));
  // See Book 2, 6.1: N_IC = 128 > N_I - 42 = 102, so 26 bytes of the ICC modulus are the remainder.
  assert.is(iccCert.remainder.length, 26);
});

test('round trip: CA -> issuer key -> ICC key, then SDA, DDA and CDA verify', () => {
  const issuer = recoverIssuer();
  assert.is(toHex(issuer.modulus), toHex(issuerKey.modulus));
  assert.is(toHex(issuer.exponent), '03');
  const icc = recoverIcc({ issuerKey: issuer });
  assert.is(toHex(icc.modulus), toHex(iccKey.modulus));
  assert.is(toHex(verifySignedStaticApplicationData(issuer, chain.ssad, STATIC_DATA).dataAuthenticationCode), toHex(DAC));
  const dda = verifySignedDynamicApplicationData(icc, chain.sdad, DDOL_DATA);
  assert.is(toHex(dda.iccDynamicNumber), toHex(IDN));
  assert.is(toHex(dda.iccDynamicData), '08' + toHex(IDN));
  const tdhc = transactionDataHashCode(PDOL_DATA, CDOL1_DATA, GENAC_TLVS);
  const result = verifyCdaSignature(icc, chain.cdaSdad, { unpredictableNumber: UN, cryptogramInformationData: CID_ARQC, transactionDataHashCode: tdhc });
  assert.is(toHex(result.applicationCryptogram), toHex(AC));
  assert.is(toHex(result.iccDynamicNumber), toHex(IDN));
});

test('round trip: keys that fit their certificate (no remainder) and exponent 65537', () => {
  const smallIssuer = generateRsaKeyPair(1024, 65537); // 128 <= 140: no issuer remainder
  const smallIcc = generateRsaKeyPair(640, 65537); // 80 <= 128 - 42: no ICC remainder
  const c = buildChain({ issuerPair: smallIssuer, iccPair: smallIcc });
  assert.is(c.issuerCert.remainder.length, 0);
  assert.is(c.iccCert.remainder.length, 0);
  assert.is(toHex(c.issuerCert.exponent), '010001');
  const issuer = recoverIssuerPublicKey({ ca, certificate: c.issuerCert.certificate, exponent: c.issuerCert.exponent, pan: PAN, today: TODAY });
  assert.is(toHex(issuer.modulus), toHex(smallIssuer.publicKey.modulus));
  const icc = recoverIccPublicKey({ issuerKey: issuer, certificate: c.iccCert.certificate, exponent: c.iccCert.exponent, pan: PAN, staticData: STATIC_DATA, today: TODAY });
  assert.is(toHex(icc.modulus), toHex(smallIcc.publicKey.modulus));
  assert.is(toHex(icc.exponent), '010001');
  assert.is(toHex(verifySignedDynamicApplicationData(icc, c.sdad, DDOL_DATA).iccDynamicNumber), toHex(IDN));
  assert.is(toHex(verifySignedStaticApplicationData(issuer, c.ssad, STATIC_DATA).dataAuthenticationCode), toHex(DAC));
  // A remainder beside a key that fits in its certificate is not what the issuer signed (Table 6: 0 bytes).
  const error = assertEmvError(() => recoverIssuerPublicKey({
    ca, certificate: c.issuerCert.certificate, remainder: fromHex('00'), exponent: c.issuerCert.exponent, pan: PAN, today: TODAY,
  }), 'EMV_CERTIFICATE_INVALID');
  assert.match(error.message, /step 5\): a remainder is present/);
});

test('expiry is valid through the last day of its month (Book 2 5.3 step 9, 6.4 step 9)', () => {
  recoverIssuer({ today: { year: 2030, month: 12 } });
  recoverIcc({ today: { year: 2029, month: 6 } });
  assertEmvError(() => recoverIssuer({ today: { year: 2031, month: 1 } }), 'EMV_CERTIFICATE_INVALID');
  assertEmvError(() => recoverIcc({ today: { year: 2029, month: 7 } }), 'EMV_CERTIFICATE_INVALID');
});

test('the issuer identifier matches any PAN that starts with its digits (5.3 step 8)', () => {
  recoverIssuer({ pan: '818888' });
  recoverIssuer({ pan: '8188889999999999999' });
  assertEmvError(() => recoverIssuer({ pan: '81888' }), 'EMV_CERTIFICATE_INVALID');
});

test('revocation list: a listed RID, index and serial fails step 10; others pass', () => {
  const seen: string[] = [];
  recoverIssuer({ isRevoked: (e) => (seen.push(`${toHex(e.rid)}/${e.index}/${toHex(e.serial)}`), false) });
  assert.equal(seen, ['A000000999/153/000017']);
  const error = assertEmvError(() => recoverIssuer({ isRevoked: () => true }), 'EMV_CERTIFICATE_INVALID');
  assert.match(error.message, /step 10/);
});

interface Row {
  readonly name: string;
  readonly run: () => unknown;
  readonly code: EmvErrorCode;
  /** The message must match: the failed step, by its number in Book 2. */
  readonly message: RegExp;
}

const otherCa = generateRsaKeyPair(1408);
const otherIssuer = generateRsaKeyPair(1152);
const N_CA = 176;
const N_I = 144;

const ROWS: readonly Row[] = [
  // Issuer Public Key Certificate, Book 2 5.3 / 6.3.
  { name: 'issuer: wrong CA key', run: () => recoverIssuer({ ca: { ...ca, key: otherCa.publicKey } }), code: 'EMV_CERTIFICATE_INVALID', message: /^issuer certificate \(Book 2 5\.3 step [12]\)/ },
  { name: 'issuer: certificate longer than the modulus', run: () => recoverIssuer({ certificate: concat(issuerCert.certificate, fromHex('00')) }), code: 'EMV_CERTIFICATE_INVALID', message: /step 1\): 177 bytes/ },
  { name: 'issuer: certificate shorter than the modulus', run: () => recoverIssuer({ certificate: issuerCert.certificate.subarray(1) }), code: 'EMV_CERTIFICATE_INVALID', message: /step 1\)/ },
  { name: 'issuer: certificate not smaller than the modulus', run: () => recoverIssuer({ certificate: new Uint8Array(N_CA).fill(0xff) }), code: 'EMV_CERTIFICATE_INVALID', message: /step 1\): not smaller/ },
  { name: 'issuer: flipped byte', run: () => recoverIssuer({ certificate: flip(issuerCert.certificate, 90) }), code: 'EMV_CERTIFICATE_INVALID', message: /step [23]\)/ },
  { name: 'issuer: trailer BD', run: () => recoverIssuer({ certificate: forgeIssuer((x) => { x[N_CA - 1] = 0xbd; }) }), code: 'EMV_CERTIFICATE_INVALID', message: /step 2\): trailer is not BC/ },
  { name: 'issuer: header 6B', run: () => recoverIssuer({ certificate: forgeIssuer((x) => { x[0] = 0x6b; }) }), code: 'EMV_CERTIFICATE_INVALID', message: /step 3\): header is not 6A/ },
  { name: 'issuer: format 04', run: () => recoverIssuer({ certificate: forgeIssuer((x) => { x[1] = 0x04; }) }), code: 'EMV_CERTIFICATE_INVALID', message: /step 4\): format is not 02/ },
  { name: 'issuer: short remainder', run: () => recoverIssuer({ remainder: issuerCert.remainder.subarray(1) }), code: 'EMV_CERTIFICATE_INVALID', message: /step 5\): remainder has 3 bytes, the key needs 4/ },
  { name: 'issuer: missing remainder', run: () => recoverIssuer({ remainder: undefined }), code: 'EMV_CERTIFICATE_INVALID', message: /step 5\): remainder has 0 bytes/ },
  { name: 'issuer: certified key longer than the CA key', run: () => recoverIssuer({ certificate: forgeIssuer((x) => { x[13] = N_CA + 1; }) }), code: 'EMV_CERTIFICATE_INVALID', message: /step 5\): certified key length 177/ },
  { name: 'issuer: certified key under 64 bytes', run: () => recoverIssuer({ certificate: forgeIssuer((x) => { x[13] = 63; }) }), code: 'EMV_CERTIFICATE_INVALID', message: /step 5\): certified key length 63/ },
  { name: 'issuer: modulus starting with a 0 bit', run: () => recoverIssuer({ certificate: forgeIssuer((x) => { x[15] = 0x7f; }) }), code: 'EMV_CERTIFICATE_INVALID', message: /step 5\): certified modulus does not start with a 1 bit/ },
  { name: 'issuer: exponent length field differs from 9F32', run: () => recoverIssuer({ exponent: fromHex('010001') }), code: 'EMV_CERTIFICATE_INVALID', message: /step 5\): exponent length/ },
  { name: 'issuer: hash algorithm 02', run: () => recoverIssuer({ certificate: forgeIssuer((x) => { x[11] = 0x02; }) }), code: 'EMV_CERTIFICATE_INVALID', message: /step 6\): hash algorithm indicator is not 01/ },
  { name: 'issuer: flipped remainder byte', run: () => recoverIssuer({ remainder: flip(issuerCert.remainder, 0) }), code: 'EMV_CERTIFICATE_INVALID', message: /step 7\): hash result does not match/ },
  { name: 'issuer: other exponent of the same length', run: () => recoverIssuer({ exponent: fromHex('05') }), code: 'EMV_CERTIFICATE_INVALID', message: /step 7\)/ },
  { name: 'issuer: recovered hash altered', run: () => recoverIssuer({ certificate: forgeIssuer((x) => { x[N_CA - 2] = (x[N_CA - 2] ?? 0) ^ 1; }, null) }), code: 'EMV_CERTIFICATE_INVALID', message: /step 7\)/ },
  { name: 'issuer: wrong PAN', run: () => recoverIssuer({ pan: '4111111111111111' }), code: 'EMV_CERTIFICATE_INVALID', message: /step 8\): issuer identifier does not match/ },
  { name: 'issuer: identifier with a non-digit before the F padding', run: () => recoverIssuer({ certificate: forgeIssuer((x) => { x[2] = 0x8a; }) }), code: 'EMV_CERTIFICATE_INVALID', message: /step 8\)/ },
  { name: 'issuer: identifier of two digits', run: () => recoverIssuer({ certificate: forgeIssuer((x) => { x.set([0x81, 0xff, 0xff, 0xff], 2); }) }), code: 'EMV_CERTIFICATE_INVALID', message: /step 8\)/ },
  { name: 'issuer: expired', run: () => recoverIssuer({ today: { year: 2031, month: 1 } }), code: 'EMV_CERTIFICATE_INVALID', message: /step 9\): certificate has expired/ },
  { name: 'issuer: expiry month 13', run: () => recoverIssuer({ certificate: forgeIssuer((x) => { x[6] = 0x13; }) }), code: 'EMV_CERTIFICATE_INVALID', message: /step 9\): expiry date is not a valid MMYY/ },
  { name: 'issuer: public key algorithm 02', run: () => recoverIssuer({ certificate: forgeIssuer((x) => { x[12] = 0x02; }) }), code: 'EMV_CERTIFICATE_INVALID', message: /step 11\): public key algorithm indicator is not 01/ },
  { name: 'issuer: exponent 05 certified', run: () => recoverIssuer({ exponent: fromHex('05'), certificate: forgeIssuer(() => {}, concat(issuerCert.remainder, fromHex('05'))) }), code: 'EMV_CERTIFICATE_INVALID', message: /step 11\): exponent is neither/ },
  { name: 'issuer: PAN not digits', run: () => recoverIssuer({ pan: '81888812345678X0' }), code: 'EMV_CARD_DATA_INVALID', message: /PAN/ },
  { name: 'issuer: CA key with exponent 05', run: () => recoverIssuer({ ca: { ...ca, key: { ...ca.key, exponent: fromHex('05') } } }), code: 'EMV_KEY_INVALID', message: /exponent/ },

  // ICC Public Key Certificate, Book 2 6.4.
  { name: 'ICC: wrong issuer key', run: () => recoverIcc({ issuerKey: { modulus: KART_TEST_CA.keyPair.publicKey.modulus.subarray(0, N_I), exponent: fromHex('03') } }), code: 'EMV_CERTIFICATE_INVALID', message: /^ICC certificate \(Book 2 6\.4 step [12]\)/ },
  { name: 'ICC: certificate longer than the modulus', run: () => recoverIcc({ certificate: concat(iccCert.certificate, fromHex('00')) }), code: 'EMV_CERTIFICATE_INVALID', message: /6\.4 step 1\)/ },
  { name: 'ICC: flipped byte', run: () => recoverIcc({ certificate: flip(iccCert.certificate, 7, 0x40) }), code: 'EMV_CERTIFICATE_INVALID', message: /6\.4 step [23]\)/ },
  { name: 'ICC: trailer 00', run: () => recoverIcc({ certificate: forgeIcc((x) => { x[N_I - 1] = 0x00; }) }), code: 'EMV_CERTIFICATE_INVALID', message: /6\.4 step 2\)/ },
  { name: 'ICC: header 00', run: () => recoverIcc({ certificate: forgeIcc((x) => { x[0] = 0x00; }) }), code: 'EMV_CERTIFICATE_INVALID', message: /6\.4 step 3\)/ },
  { name: 'ICC: format 02', run: () => recoverIcc({ certificate: forgeIcc((x) => { x[1] = 0x02; }) }), code: 'EMV_CERTIFICATE_INVALID', message: /6\.4 step 4\): format is not 04/ },
  { name: 'ICC: short remainder', run: () => recoverIcc({ remainder: iccCert.remainder.subarray(0, 25) }), code: 'EMV_CERTIFICATE_INVALID', message: /6\.4 step 5\): remainder has 25 bytes, the key needs 26/ },
  { name: 'ICC: certified key longer than the issuer key', run: () => recoverIcc({ certificate: forgeIcc((x) => { x[19] = N_I + 1; }) }), code: 'EMV_CERTIFICATE_INVALID', message: /6\.4 step 5\)/ },
  { name: 'ICC: exponent length field differs from 9F47', run: () => recoverIcc({ exponent: fromHex('010001') }), code: 'EMV_CERTIFICATE_INVALID', message: /6\.4 step 5\)/ },
  { name: 'ICC: hash algorithm 00', run: () => recoverIcc({ certificate: forgeIcc((x) => { x[17] = 0x00; }) }), code: 'EMV_CERTIFICATE_INVALID', message: /6\.4 step 6\)/ },
  { name: 'ICC: other static data', run: () => recoverIcc({ staticData: flip(STATIC_DATA, 3) }), code: 'EMV_CERTIFICATE_INVALID', message: /6\.4 step 7\): hash result does not match/ },
  { name: 'ICC: static data without the AIP', run: () => recoverIcc({ staticData: STATIC_DATA.subarray(0, STATIC_DATA.length - 2) }), code: 'EMV_CERTIFICATE_INVALID', message: /6\.4 step 7\)/ },
  { name: 'ICC: wrong PAN', run: () => recoverIcc({ pan: '8188881234567891' }), code: 'EMV_CERTIFICATE_INVALID', message: /6\.4 step 8\): PAN does not match/ },
  { name: 'ICC: PAN that is a prefix of the certified one', run: () => recoverIcc({ pan: '818888123456789' }), code: 'EMV_CERTIFICATE_INVALID', message: /6\.4 step 8\)/ },
  { name: 'ICC: expired', run: () => recoverIcc({ today: { year: 2029, month: 7 } }), code: 'EMV_CERTIFICATE_INVALID', message: /6\.4 step 9\): certificate has expired/ },
  { name: 'ICC: public key algorithm FF', run: () => recoverIcc({ certificate: forgeIcc((x) => { x[18] = 0xff; }) }), code: 'EMV_CERTIFICATE_INVALID', message: /6\.4 step 10\)/ },

  // Signed Static Application Data, Book 2 5.4.
  { name: 'SDA: wrong length', run: () => verifySignedStaticApplicationData(issuerKey, chain.ssad.subarray(2), STATIC_DATA), code: 'EMV_SIGNATURE_INVALID', message: /^signed static data \(Book 2 5\.4 step 1\)/ },
  { name: 'SDA: flipped byte', run: () => verifySignedStaticApplicationData(issuerKey, flip(chain.ssad, 50), STATIC_DATA), code: 'EMV_SIGNATURE_INVALID', message: /5\.4 step [23]\)/ },
  { name: 'SDA: trailer BB', run: () => verifySignedStaticApplicationData(issuerKey, resign(issuerPair, chain.ssad, (x) => { x[N_I - 1] = 0xbb; }), STATIC_DATA), code: 'EMV_SIGNATURE_INVALID', message: /5\.4 step 2\)/ },
  { name: 'SDA: header 6C', run: () => verifySignedStaticApplicationData(issuerKey, resign(issuerPair, chain.ssad, (x) => { x[0] = 0x6c; }, STATIC_DATA), STATIC_DATA), code: 'EMV_SIGNATURE_INVALID', message: /5\.4 step 3\)/ },
  { name: 'SDA: format 05', run: () => verifySignedStaticApplicationData(issuerKey, resign(issuerPair, chain.ssad, (x) => { x[1] = 0x05; }, STATIC_DATA), STATIC_DATA), code: 'EMV_SIGNATURE_INVALID', message: /5\.4 step 4\): format is not 03/ },
  { name: 'SDA: hash algorithm 02', run: () => verifySignedStaticApplicationData(issuerKey, resign(issuerPair, chain.ssad, (x) => { x[2] = 0x02; }, STATIC_DATA), STATIC_DATA), code: 'EMV_SIGNATURE_INVALID', message: /5\.4 step 6\)/ },
  { name: 'SDA: other static data', run: () => verifySignedStaticApplicationData(issuerKey, chain.ssad, flip(STATIC_DATA, 0)), code: 'EMV_SIGNATURE_INVALID', message: /5\.4 step 7\)/ },
  { name: 'SDA: signed by another key', run: () => verifySignedStaticApplicationData(issuerKey, signStaticApplicationData(otherIssuer, DAC, STATIC_DATA), STATIC_DATA), code: 'EMV_SIGNATURE_INVALID', message: /5\.4 step [123]\)/ },

  // Signed Dynamic Application Data (DDA), Book 2 6.5.2.
  { name: 'DDA: wrong length', run: () => verifySignedDynamicApplicationData(iccKey, concat(chain.sdad, fromHex('00')), DDOL_DATA), code: 'EMV_SIGNATURE_INVALID', message: /^signed dynamic data \(Book 2 6\.5\.2 step 1\)/ },
  { name: 'DDA: flipped byte', run: () => verifySignedDynamicApplicationData(iccKey, flip(chain.sdad, 20), DDOL_DATA), code: 'EMV_SIGNATURE_INVALID', message: /6\.5\.2 step [23]\)/ },
  { name: 'DDA: header 7A', run: () => verifySignedDynamicApplicationData(iccKey, resign(iccPair, chain.sdad, (x) => { x[0] = 0x7a; }, DDOL_DATA), DDOL_DATA), code: 'EMV_SIGNATURE_INVALID', message: /6\.5\.2 step 3\)/ },
  { name: 'DDA: format 03', run: () => verifySignedDynamicApplicationData(iccKey, resign(iccPair, chain.sdad, (x) => { x[1] = 0x03; }, DDOL_DATA), DDOL_DATA), code: 'EMV_SIGNATURE_INVALID', message: /6\.5\.2 step 4\): format is not 05/ },
  { name: 'DDA: L_DD beyond N_IC - 25', run: () => verifySignedDynamicApplicationData(iccKey, resign(iccPair, chain.sdad, (x) => { x[3] = 128 - 24; }, DDOL_DATA), DDOL_DATA), code: 'EMV_SIGNATURE_INVALID', message: /6\.5\.2 step 4\): ICC dynamic data length/ },
  { name: 'DDA: hash algorithm 02', run: () => verifySignedDynamicApplicationData(iccKey, resign(iccPair, chain.sdad, (x) => { x[2] = 0x02; }, DDOL_DATA), DDOL_DATA), code: 'EMV_SIGNATURE_INVALID', message: /6\.5\.2 step 6\)/ },
  { name: 'DDA: other DDOL data', run: () => verifySignedDynamicApplicationData(iccKey, chain.sdad, fromHex('1A2B3C4E')), code: 'EMV_SIGNATURE_INVALID', message: /6\.5\.2 step 7\): hash result does not match/ },
  { name: 'DDA: ICC Dynamic Number of 1 byte', run: () => verifySignedDynamicApplicationData(iccKey, signDynamicApplicationData(iccPair, fromHex('0107'), DDOL_DATA), DDOL_DATA), code: 'EMV_SIGNATURE_INVALID', message: /ICC Dynamic Number length/ },
  { name: 'DDA: ICC Dynamic Number running past L_DD', run: () => verifySignedDynamicApplicationData(iccKey, signDynamicApplicationData(iccPair, fromHex('080102'), DDOL_DATA), DDOL_DATA), code: 'EMV_SIGNATURE_INVALID', message: /ICC Dynamic Number length/ },

  // CDA, Book 2 6.6.2.
  { name: 'CDA: wrong length', run: () => cda(chain.cdaSdad.subarray(1)), code: 'EMV_SIGNATURE_INVALID', message: /^CDA signature \(Book 2 6\.6\.2 step 1\)/ },
  { name: 'CDA: flipped byte', run: () => cda(flip(chain.cdaSdad, 127)), code: 'EMV_SIGNATURE_INVALID', message: /6\.6\.2 step [23]\)/ },
  { name: 'CDA: format 95', run: () => cda(resign(iccPair, chain.cdaSdad, (x) => { x[1] = 0x95; }, UN)), code: 'EMV_SIGNATURE_INVALID', message: /6\.6\.2 step 4\)/ },
  { name: 'CDA: DDA signature without Table 19 data', run: () => cda(chain.sdad, { unpredictableNumber: DDOL_DATA }), code: 'EMV_SIGNATURE_INVALID', message: /6\.6\.2 step 5\): ICC dynamic data is too short/ },
  { name: 'CDA: CID differs from the response', run: () => cda(chain.cdaSdad, { cryptogramInformationData: 0x40 }), code: 'EMV_SIGNATURE_INVALID', message: /6\.6\.2 step 6\): cryptogram information data differs/ },
  { name: 'CDA: other unpredictable number', run: () => cda(chain.cdaSdad, { unpredictableNumber: fromHex('01020305') }), code: 'EMV_SIGNATURE_INVALID', message: /6\.6\.2 step 9\): hash result does not match/ },
  { name: 'CDA: other transaction data (CDOL1 changed)', run: () => cda(chain.cdaSdad, { transactionDataHashCode: transactionDataHashCode(PDOL_DATA, flip(CDOL1_DATA, 0), GENAC_TLVS) }), code: 'EMV_SIGNATURE_INVALID', message: /6\.6\.2 step 12\): transaction data hash code does not match/ },
  { name: 'CDA: second GENERATE AC hash without CDOL2', run: () => cda(chain.cdaSdad, { transactionDataHashCode: transactionDataHashCode(PDOL_DATA, CDOL1_DATA, GENAC_TLVS, fromHex('3030')) }), code: 'EMV_SIGNATURE_INVALID', message: /6\.6\.2 step 12\)/ },
];

for (const row of ROWS) {
  test(row.name, () => {
    const error = assertEmvError(row.run, row.code);
    assert.match(error.message, row.message);
  });
}

test('no message carries key material', () => {
  const modulusHex = toHex(issuerKey.modulus).slice(0, 16);
  for (const row of ROWS) {
    try {
      row.run();
    } catch (error) {
      const text = String((error as Error).message).toUpperCase();
      assert.not.ok(text.includes(modulusHex), row.name);
      assert.not.ok(text.includes(toHex(iccKey.modulus).slice(0, 16)), row.name);
    }
  }
});

test('an ICC key longer than the issuer key cannot be certified (Book 2 6.1: N_IC <= N_I)', () => {
  const big = generateRsaKeyPair(1160);
  assertEmvError(() => issueIccPublicKeyCertificate(KART_TEST_ISSUER.keyPair, big.publicKey, {
    pan: PAN, expiry: { year: 2029, month: 1 }, serial: fromHex('000001'), staticData: STATIC_DATA,
  }), 'EMV_KEY_INVALID');
});

test.run();
