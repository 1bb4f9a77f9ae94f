import * as assert from 'uvu/assert';
import { inspect } from 'node:util';
import { suite } from '../../support/suite.ts';
import { PinBlock } from '../../../terminal/hal/pin-block.ts';

const test = suite('terminal/hal/pin-block', { timeoutMs: 5000 });

test('ISO 9564 format 2 bytes', () => {
  assert.equal([...PinBlock.fromDigits('1234').bytes()], [0x24, 0x12, 0x34, 0xff, 0xff, 0xff, 0xff, 0xff]);
  assert.equal([...PinBlock.fromDigits('123456789012').bytes()], [0x2c, 0x12, 0x34, 0x56, 0x78, 0x90, 0x12, 0xff]);
  assert.is(PinBlock.fromDigits('98765').length, 5);
});

test('never shows its digits', () => {
  const block = PinBlock.fromDigits('4711');
  for (const shown of [String(block), `${block}`, JSON.stringify({ block }), inspect(block), inspect({ block }, { depth: 5 })]) {
    assert.not.match(shown, /4711|47|11/);
    assert.match(shown, /\[PIN block\]/);
  }
});

test('bytes() is a copy', () => {
  const block = PinBlock.fromDigits('1234');
  block.bytes().fill(0);
  assert.is(block.bytes()[0], 0x24);
});

test('refuses a malformed PIN without naming it', () => {
  for (const bad of ['123', '1234567890123', '12a4', '']) {
    try {
      PinBlock.fromDigits(bad);
      assert.unreachable(`accepted ${bad.length} chars`);
    } catch (error) {
      assert.is((error as { code?: string }).code, 'EMV_FORMAT_INVALID');
      if (bad) assert.not.ok((error as Error).message.includes(bad));
    }
  }
});

test.run();
