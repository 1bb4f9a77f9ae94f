import * as assert from 'uvu/assert';
import { parseCommandApdu } from '../../card/command-apdu.ts';
import { suite } from '../support/suite.ts';
import { bytes, hex } from './hex.ts';

const test = suite('card/command-apdu');

const cases: Array<[string, string, { case: number; nc: number; ne: number; extended: boolean } | number]> = [
  ['case 1', '00A40400', { case: 1, nc: 0, ne: 0, extended: false }],
  ['case 2 short', '00B2010C1E', { case: 2, nc: 0, ne: 30, extended: false }],
  ['case 2 short, Le 00 = 256', '00B2010C00', { case: 2, nc: 0, ne: 256, extended: false }],
  ['case 3 short', '00A4040002AABB', { case: 3, nc: 2, ne: 0, extended: false }],
  ['case 4 short', '00A4040002AABB00', { case: 4, nc: 2, ne: 256, extended: false }],
  ['case 2 extended', '00B2010C000100', { case: 2, nc: 0, ne: 256, extended: true }],
  ['case 2 extended, Le 0000 = 65536', '00B2010C000000', { case: 2, nc: 0, ne: 65536, extended: true }],
  ['case 3 extended', '00A40400000002AABB', { case: 3, nc: 2, ne: 0, extended: true }],
  ['case 4 extended', '00A40400000002AABB0010', { case: 4, nc: 2, ne: 16, extended: true }],
  ['empty', '', 0x6700],
  ['3 bytes', '00A404', 0x6700],
  ['Lc longer than the data', '00A4040005AABB', 0x6700],
  ['Lc shorter than the data', '00A4040001AABBCC', 0x6700],
  ['extended Lc 0000', '00A4040000000000AA', 0x6700],
  ['6 bytes with B1 00', '00A404000000', 0x6700],
  ['extended Lc wrong', '00A40400000003AABB', 0x6700],
];

for (const [name, input, expected] of cases) {
  test(name, () => {
    const parsed = parseCommandApdu(bytes(input));
    if (typeof expected === 'number') {
      assert.equal(parsed, { ok: false, sw: expected });
      return;
    }
    assert.ok(parsed.ok, `${input} should parse`);
    if (!parsed.ok) return;
    assert.is(parsed.apdu.case, expected.case);
    assert.is(parsed.apdu.data.length, expected.nc);
    assert.is(parsed.apdu.ne, expected.ne);
    assert.is(parsed.apdu.extended, expected.extended);
  });
}

test('header and data are taken from the right places', () => {
  const parsed = parseCommandApdu(bytes('80CA9F3602AABB05'));
  assert.ok(parsed.ok);
  if (!parsed.ok) return;
  assert.equal([parsed.apdu.cla, parsed.apdu.ins, parsed.apdu.p1, parsed.apdu.p2], [0x80, 0xca, 0x9f, 0x36]);
  assert.is(hex(parsed.apdu.data), 'AABB');
  assert.is(parsed.apdu.ne, 5);
});

test('the parsed data is a copy: changing the input later does not change it', () => {
  const input = bytes('00A4040002AABB');
  const parsed = parseCommandApdu(input);
  input[5] = 0;
  assert.ok(parsed.ok && hex(parsed.apdu.data) === 'AABB');
});

test('extended lengths are refused with 6700 when the card does not support them', () => {
  assert.equal(parseCommandApdu(bytes('00B2010C000100'), { extendedLength: false }), { ok: false, sw: 0x6700 });
  assert.ok(parseCommandApdu(bytes('00B2010C00'), { extendedLength: false }).ok);
});

test.run();
