import * as assert from 'uvu/assert';
import { suite } from '../../support/suite.ts';
import { concatBytes, encodeLength, encodeTag, encodeTlv } from '../../../emv/tlv/encode-tlv.ts';
import { decodeTlv } from '../../../emv/tlv/decode-tlv.ts';
import { fromHex, toHex } from '../../../emv/tlv/hex.ts';
import { assertEmvError } from '../assert-emv-error.ts';
import { GPO_FORMAT1_HEX, GPO_FORMAT2_HEX, PPSE_FCI_HEX, PSE_FCI_HEX, READ_RECORD_HEX } from '../emv-examples.ts';

const test = suite('emv/tlv/encode-tlv');
const hex = (h: string) => h.replace(/\s+/g, '');

test('encodeTag: 1, 2 and 3 byte tags', () => {
  assert.is(toHex(encodeTag(0x5a)), '5A');
  assert.is(toHex(encodeTag(0x9f1b)), '9F1B');
  assert.is(toHex(encodeTag(0xbf0c)), 'BF0C');
  assert.is(toHex(encodeTag(0x9f8101)), '9F8101');
  assert.is(toHex(encodeTag(0xdf818101)), 'DF818101');
});

for (const bad of [0, -1, 0x1f, 0x9f, 0x9f81, 0x5a01, 0x9f0181, 1.5, 0x1_0000_0000]) {
  test(`encodeTag rejects ${bad.toString(16)}`, () => assertEmvError(() => encodeTag(bad), 'EMV_TLV_MALFORMED'));
}

test('encodeLength: shortest definite form at every boundary', () => {
  const table: [number, string][] = [
    [0, '00'],
    [0x7f, '7F'],
    [0x80, '8180'],
    [0xff, '81FF'],
    [0x100, '820100'],
    [0xffff, '82FFFF'],
    [0x10000, '83010000'],
    [0xffffff, '83FFFFFF'],
    [0x1000000, '8401000000'],
    [0xffffffff, '84FFFFFFFF'],
  ];
  for (const [length, expected] of table) assert.is(toHex(encodeLength(length)), expected, String(length));
  assertEmvError(() => encodeLength(-1), 'EMV_TLV_MALFORMED');
  assertEmvError(() => encodeLength(0x1_0000_0000), 'EMV_TLV_MALFORMED');
});

test('encodes primitive and constructed nodes', () => {
  const bytes = encodeTlv([
    { tag: 0x9f1b, value: fromHex('00002710') },
    { tag: 0x77, value: new Uint8Array(), children: [{ tag: 0x82, value: fromHex('1980') }] },
  ]);
  assert.is(toHex(bytes), '9F1B0400002710770482021980');
});

test('a node with children is encoded from them, ignoring its stale value', () => {
  const bytes = encodeTlv({ tag: 0x70, value: fromHex('FFFF'), children: [{ tag: 0x5a, value: fromHex('12') }] });
  assert.is(toHex(bytes), '70035A0112');
});

test('children under a primitive tag are rejected', () => {
  assertEmvError(() => encodeTlv({ tag: 0x5a, value: new Uint8Array(), children: [] }), 'EMV_TLV_MALFORMED');
});

test('long values get a long-form length', () => {
  const bytes = encodeTlv({ tag: 0x90, value: new Uint8Array(300).fill(0xaa) });
  assert.is(toHex(bytes.subarray(0, 4)), '9082012C');
  assert.is(bytes.length, 304);
});

for (const [name, example] of Object.entries({ PSE_FCI_HEX, PPSE_FCI_HEX, GPO_FORMAT1_HEX, GPO_FORMAT2_HEX, READ_RECORD_HEX })) {
  test(`decode then encode reproduces ${name} byte for byte`, () => {
    assert.is(toHex(encodeTlv(decodeTlv(fromHex(example)))), hex(example));
  });
}

test('concatBytes joins in order', () => {
  assert.is(toHex(concatBytes([fromHex('01'), new Uint8Array(), fromHex('0203')])), '010203');
});

test.run();
