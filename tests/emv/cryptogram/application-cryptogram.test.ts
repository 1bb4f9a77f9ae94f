import * as assert from 'uvu/assert';
import { suite } from '../../support/suite.ts';
import {
  applicationCryptogram,
  arpcMethod1,
  cryptogramInputBytes,
  type CryptogramInput,
} from '../../../emv/cryptogram/application-cryptogram.ts';
import { desDecryptEcb } from '../../../emv/cryptogram/des.ts';
import { deriveCommonSessionKey, deriveIccMasterKey, deriveSessionKey } from '../../../emv/cryptogram/keys.ts';
import { retailMac } from '../../../emv/cryptogram/mac.ts';
import { fromHex, toHex } from '../../../emv/tlv/hex.ts';
import { assertEmvError } from '../assert-emv-error.ts';
import { keyCheckValue } from './key-check-value.ts';
import { optionBMasterKey } from './option-b-master-key.ts';
import { PYEMV_IMK, PYEMV_OPTION_A_1, PYEMV_OPTION_A_2, PYEMV_OPTION_B_ATC } from './vectors.ts';

const test = suite('emv/cryptogram/application-cryptogram');
const imk = fromHex(PYEMV_IMK);

/** The Table 28 data of the pyemv Option B vector as a CryptogramInput (its 7 IAD bytes stand in for the CVR). */
const PYEMV_INPUT: CryptogramInput = {
  amountAuthorised: fromHex('000000004000'),
  amountOther: fromHex('000000000000'),
  terminalCountryCode: fromHex('0124'),
  tvr: fromHex('8000048000'),
  transactionCurrencyCode: fromHex('0124'),
  transactionDate: fromHex('191105'),
  transactionType: 0x01,
  unpredictableNumber: fromHex('52BF4585'),
  aip: fromHex('1800'),
  atc: 0x001c,
  cvr: fromHex('06011203A0B800'),
};

function optionBSessionKey(): Uint8Array {
  const mk = optionBMasterKey(imk, PYEMV_OPTION_B_ATC.pan, PYEMV_OPTION_B_ATC.psn);
  return deriveSessionKey(mk, PYEMV_OPTION_B_ATC.atc);
}

test('input bytes follow Table 28 order: 9F02 9F03 9F1A 95 5F2A 9A 9C 9F37 82 9F36, then the CVR', () => {
  assert.is(toHex(cryptogramInputBytes(PYEMV_INPUT)), PYEMV_OPTION_B_ATC.data.replace(/ /g, ''));
});

test('ARQC over Table 28 data: pyemv Option B vector (SK 04F8 → 8CAD6F2489C640B1)', () => {
  const sk = optionBSessionKey();
  assert.is(keyCheckValue(sk), PYEMV_OPTION_B_ATC.skKcv);
  assert.is(toHex(applicationCryptogram(sk, PYEMV_INPUT)), PYEMV_OPTION_B_ATC.arqc);
});

test('AC over raw data: pyemv Option A vectors (EMV 80 padding)', () => {
  for (const v of [PYEMV_OPTION_A_1, PYEMV_OPTION_A_2]) {
    const sk = deriveCommonSessionKey(deriveIccMasterKey(imk, v.pan, v.psn), fromHex(v.r));
    assert.is(toHex(retailMac(sk, fromHex(v.data))), v.arqc, v.pan);
  }
});

test('ARPC Method 1: pyemv vectors under the MK and under the session key', () => {
  for (const v of [PYEMV_OPTION_A_1, PYEMV_OPTION_A_2]) {
    const mk = deriveIccMasterKey(imk, v.pan, v.psn);
    assert.is(toHex(arpcMethod1(mk, fromHex(v.arqc), fromHex(v.arc))), v.arpcWithMk, v.pan);
  }
  const v = PYEMV_OPTION_A_2;
  const sk = deriveCommonSessionKey(deriveIccMasterKey(imk, v.pan, v.psn), fromHex(v.r));
  assert.is(toHex(arpcMethod1(sk, fromHex(v.arqc), fromHex(v.arc))), v.arpcWithSk);
});

test('ARPC Method 1 by its definition: deciphering gives ARQC xor (ARC || 00 x 6); the ARC changes it', () => {
  const sk = optionBSessionKey();
  const arqc = fromHex(PYEMV_OPTION_B_ATC.arqc);
  const approve = arpcMethod1(sk, arqc, fromHex('3030'));
  const decline = arpcMethod1(sk, arqc, fromHex('3035'));
  assert.is.not(toHex(approve), toHex(decline));
  const y = desDecryptEcb(sk, approve);
  assert.equal(y, arqc.map((b, i) => b ^ (i === 0 || i === 1 ? 0x30 : 0)));
});

test('every field of the input changes the cryptogram', () => {
  const sk = optionBSessionKey();
  const base = toHex(applicationCryptogram(sk, PYEMV_INPUT));
  const bytesFields = ['amountAuthorised', 'amountOther', 'terminalCountryCode', 'tvr', 'transactionCurrencyCode', 'transactionDate', 'unpredictableNumber', 'aip', 'cvr'] as const;
  for (const name of bytesFields) {
    const changed = PYEMV_INPUT[name].slice();
    changed[changed.length - 1]! ^= 0x01;
    assert.is.not(toHex(applicationCryptogram(sk, { ...PYEMV_INPUT, [name]: changed })), base, name);
  }
  assert.is.not(toHex(applicationCryptogram(sk, { ...PYEMV_INPUT, transactionType: 0x00 })), base);
  assert.is.not(toHex(applicationCryptogram(sk, { ...PYEMV_INPUT, atc: 0x001d })), base);
});

test('wrong lengths and ranges are typed errors', () => {
  const sk = optionBSessionKey();
  const lengths = { amountAuthorised: 6, amountOther: 6, terminalCountryCode: 2, tvr: 5, transactionCurrencyCode: 2, transactionDate: 3, unpredictableNumber: 4, aip: 2 } as const;
  for (const [name, length] of Object.entries(lengths)) {
    for (const wrong of [length - 1, length + 1]) {
      assertEmvError(() => cryptogramInputBytes({ ...PYEMV_INPUT, [name]: new Uint8Array(wrong) }), 'EMV_FORMAT_INVALID');
    }
  }
  for (const transactionType of [-1, 256, 1.5]) {
    assertEmvError(() => cryptogramInputBytes({ ...PYEMV_INPUT, transactionType }), 'EMV_FORMAT_INVALID');
  }
  for (const atc of [-1, 0x10000]) assertEmvError(() => cryptogramInputBytes({ ...PYEMV_INPUT, atc }), 'EMV_FORMAT_INVALID');
  assertEmvError(() => cryptogramInputBytes({ ...PYEMV_INPUT, cvr: new Uint8Array(33) }), 'EMV_FORMAT_INVALID');
  assertEmvError(() => applicationCryptogram(new Uint8Array(8), PYEMV_INPUT), 'EMV_KEY_INVALID');
  assertEmvError(() => arpcMethod1(sk, new Uint8Array(7), fromHex('3030')), 'EMV_CRYPTOGRAM_INVALID');
  assertEmvError(() => arpcMethod1(sk, new Uint8Array(8), fromHex('30')), 'EMV_FORMAT_INVALID');
  assertEmvError(() => arpcMethod1(new Uint8Array(16 + 1), new Uint8Array(8), fromHex('3030')), 'EMV_KEY_INVALID');
});

test.run();
