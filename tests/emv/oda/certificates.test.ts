import * as assert from 'uvu/assert';
import { createHash } from 'node:crypto';
import { suite } from '../../support/suite.ts';
import {
  cdaIccDynamicData,
  issueIccPublicKeyCertificate,
  issueIssuerPublicKeyCertificate,
  signDynamicApplicationData,
  signStaticApplicationData,
  transactionDataHashCode,
} from '../../../emv/oda/certificates.ts';
import { rsaPublic } from '../../../emv/oda/rsa.ts';
import { KART_TEST_CA, KART_TEST_ISSUER } from '../../../emv/oda/test-keys.ts';
import { fromHex, toHex } from '../../../emv/tlv/hex.ts';
import { assertEmvError } from '../assert-emv-error.ts';
import {
  AC, CDOL1_DATA, CID_ARQC, DAC, DDOL_DATA, GENAC_TLVS, IDN, PAN, PDOL_DATA, STATIC_DATA, UN, buildChain, concat, iccKeyPair,
} from './oda-fixture.ts';

const test = suite('emv/oda/certificates');

const chain = buildChain();
const ca = KART_TEST_CA.keyPair;
const issuer = KART_TEST_ISSUER.keyPair;
const icc = iccKeyPair();
const sha1 = (...parts: Uint8Array[]): string => {
  const hash = createHash('sha1');
  for (const part of parts) hash.update(part);
  return hash.digest('hex').toUpperCase();
};
const bb = (count: number): string => 'BB'.repeat(count);

test('issuer certificate: Book 2 Table 6 field by field, hash over fields, remainder and exponent', () => {
  const x = rsaPublic(ca.publicKey, chain.issuerCert.certificate);
  const n = 176;
  // 6A | 02 | 818888FF | MMYY 1230 | serial 000017 | SHA-1 01 | RSA 01 | N_I 90 | exponent length 01
  assert.is(toHex(x.subarray(0, 15)), '6A02818888FF1230000017010190' + '01');
  assert.is(toHex(x.subarray(15, 155)), toHex(issuer.publicKey.modulus.subarray(0, 140)));
  assert.is(toHex(chain.issuerCert.remainder), toHex(issuer.publicKey.modulus.subarray(140)));
  assert.is(toHex(chain.issuerCert.exponent), '03');
  assert.is(toHex(x.subarray(155, 175)), sha1(x.subarray(1, 155), chain.issuerCert.remainder, chain.issuerCert.exponent));
  assert.is(x[n - 1], 0xbc);
});

test('issuer certificate: a key shorter than N_CA - 36 is padded with BB and has no remainder', () => {
  const small = { modulus: new Uint8Array(100).fill(0xc5), exponent: fromHex('03') };
  const parts = issueIssuerPublicKeyCertificate(ca, small, {
    issuerIdentifier: fromHex('818888FF'), expiry: { year: 2031, month: 1 }, serial: fromHex('ABCDEF'),
  });
  assert.is(parts.remainder.length, 0);
  const x = rsaPublic(ca.publicKey, parts.certificate);
  assert.is(toHex(x.subarray(6, 15)), '0131ABCDEF01016401');
  assert.is(toHex(x.subarray(15, 155)), toHex(small.modulus) + bb(40));
});

test('ICC certificate: Book 2 Table 14, PAN padded with F, hash over fields, remainder, exponent and static data', () => {
  const x = rsaPublic(issuer.publicKey, chain.iccCert.certificate);
  // 6A | 04 | PAN cn 10 | MMYY 0629 | serial 000001 | 01 | 01 | N_IC 80 | 01
  assert.is(toHex(x.subarray(0, 21)), '6A04' + '8188881234567890FFFF' + '0629' + '000001' + '01' + '01' + '80' + '01');
  assert.is(toHex(x.subarray(21, 123)), toHex(icc.publicKey.modulus.subarray(0, 102)));
  assert.is(toHex(chain.iccCert.remainder), toHex(icc.publicKey.modulus.subarray(102)));
  assert.is(toHex(x.subarray(123, 143)), sha1(x.subarray(1, 123), chain.iccCert.remainder, fromHex('03'), STATIC_DATA));
  assert.is(x[143], 0xbc);
});

test('ICC certificate: an odd-length PAN ends in F', () => {
  const parts = issueIccPublicKeyCertificate(issuer, icc.publicKey, {
    pan: '81888812345678901', expiry: { year: 2029, month: 6 }, serial: fromHex('000002'), staticData: STATIC_DATA,
  });
  assert.is(toHex(rsaPublic(issuer.publicKey, parts.certificate).subarray(2, 12)), '81888812345678901FFF');
});

test('signed static application data: Book 2 Table 7 (03, 01, DAC, BB padding, hash)', () => {
  const x = rsaPublic(issuer.publicKey, chain.ssad);
  assert.is(toHex(x.subarray(0, 123)), '6A0301' + toHex(DAC) + bb(144 - 26));
  assert.is(toHex(x.subarray(123, 143)), sha1(x.subarray(1, 123), STATIC_DATA));
  assert.is(x[143], 0xbc);
});

test('signed dynamic application data: Book 2 Table 17 (05, 01, L_DD, data, BB padding, hash over DDOL data)', () => {
  const x = rsaPublic(icc.publicKey, chain.sdad);
  assert.is(toHex(x.subarray(0, 107)), '6A050109' + '08' + toHex(IDN) + bb(128 - 9 - 25));
  assert.is(toHex(x.subarray(107, 127)), sha1(x.subarray(1, 107), DDOL_DATA));
});

