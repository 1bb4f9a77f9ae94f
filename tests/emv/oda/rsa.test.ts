import * as assert from 'uvu/assert';
import { createHash } from 'node:crypto';
import { suite } from '../../support/suite.ts';
import {
  decodeRsaKeyPair,
  encodeRsaKeyPair,
  generateRsaKeyPair,
  rsaPrivate,
  rsaPublic,
} from '../../../emv/oda/rsa.ts';
import { findCaPublicKey, type CaPublicKey } from '../../../emv/oda/ca-keys.ts';
import { KART_TEST_CA, KART_TEST_ISSUER, KART_TEST_RID } from '../../../emv/oda/test-keys.ts';
import * as oda from '../../../emv/oda/index.ts';
import { fromHex, toHex } from '../../../emv/tlv/hex.ts';
import { assertEmvError } from '../assert-emv-error.ts';
import { iccKeyPair } from './oda-fixture.ts';

const test = suite('emv/oda/rsa');

const icc = iccKeyPair();
const n = icc.publicKey.modulus.length;

test('generateRsaKeyPair: exponent 3 by default, 65537 on request, modulus of the asked size with its top bit set', () => {
  assert.is(n, 128);
  assert.is(toHex(icc.publicKey.exponent), '03');
  assert.ok((icc.publicKey.modulus[0] ?? 0) >= 0x80);
  assert.is(icc.privateKey.modulusLength, 1024);
  const f4 = generateRsaKeyPair(512, 65537);
  assert.is(toHex(f4.publicKey.exponent), '010001');
  assert.is(f4.publicKey.modulus.length, 64);
});

test('generateRsaKeyPair: refuses sizes and exponents EMV does not allow', () => {
  for (const bits of [1001, 1020, 504, 1992, 0, 1024.5]) assertEmvError(() => generateRsaKeyPair(bits), 'EMV_KEY_INVALID');
  assertEmvError(() => generateRsaKeyPair(1024, 5 as 3), 'EMV_KEY_INVALID');
});

test('rsaPrivate then rsaPublic gives the block back (raw RSA, no padding)', () => {
  const block = new Uint8Array(n);
  block[0] = 0x6a;
  for (let i = 1; i < n; i++) block[i] = (i * 37) & 0xff;
  const signed = rsaPrivate(icc, block);
  assert.is(signed.length, n);
  assert.is.not(toHex(signed), toHex(block));
  assert.is(toHex(rsaPublic(icc.publicKey, signed)), toHex(block));
  // Small values survive too, and the output keeps the modulus length (leading zeros kept).
  const one = new Uint8Array(n);
  one[n - 1] = 1;
  assert.is(toHex(rsaPrivate(icc, one)), toHex(one));
  assert.is(toHex(rsaPublic(icc.publicKey, one)), toHex(one));
});

test('rsaPublic agrees with the textbook definition m^e mod n', () => {
  const block = new Uint8Array(n).fill(0x42);
  const m = BigInt('0x' + toHex(block));
  const mod = BigInt('0x' + toHex(icc.publicKey.modulus));
  const expected = (m * m * m) % mod;
  assert.is(toHex(rsaPublic(icc.publicKey, block)), expected.toString(16).toUpperCase().padStart(n * 2, '0'));
});

test('rsaPublic / rsaPrivate: wrong length or a block not below the modulus is EMV_KEY_INVALID', () => {
  assertEmvError(() => rsaPublic(icc.publicKey, new Uint8Array(n - 1)), 'EMV_KEY_INVALID');
  assertEmvError(() => rsaPublic(icc.publicKey, new Uint8Array(n + 1)), 'EMV_KEY_INVALID');
  assertEmvError(() => rsaPublic(icc.publicKey, icc.publicKey.modulus), 'EMV_KEY_INVALID');
  assertEmvError(() => rsaPublic(icc.publicKey, new Uint8Array(n).fill(0xff)), 'EMV_KEY_INVALID');
  assertEmvError(() => rsaPrivate(icc, icc.publicKey.modulus), 'EMV_KEY_INVALID');
  assertEmvError(() => rsaPrivate(icc, new Uint8Array(3)), 'EMV_KEY_INVALID');
});

test('rsaPublic: keys EMV does not allow are EMV_KEY_INVALID', () => {
  const block = new Uint8Array(n);
  const bad = (modulus: Uint8Array, exponent: Uint8Array) => () => rsaPublic({ modulus, exponent }, block.subarray(0, modulus.length));
  assertEmvError(bad(icc.publicKey.modulus, fromHex('05')), 'EMV_KEY_INVALID');
  assertEmvError(bad(icc.publicKey.modulus, fromHex('0003')), 'EMV_KEY_INVALID');
  assertEmvError(bad(icc.publicKey.modulus, new Uint8Array(0)), 'EMV_KEY_INVALID');
  assertEmvError(bad(new Uint8Array(63).fill(0xc1), fromHex('03')), 'EMV_KEY_INVALID');
  assertEmvError(bad(new Uint8Array(249).fill(0xc1), fromHex('03')), 'EMV_KEY_INVALID');
  assertEmvError(bad(flipTop(icc.publicKey.modulus), fromHex('03')), 'EMV_KEY_INVALID');
});

