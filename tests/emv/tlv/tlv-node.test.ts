import * as assert from 'uvu/assert';
import { suite } from '../../support/suite.ts';
import { firstTagByte, isConstructedTag } from '../../../emv/tlv/tlv-node.ts';

const test = suite('emv/tlv/tlv-node');

test('isConstructedTag reads b6 of the first tag byte', () => {
  const table: [number, boolean][] = [
    [0x6f, true],
    [0x70, true],
    [0x77, true],
    [0xa5, true],
    [0xbf0c, true],
    [0xff8101, true],
    [0x5a, false],
    [0x80, false],
    [0x9f1b, false],
    [0x5f2d, false],
    [0xdf8101, false],
  ];
  for (const [tag, expected] of table) assert.is(isConstructedTag(tag), expected, tag.toString(16));
});

test('firstTagByte', () => {
  assert.is(firstTagByte(0x5a), 0x5a);
  assert.is(firstTagByte(0x9f1b), 0x9f);
  assert.is(firstTagByte(0xdf8101), 0xdf);
  assert.is(firstTagByte(0xff818181), 0xff);
});

test.run();
