import * as assert from 'uvu/assert';
import { suite } from '../../support/suite.ts';
import * as TAGS from '../../../emv/tlv/tags.ts';
import { EMV_TAGS } from '../../../emv/tlv/tag-names.ts';

const test = suite('emv/tlv/tags');

test('every constant carries its own hex in its name', () => {
  const wrong = Object.entries(TAGS)
    .filter(([name, tag]) => name.split('_')[1] !== tag.toString(16).toUpperCase())
    .map(([name]) => name);
  assert.equal(wrong, []);
});

test('every constant is in the dictionary, and the dictionary has no tag without a constant', () => {
  const constants = new Set<number>(Object.values(TAGS));
  assert.equal([...constants].filter((tag) => !EMV_TAGS.has(tag)), []);
  assert.equal([...EMV_TAGS.keys()].filter((tag) => !constants.has(tag)), []);
  assert.is(constants.size, Object.keys(TAGS).length, 'two constants share a tag');
});

test('spot values', () => {
  assert.is(TAGS.TAG_9F1B_TERMINAL_FLOOR_LIMIT, 0x9f1b);
  assert.is(TAGS.TAG_BF0C_FCI_ISSUER_DISCRETIONARY_DATA, 0xbf0c);
  assert.is(TAGS.TAG_5A_PAN, 0x5a);
});

test.run();
