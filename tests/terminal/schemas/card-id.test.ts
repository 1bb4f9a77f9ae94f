import * as assert from 'uvu/assert';
import { idFromHex, idToHex } from '../../../terminal/schemas/card-id.ts';
import { suite } from '../../support/suite.ts';

const test = suite('terminal/schemas/card-id');

test('ids round-trip through 16 hex digits', () => {
  const id = idFromHex('5078030000000017');
  assert.equal(id, Uint8Array.of(0x50, 0x78, 0x03, 0, 0, 0, 0, 0x17));
  assert.is(idToHex(id), '5078030000000017');
  assert.is(idToHex(idFromHex('ABCDEF0123456789')), 'abcdef0123456789');
});

test('anything but 16 hex digits is refused', () => {
  for (const bad of ['', '507803000000001', '50780300000000170', '507803000000001g']) {
    assert.throws(() => idFromHex(bad), RangeError, bad);
  }
});

test.run();
