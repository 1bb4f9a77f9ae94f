import * as assert from 'uvu/assert';
import { bidiClass, hasRightToLeft } from '../../../../terminal/print/arabic/bidi-class.ts';
import { suite } from '../../../support/suite.ts';

const test = suite('terminal/print/arabic/bidi-class');

// Expected values from UnicodeData.txt field 4.
const cases: [number, string][] = [
  [0x41, 'L'], [0x31, 'EN'], [0x2b, 'ES'], [0x2d, 'ES'], [0x25, 'ET'], [0x24, 'ET'], [0x2e, 'CS'], [0x3a, 'CS'],
  [0x20, 'WS'], [0x09, 'S'], [0x0a, 'B'], [0x28, 'ON'], [0x0627, 'AL'], [0x0661, 'AN'], [0x066a, 'ET'],
  [0x060c, 'CS'], [0x064e, 'NSM'], [0x06f5, 'EN'], [0x05d0, 'R'], [0xfe8d, 'AL'], [0xfefb, 'AL'], [0x200f, 'R'],
  [0x200e, 'L'], [0x061c, 'AL'], [0x00d7, 'ON'], [0x00e9, 'L'], [0x00a0, 'CS'], [0x20ac, 'ET'], [0x2014, 'ON'],
];

for (const [cp, expected] of cases) {
  test(`U+${cp.toString(16).padStart(4, '0')} is ${expected}`, () => assert.is(bidiClass(cp), expected));
}

test('hasRightToLeft: Arabic letters and presentation forms count, digits do not', () => {
  assert.ok(hasRightToLeft('Total خبز'));
  assert.ok(hasRightToLeft('\ufefb'));
  assert.not.ok(hasRightToLeft('EGP ١٢ 5'));
});

test.run();
