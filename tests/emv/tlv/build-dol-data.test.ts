import * as assert from 'uvu/assert';
import { suite } from '../../support/suite.ts';
import { buildDolData } from '../../../emv/tlv/build-dol-data.ts';
import { parseDol } from '../../../emv/tlv/parse-dol.ts';
import { fromHex, toHex } from '../../../emv/tlv/hex.ts';
import { CDOL1_HEX } from '../emv-examples.ts';

const test = suite('emv/tlv/build-dol-data');

const terminal = new Map<number, Uint8Array>([
  [0x9f02, fromHex('000000001500')], // Amount, Authorised: 15.00
  [0x9f03, fromHex('000000000000')],
  [0x9f1a, fromHex('0818')], // Egypt
  [0x95, fromHex('0000008000')],
  [0x5f2a, fromHex('0818')], // EGP
  [0x9a, fromHex('250314')],
  [0x9c, fromHex('00')],
  [0x9f37, fromHex('1A2B3C4D')],
  [0x5a, fromHex('4761739001010010')],
  [0x9f4e, fromHex('4142')],
  [0x70, fromHex('5A0112')],
  [0xdf01, fromHex('0102')],
]);

test('builds CDOL1 data in DOL order', () => {
  const data = buildDolData(parseDol(fromHex(CDOL1_HEX)), terminal);
  assert.is(toHex(data), '000000001500' + '000000000000' + '0818' + '0000008000' + '0818' + '250314' + '00' + '1A2B3C4D');
});

const table: [string, string, string][] = [
  ['n longer than the DOL length loses its leftmost bytes', '9F0204', '00001500'],
  ['n shorter is padded with leading zeros', '9F0208', '0000000000001500'],
  ['cn shorter is padded with trailing FF', '5A0A', '4761739001010010FFFF'],
  ['cn longer loses its rightmost bytes', '5A04', '47617390'],
  ['b longer loses its rightmost bytes', '9F3702', '1A2B'],
  ['b shorter is padded with trailing zeros', '9F3706', '1A2B3C4D0000'],
  ['ans shorter is padded with trailing zeros', '9F4E06', '414200000000'],
  ['a data object the terminal lacks is zeros', '9F1B04', '00000000'],
  ['a constructed tag is zeros even when present', '7003', '000000'],
  ['an unknown proprietary tag follows the b rules', 'DF0103', '010200'],
  ['a zero length contributes nothing', '9C00 9A03', '250314'],
];
for (const [name, dol, expected] of table) {
  test(name, () => assert.is(toHex(buildDolData(parseDol(fromHex(dol)), terminal)), expected));
}

test('formatOf overrides the dictionary for proprietary tags', () => {
  const dol = parseDol(fromHex('DF0103'));
  assert.is(toHex(buildDolData(dol, terminal, { formatOf: (tag) => (tag === 0xdf01 ? 'n' : undefined) })), '000102');
  assert.is(toHex(buildDolData(dol, terminal, { formatOf: () => 'cn' })), '0102FF');
});

test('a function source is asked once per entry', () => {
  const asked: number[] = [];
  const data = buildDolData(parseDol(fromHex('9F3704 9C01')), (tag) => {
    asked.push(tag);
    return tag === 0x9f37 ? fromHex('CAFEBABE') : undefined;
  });
  assert.is(toHex(data), 'CAFEBABE00');
  assert.equal(asked, [0x9f37, 0x9c]);
});

test.run();