test('encodeRsaKeyPair / decodeRsaKeyPair round trip: same public key, same signatures', () => {
  const bytes = encodeRsaKeyPair(icc);
  assert.is(bytes[0], 0x30); // DER SEQUENCE (PKCS#1 RSAPrivateKey)
  const back = decodeRsaKeyPair(bytes);
  assert.is(toHex(back.publicKey.modulus), toHex(icc.publicKey.modulus));
  assert.is(toHex(back.publicKey.exponent), '03');
  const block = new Uint8Array(n).fill(0x11);
  assert.is(toHex(rsaPrivate(back, block)), toHex(rsaPrivate(icc, block)));
});

test('decodeRsaKeyPair: garbage, truncation and a non-RSA key are EMV_KEY_INVALID', () => {
  const bytes = encodeRsaKeyPair(icc);
  assertEmvError(() => decodeRsaKeyPair(new Uint8Array(0)), 'EMV_KEY_INVALID');
  assertEmvError(() => decodeRsaKeyPair(fromHex('3003020100')), 'EMV_KEY_INVALID');
  assertEmvError(() => decodeRsaKeyPair(bytes.subarray(0, bytes.length - 5)), 'EMV_KEY_INVALID');
  assertEmvError(() => decodeRsaKeyPair(new Uint8Array(600).fill(0x30)), 'EMV_KEY_INVALID');
});

test('the committed test keys: TEST ONLY, fictitious RID, CA 1408-bit index 99, issuer 1152-bit BIN 818888', () => {
  assert.is(toHex(KART_TEST_RID), 'A000000999');
  assert.is(KART_TEST_CA.index, 0x99);
  assert.is(KART_TEST_CA.publicKey.index, 0x99);
  assert.is(toHex(KART_TEST_CA.publicKey.rid), 'A000000999');
  assert.is(KART_TEST_CA.keyPair.publicKey.modulus.length * 8, 1408);
  assert.is(toHex(KART_TEST_CA.keyPair.publicKey.exponent), '03');
  assert.is(KART_TEST_ISSUER.keyPair.publicKey.modulus.length * 8, 1152);
  assert.is(toHex(KART_TEST_ISSUER.keyPair.publicKey.exponent), '03');
  assert.is(toHex(KART_TEST_ISSUER.issuerIdentifier), '818888FF');
  // The private halves match the public ones: a signature recovers.
  for (const pair of [KART_TEST_CA.keyPair, KART_TEST_ISSUER.keyPair]) {
    const block = new Uint8Array(pair.publicKey.modulus.length).fill(0x5a);
    assert.is(toHex(rsaPublic(pair.publicKey, rsaPrivate(pair, block))), toHex(block));
  }
  // The CA key's check value as a terminal's CA key list carries it (SHA-1 of RID, index, modulus, exponent; see
  // Book 2, Table 30): pinned, so the committed key cannot change unnoticed under terminals configured with it.
  const check = createHash('sha1').update(KART_TEST_RID).update(Uint8Array.of(0x99))
    .update(KART_TEST_CA.keyPair.publicKey.modulus).update(fromHex('03')).digest();
  assert.is(toHex(check), '4C9EB201427EF74A0ECC586B2A1A1D137E5D564F');
});

test('findCaPublicKey: by RID and index, undefined otherwise', () => {
  const other: CaPublicKey = { rid: fromHex('A000000003'), index: 0x99, key: icc.publicKey };
  const keys = [other, KART_TEST_CA.publicKey];
  assert.is(findCaPublicKey(keys, fromHex('A000000999'), 0x99), KART_TEST_CA.publicKey);
  assert.is(findCaPublicKey(keys, fromHex('A000000003'), 0x99), other);
  assert.is(findCaPublicKey(keys, fromHex('A000000999'), 0x98), undefined);
  assert.is(findCaPublicKey(keys, fromHex('A0000009'), 0x99), undefined);
  assert.is(findCaPublicKey([], KART_TEST_RID, 0x99), undefined);
});

test('index.ts re-exports the whole API', () => {
  for (const name of [
    'generateRsaKeyPair', 'rsaPublic', 'rsaPrivate', 'encodeRsaKeyPair', 'decodeRsaKeyPair', 'findCaPublicKey',
    'issueIssuerPublicKeyCertificate', 'issueIccPublicKeyCertificate', 'signStaticApplicationData',
    'signDynamicApplicationData', 'cdaIccDynamicData', 'transactionDataHashCode', 'recoverIssuerPublicKey',
    'recoverIccPublicKey', 'verifySignedStaticApplicationData', 'verifySignedDynamicApplicationData',
    'verifyCdaSignature', 'staticDataToAuthenticate',
  ]) {
    assert.type((oda as Record<string, unknown>)[name], 'function', name);
  }
  assert.is(oda.KART_TEST_CA, KART_TEST_CA);
});

function flipTop(modulus: Uint8Array): Uint8Array {
  const out = modulus.slice();
  out[0] = (out[0] ?? 0) & 0x7f;
  return out;
}

test.run();
