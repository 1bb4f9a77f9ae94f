import * as assert from 'uvu/assert';
import { suite } from '../../support/suite.ts';
import { fromHex, tagToHex, toHex } from '../../../emv/tlv/hex.ts';
import { assertEmvError } from '../assert-emv-error.ts';

const test = suite('emv/tlv/hex');

test('toHex is uppercase with leading zeros', () => {
  assert.is(toHex(Uint8Array.of(0x00, 0x0a, 0x9f, 0xff)), '000A9FFF');
  assert.is(toHex(new Uint8Array()), '');
});

test('fromHex ignores whitespace and accepts either case', () => {
  assert.equal([...fromHex('9f 1b\n0a')], [0x9f, 0x1b, 0x0a]);
});

test('fromHex rejects odd lengths and non-hex', () => {
  assertEmvError(() => fromHex('ABC'), 'EMV_FORMAT_INVALID');
  assertEmvError(() => fromHex('GG'), 'EMV_FORMAT_INVALID');
});

test('tagToHex pads to whole bytes', () => {
  assert.is(tagToHex(0x5a), '5A');
  assert.is(tagToHex(0x9f1b), '9F1B');
  assert.is(tagToHex(0x1), '01');
  assert.is(tagToHex(0xdf818101), 'DF818101');
});

test.run();
