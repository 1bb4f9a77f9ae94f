import * as assert from 'uvu/assert';
import { suite } from '../../support/suite.ts';
import { desEncryptEcb, withOddParity } from '../../../emv/cryptogram/des.ts';
import { deriveCommonSessionKey, deriveIccMasterKey, deriveSessionKey } from '../../../emv/cryptogram/keys.ts';
import { fromHex } from '../../../emv/tlv/hex.ts';
import { assertEmvError } from '../assert-emv-error.ts';
import { keyCheckValue } from './key-check-value.ts';
import { optionBMasterKey } from './option-b-master-key.ts';
import { PYEMV_IMK, PYEMV_IMK_KCV, PYEMV_OPTION_A_1, PYEMV_OPTION_A_2, PYEMV_OPTION_B_ATC } from './vectors.ts';

const test = suite('emv/cryptogram/keys');
const imk = fromHex(PYEMV_IMK);

test('the pyemv issuer master key has check value 08D7', () => {
  assert.is(keyCheckValue(imk), PYEMV_IMK_KCV);
});

test('ICC master key, Option A: pyemv vectors (16- and 17-digit PAN, PSN 45)', () => {
  for (const v of [PYEMV_OPTION_A_1, PYEMV_OPTION_A_2]) {
    assert.is(keyCheckValue(deriveIccMasterKey(imk, v.pan, v.psn)), v.mkKcv, v.pan);
  }
});

test('ICC master key, Option A by its definition: Y = rightmost 16 digits of PAN || PSN, ZL || ZR, odd parity', () => {
  const pan = '4761739001010119';
  const y = fromHex('6173900101011901'); // rightmost 16 of 476173900101011901
  const z = new Uint8Array([...desEncryptEcb(imk, y), ...desEncryptEcb(imk, y.map((b) => b ^ 0xff))]);
  assert.equal(deriveIccMasterKey(imk, pan, 1), withOddParity(z));
  // A short PAN || PSN is left-padded with zeros: 12 digits + 2 → '00' || 14 digits.
  const short = fromHex('0012345678901207');
  const zs = new Uint8Array([...desEncryptEcb(imk, short), ...desEncryptEcb(imk, short.map((b) => b ^ 0xff))]);
  assert.equal(deriveIccMasterKey(imk, '123456789012', 7), withOddParity(zs));
});

test('ICC master key is parity adjusted and differs per PAN and per PSN', () => {
  const a = deriveIccMasterKey(imk, '4761739001010119', 0);
  for (const b of a) {
    let ones = 0;
    for (let v = b; v; v >>= 1) ones += v & 1;
    assert.is(ones % 2, 1);
  }
  assert.not.equal(a, deriveIccMasterKey(imk, '4761739001010119', 1));
  assert.not.equal(a, deriveIccMasterKey(imk, '4761739001010127', 0));
});

test('common session key with an arbitrary R: pyemv vectors (check values 0995, DF82)', () => {
  for (const v of [PYEMV_OPTION_A_1, PYEMV_OPTION_A_2]) {
    const sk = deriveCommonSessionKey(deriveIccMasterKey(imk, v.pan, v.psn), fromHex(v.r));
    assert.is(keyCheckValue(sk), v.skKcv, v.pan);
  }
});

test('session key from the ATC: pyemv Option B vector (MK DD73, ATC 001C → SK 04F8)', () => {
  const v = PYEMV_OPTION_B_ATC;
  const mk = optionBMasterKey(imk, v.pan, v.psn);
  assert.is(keyCheckValue(mk), v.mkKcv);
  assert.is(keyCheckValue(deriveSessionKey(mk, v.atc)), v.skKcv);
});

test('session key is the common derivation with R = ATC || 00 x 6, F0 and 0F in byte 3', () => {
  const mk = deriveIccMasterKey(imk, PYEMV_OPTION_A_1.pan, PYEMV_OPTION_A_1.psn);
  for (const atc of [0, 1, 0x1c, 0x1234, 0xffff]) {
    const r = new Uint8Array([atc >> 8, atc & 0xff, 0, 0, 0, 0, 0, 0]);
    const sk = deriveSessionKey(mk, atc);
    assert.equal(sk, deriveCommonSessionKey(mk, r));
    const f1 = r.slice();
    f1[2] = 0xf0;
    const f2 = r.slice();
    f2[2] = 0x0f;
    assert.equal(sk, new Uint8Array([...desEncryptEcb(mk, f1), ...desEncryptEcb(mk, f2)]));
  }
  assert.not.equal(deriveSessionKey(mk, 1), deriveSessionKey(mk, 2));
});

test('bad keys, PANs, PSNs and ATCs are typed errors', () => {
  assertEmvError(() => deriveIccMasterKey(new Uint8Array(8), '4761739001010119', 0), 'EMV_KEY_INVALID');
  assertEmvError(() => deriveIccMasterKey(new Uint8Array(24), '4761739001010119', 0), 'EMV_KEY_INVALID');
  for (const pan of ['', '12345678901', '12345678901234567890', '47617390010101 9', '4761739001010A19']) {
    assertEmvError(() => deriveIccMasterKey(imk, pan, 0), 'EMV_FORMAT_INVALID');
  }
  for (const psn of [-1, 100, 1.5, Number.NaN]) {
    assertEmvError(() => deriveIccMasterKey(imk, '4761739001010119', psn), 'EMV_FORMAT_INVALID');
  }
  const mk = deriveIccMasterKey(imk, '4761739001010119', 0);
  assertEmvError(() => deriveSessionKey(new Uint8Array(15), 1), 'EMV_KEY_INVALID');
  for (const atc of [-1, 0x10000, 2.5, Number.NaN]) assertEmvError(() => deriveSessionKey(mk, atc), 'EMV_FORMAT_INVALID');
  assertEmvError(() => deriveCommonSessionKey(mk, new Uint8Array(7)), 'EMV_FORMAT_INVALID');
});

test('derivation does not modify its inputs', () => {
  const key = imk.slice();
  const mk = deriveIccMasterKey(key, '4761739001010119', 0);
  const mkCopy = mk.slice();
  deriveSessionKey(mk, 5);
  assert.equal(key, imk);
  assert.equal(mk, mkCopy);
});

test.run();