test('signed dynamic application data: L_DD up to N_IC - 25, one more is EMV_KEY_INVALID', () => {
  const full = new Uint8Array(128 - 25).fill(0x07);
  full[0] = 2;
  const x = rsaPublic(icc.publicKey, signDynamicApplicationData(icc, full, UN));
  assert.is(x[3], 103);
  assertEmvError(() => signDynamicApplicationData(icc, new Uint8Array(128 - 24), UN), 'EMV_KEY_INVALID');
});

test('CDA ICC dynamic data: Book 2 Table 19 layout inside the signature', () => {
  const data = cdaIccDynamicData({
    iccDynamicNumber: fromHex('A1B2'), cryptogramInformationData: 0x40, applicationCryptogram: AC,
    transactionDataHashCode: new Uint8Array(20).fill(0xee),
  });
  assert.is(toHex(data), '02A1B2' + '40' + toHex(AC) + 'EE'.repeat(20));
  const x = rsaPublic(icc.publicKey, chain.cdaSdad);
  assert.is(toHex(x.subarray(0, 4)), '6A050126'); // L_DD = 1 + 8 + 1 + 8 + 20 = 38
  assert.is(toHex(x.subarray(4, 4 + 38)), '08' + toHex(IDN) + '80' + toHex(AC) + toHex(chain.cdaTdhc));
  assert.is(toHex(x.subarray(107, 127)), sha1(x.subarray(1, 107), UN));
  assert.is(CID_ARQC, 0x80);
});

test('CDA ICC dynamic data: fields of the wrong size are EMV_CRYPTOGRAM_INVALID', () => {
  const ok = { iccDynamicNumber: IDN, cryptogramInformationData: 0x80, applicationCryptogram: AC, transactionDataHashCode: new Uint8Array(20) };
  for (const over of [
    { iccDynamicNumber: fromHex('01') }, { iccDynamicNumber: new Uint8Array(9) }, { cryptogramInformationData: 256 },
    { cryptogramInformationData: -1 }, { applicationCryptogram: new Uint8Array(7) }, { transactionDataHashCode: new Uint8Array(19) },
  ]) {
    assertEmvError(() => cdaIccDynamicData({ ...ok, ...over }), 'EMV_CRYPTOGRAM_INVALID');
  }
});

test('transaction data hash code: SHA-1 of PDOL data, CDOL1 data, CDOL2 data, then the response TLVs (Book 2 6.6.1)', () => {
  assert.is(toHex(transactionDataHashCode(PDOL_DATA, CDOL1_DATA, GENAC_TLVS)), sha1(PDOL_DATA, CDOL1_DATA, GENAC_TLVS));
  const cdol2 = fromHex('3030 0000000000');
  assert.is(toHex(transactionDataHashCode(PDOL_DATA, CDOL1_DATA, GENAC_TLVS, cdol2)), sha1(PDOL_DATA, CDOL1_DATA, cdol2, GENAC_TLVS));
  // Known answer: SHA-1("abc") split across the parts.
  assert.is(toHex(transactionDataHashCode(fromHex('61'), fromHex('62'), fromHex('63'))), 'A9993E364706816ABA3E25717850C26C9CD0D89D');
});

test('issuing: fields of the wrong size and keys EMV does not allow are refused', () => {
  const fields = { issuerIdentifier: fromHex('818888FF'), expiry: { year: 2030, month: 12 }, serial: fromHex('000001') };
  assertEmvError(() => issueIssuerPublicKeyCertificate(ca, issuer.publicKey, { ...fields, issuerIdentifier: fromHex('818888') }), 'EMV_CERTIFICATE_INVALID');
  assertEmvError(() => issueIssuerPublicKeyCertificate(ca, issuer.publicKey, { ...fields, serial: fromHex('0001') }), 'EMV_CERTIFICATE_INVALID');
  assertEmvError(() => issueIssuerPublicKeyCertificate(ca, issuer.publicKey, { ...fields, expiry: { year: 2030, month: 13 } }), 'EMV_CERTIFICATE_INVALID');
  assertEmvError(() => issueIssuerPublicKeyCertificate(ca, issuer.publicKey, { ...fields, expiry: { year: 2050, month: 1 } }), 'EMV_CERTIFICATE_INVALID');
  assertEmvError(() => issueIssuerPublicKeyCertificate(issuer, ca.publicKey, fields), 'EMV_KEY_INVALID');
  assertEmvError(() => issueIssuerPublicKeyCertificate(ca, { ...issuer.publicKey, exponent: fromHex('05') }, fields), 'EMV_KEY_INVALID');
  const iccFields = { pan: PAN, expiry: { year: 2029, month: 6 }, serial: fromHex('000001'), staticData: STATIC_DATA };
  assertEmvError(() => issueIccPublicKeyCertificate(issuer, icc.publicKey, { ...iccFields, pan: '8188 8812' }), 'EMV_CARD_DATA_INVALID');
  assertEmvError(() => issueIccPublicKeyCertificate(issuer, icc.publicKey, { ...iccFields, pan: '1'.repeat(20) }), 'EMV_CARD_DATA_INVALID');
  assertEmvError(() => issueIccPublicKeyCertificate(issuer, icc.publicKey, { ...iccFields, pan: '' }), 'EMV_CARD_DATA_INVALID');
  assertEmvError(() => signStaticApplicationData(issuer, fromHex('DAC1DA'), STATIC_DATA), 'EMV_SIGNATURE_INVALID');
});

test('signatures are deterministic (raw RSA, no randomness): same input, same bytes', () => {
  assert.is(toHex(signStaticApplicationData(issuer, DAC, STATIC_DATA)), toHex(chain.ssad));
  assert.is(toHex(signDynamicApplicationData(icc, concat(fromHex('08'), IDN), DDOL_DATA)), toHex(chain.sdad));
});

test.run();
