import * as assert from 'uvu/assert';
import { suite } from '../../support/suite.ts';
import { desDecryptEcb, desEncryptCbc, desEncryptEcb, withOddParity } from '../../../emv/cryptogram/des.ts';
import { padMethod2, retailMac } from '../../../emv/cryptogram/mac.ts';
import { fromHex, toHex } from '../../../emv/tlv/hex.ts';
import { assertEmvError } from '../assert-emv-error.ts';
import { DES_VECTORS, RETAIL_MAC_PYEMV, TDES_SP800_67 } from './vectors.ts';

const test = suite('emv/cryptogram/mac');

test('single DES known answers (FIPS 81 example, Grabbe worked example), both directions', () => {
  for (const v of DES_VECTORS) {
    assert.is(toHex(desEncryptEcb(fromHex(v.key), fromHex(v.plain))), v.cipher);
    assert.is(toHex(desDecryptEcb(fromHex(v.key), fromHex(v.cipher))), v.plain);
  }
});

test('three-key Triple DES known answer (NIST SP 800-67 Rev. 1, Appendix B), ECB over three blocks', () => {
  const { key, plain, cipher } = TDES_SP800_67;
  assert.is(toHex(desEncryptEcb(fromHex(key), fromHex(plain))), cipher.replace(/ /g, ''));
  assert.is(toHex(desDecryptEcb(fromHex(key), fromHex(cipher))), plain.replace(/ /g, ''));
});

test('a double-length key is K1 K2 K1: the same as the three-key form with K3 = K1', () => {
  const k1 = '0123456789ABCDEF';
  const k2 = 'FEDCBA9876543210';
  const block = fromHex('1122334455667788');
  assert.equal(desEncryptEcb(fromHex(k1 + k2), block), desEncryptEcb(fromHex(k1 + k2 + k1), block));
  assert.not.equal(desEncryptEcb(fromHex(k1 + k2), block), desEncryptEcb(fromHex(k1), block));
});

test('CBC with zero IV chains: block 2 is E(P2 xor C1)', () => {
  const key = fromHex(DES_VECTORS[0].key);
  const plain = fromHex('4E6F772069732074 68652074696D6520');
  const cbc = desEncryptCbc(key, plain);
  const c1 = desEncryptEcb(key, plain.subarray(0, 8));
  const x = plain.slice(8).map((b, i) => b ^ c1[i]!);
  assert.equal(cbc.subarray(0, 8), c1);
  assert.equal(cbc.subarray(8), desEncryptEcb(key, x));
});

test('odd parity: every byte gets an odd number of set bits, high seven bits kept', () => {
  const all = Uint8Array.from({ length: 256 }, (_, i) => i);
  const fixed = withOddParity(all);
  fixed.forEach((b, i) => {
    let ones = 0;
    for (let v = b; v; v >>= 1) ones += v & 1;
    assert.is(ones % 2, 1, `byte ${i}`);
    assert.is(b & 0xfe, i & 0xfe);
  });
});

test('padding method 2: 80 then zeros, a whole block added to a multiple of 8', () => {
  assert.is(toHex(padMethod2(new Uint8Array(0))), '8000000000000000');
  assert.is(toHex(padMethod2(fromHex('AABBCC'))), 'AABBCC8000000000');
  assert.is(toHex(padMethod2(fromHex('0102030405060708'))), '01020304050607088000000000000000');
  for (let n = 0; n < 24; n++) {
    const p = padMethod2(new Uint8Array(n).fill(0x46));
    assert.is(p.length, (Math.floor(n / 8) + 1) * 8);
    assert.is(p[n], 0x80);
    assert.ok(p.subarray(n + 1).every((b) => b === 0));
  }
});

test('retail MAC: pyemv ISO 9797-1 alg 3 / padding 2 vector', () => {
  const mac = retailMac(fromHex(RETAIL_MAC_PYEMV.key), new TextEncoder().encode(RETAIL_MAC_PYEMV.text));
  assert.is(toHex(mac), RETAIL_MAC_PYEMV.mac);
});

test('retail MAC equals its definition: single-DES CBC under KL, then D(KR), E(KL)', () => {
  const key = fromHex('0123456789ABCDEF FEDCBA9876543210');
  const data = new TextEncoder().encode('Now is the time for all ');
  const chained = desEncryptCbc(key.subarray(0, 8), padMethod2(data));
  const expected = desEncryptEcb(key.subarray(0, 8), desDecryptEcb(key.subarray(8), chained.subarray(-8)));
  assert.equal(retailMac(key, data), expected);
  // With KL = KR algorithm 3 collapses to algorithm 1 (the plain CBC-MAC).
  const same = fromHex('0123456789ABCDEF0123456789ABCDEF');
  assert.equal(retailMac(same, data), desEncryptCbc(same.subarray(0, 8), padMethod2(data)).subarray(-8));
});

test('retail MAC: one flipped bit anywhere changes the MAC; the input is not modified', () => {
  const key = fromHex(RETAIL_MAC_PYEMV.key);
  const data = fromHex('000000004000000000000000012480000480000124191105');
  const copy = data.slice();
  const base = toHex(retailMac(key, data));
  assert.equal(data, copy);
  for (let i = 0; i < data.length * 8; i++) {
    const flipped = data.slice();
    flipped[i >> 3]! ^= 0x80 >> (i & 7);
    assert.is.not(toHex(retailMac(key, flipped)), base, `bit ${i}`);
  }
});

test('keys of the wrong length are EMV_KEY_INVALID; partial blocks EMV_FORMAT_INVALID', () => {
  assertEmvError(() => retailMac(new Uint8Array(8), new Uint8Array(1)), 'EMV_KEY_INVALID');
  assertEmvError(() => retailMac(new Uint8Array(24), new Uint8Array(1)), 'EMV_KEY_INVALID');
  assertEmvError(() => desEncryptEcb(new Uint8Array(7), new Uint8Array(8)), 'EMV_KEY_INVALID');
  assertEmvError(() => desEncryptEcb(new Uint8Array(8), new Uint8Array(9)), 'EMV_FORMAT_INVALID');
  assertEmvError(() => desEncryptEcb(new Uint8Array(8), new Uint8Array(0)), 'EMV_FORMAT_INVALID');
});

test.run();
