import * as assert from 'uvu/assert';
import { cp864Byte, decodeCp864, encodeCp864 } from '../../../../terminal/print/escpos/cp864.ts';
import { suite } from '../../../support/suite.ts';

const test = suite('terminal/print/escpos/cp864');

test('bytes from CP864.TXT: digits, punctuation, letters, ligatures', () => {
  const table: [number, number][] = [
    [0x0660, 0xb0], [0x0669, 0xb9], [0x060c, 0xac], [0x061f, 0xbf], [0xfe8d, 0xc7], [0xfe8e, 0xa8], [0xfe91, 0xc8],
    [0xfefb, 0x9d], [0xfefc, 0x9e], [0xfef7, 0x99], [0xfec9, 0xdf], [0xfeca, 0xc5], [0xfecb, 0xd9], [0xfecc, 0xec],
    [0x00d7, 0xde], [0x0640, 0xe0], [0x41, 0x41], [0x25, 0x25],
  ];
  for (const [cp, b] of table) assert.is(cp864Byte(cp), b, `U+${cp.toString(16)}`);
});

test('missing forms fall back: final → isolated, medial → initial', () => {
  assert.is(cp864Byte(0xfe90), 0xa9); // BEH final → BEH isolated
  assert.is(cp864Byte(0xfe92), 0xc8); // BEH medial → BEH initial
  assert.is(cp864Byte(0xfeaa), 0xcf); // DAL final → DAL isolated
  assert.is(cp864Byte(0xfec2), 0xd7); // TAH final → TAH isolated
  assert.is(cp864Byte(0xfec4), 0xd7); // TAH medial → TAH isolated (the only form)
  assert.is(cp864Byte(0xfe87), 0xc7); // ALEF WITH HAMZA BELOW → ALEF
  assert.is(cp864Byte(0xfef9), 0x9d); // LAM-ALEF-HAMZA-BELOW → LAM-ALEF
  assert.is(cp864Byte(0x05d0), undefined);
});

test('every presentation form of every letter U+0621–U+064A encodes to some byte', () => {
  for (let cp = 0xfe80; cp <= 0xfefc; cp++) assert.ok(cp864Byte(cp) !== undefined, `U+${cp.toString(16)}`);
});

test('encode replaces what CP864 lacks by ?, decode maps the upper half back', () => {
  assert.equal(Array.from(encodeCp864('A\ufefb€')), [0x41, 0x9d, 0x3f]);
  assert.is(decodeCp864(Uint8Array.of(0x31, 0xb1, 0x9d, 0xff, 0x25)), '1\u0661\ufefb\ufffd%');
});

test.run();
