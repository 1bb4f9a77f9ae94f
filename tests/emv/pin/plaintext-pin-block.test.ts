import * as assert from 'uvu/assert';
import { suite } from '../../support/suite.ts';
import { buildPlaintextPinBlock } from '../../../emv/pin/plaintext-pin-block.ts';

const test = suite('emv/pin/plaintext-pin-block');
const hex = (b: Uint8Array): string => Buffer.from(b).toString('hex').toUpperCase();

test('EMV Book 3 Table 24 layout: 2N, BCD digits, F filler', () => {
  assert.is(hex(buildPlaintextPinBlock('1234')), '241234FFFFFFFFFF');
  assert.is(hex(buildPlaintextPinBlock('98765')), '2598765FFFFFFFFF');
  assert.is(hex(buildPlaintextPinBlock('123456789012')), '2C123456789012FF');
});

test('a PIN that is not 4 to 12 digits is EMV_FORMAT_INVALID, and the message does not echo it', () => {
  for (const bad of ['123', '1234567890123', '12a4', '']) {
    try {
      buildPlaintextPinBlock(bad);
      assert.unreachable(`accepted ${JSON.stringify(bad)}`);
    } catch (error) {
      assert.is((error as { code?: string }).code, 'EMV_FORMAT_INVALID');
      if (bad) assert.not.match((error as Error).message, bad);
    }
  }
});

test.run();
