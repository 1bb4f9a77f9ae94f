import * as assert from 'uvu/assert';
import { plaintextPinBlock, readPlaintextPinBlock } from '../../card/plaintext-pin-block.ts';
import { suite } from '../support/suite.ts';
import { bytes, hex } from './hex.ts';

const test = suite('card/plaintext-pin-block');

test('builds EMV plaintext PIN blocks: control 2, length, BCD digits, filler F', () => {
  assert.is(hex(plaintextPinBlock('1234')), '241234FFFFFFFFFF');
  assert.is(hex(plaintextPinBlock('12345')), '2512345FFFFFFFFF');
  assert.is(hex(plaintextPinBlock('123456789012')), '2C123456789012FF');
});

test('reads back what it builds', () => {
  for (const pin of ['0000', '98765', '123456789012']) assert.is(readPlaintextPinBlock(plaintextPinBlock(pin)), pin);
});

test('refuses other shapes', () => {
  for (const block of ['141234FFFFFFFFFF', '231234FFFFFFFFFF', '2D123456789012FF', '24123AFFFFFFFFFF', '241234FFFFFFFF0F', '241234FFFFFFFF']) {
    assert.is(readPlaintextPinBlock(bytes(block)), undefined, block);
  }
  assert.throws(() => plaintextPinBlock('123'));
  assert.throws(() => plaintextPinBlock('1234567890123'));
});

test.run();
