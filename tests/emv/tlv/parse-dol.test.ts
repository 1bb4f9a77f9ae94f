import * as assert from 'uvu/assert';
import { suite } from '../../support/suite.ts';
import { parseDol } from '../../../emv/tlv/parse-dol.ts';
import { fromHex } from '../../../emv/tlv/hex.ts';
import { assertEmvError } from '../assert-emv-error.ts';
import { CDOL1_HEX } from '../emv-examples.ts';

const test = suite('emv/tlv/parse-dol');

test('parses a CDOL1', () => {
  assert.equal(parseDol(fromHex(CDOL1_HEX)), [
    { tag: 0x9f02, length: 6 },
    { tag: 0x9f03, length: 6 },
    { tag: 0x9f1a, length: 2 },
    { tag: 0x95, length: 5 },
    { tag: 0x5f2a, length: 2 },
    { tag: 0x9a, length: 3 },
    { tag: 0x9c, length: 1 },
    { tag: 0x9f37, length: 4 },
  ]);
});

test('parses a PDOL with a three-byte tag and a zero length', () => {
  assert.equal(parseDol(fromHex('9F6604 DF810100 9F3704')), [
    { tag: 0x9f66, length: 4 },
    { tag: 0xdf8101, length: 0 },
    { tag: 0x9f37, length: 4 },
  ]);
});

test('an empty DOL has no entries', () => {
  assert.equal(parseDol(new Uint8Array()), []);
});

const errors: [string, string, number][] = [
  ['a truncated tag', '9F0206 9F', 3],
  ['a tag without a length', '9F0206 9F37', 5],
  ['a one-byte tag without a length', '95', 1],
  ['a 00 tag byte', '9F0206 00 04', 3],
  ['a tag of 5 bytes', '9F81818181 01', 0],
];
for (const [name, hex, offset] of errors) {
  test(`rejects ${name} with EMV_DOL_MALFORMED at byte ${offset}`, () => {
    assertEmvError(() => parseDol(fromHex(hex)), 'EMV_DOL_MALFORMED', offset);
  });
}

test.run();
