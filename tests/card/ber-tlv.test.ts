import * as assert from 'uvu/assert';
import { berTlv } from '../../card/ber-tlv.ts';
import { suite } from '../support/suite.ts';
import { bytes, hex } from './hex.ts';

const test = suite('card/ber-tlv');

test('one-, two- and three-byte tags', () => {
  assert.is(hex(berTlv(0x5a, bytes('1234'))), '5A021234');
  assert.is(hex(berTlv(0x9f36, bytes('0001'))), '9F36020001');
  assert.is(hex(berTlv(0xdf8101, bytes('AA'))), 'DF810101AA');
});

test('short and long length forms at their boundaries', () => {
  assert.is(hex(berTlv(0x70, new Uint8Array(127))).slice(0, 4), '707F');
  assert.is(hex(berTlv(0x70, new Uint8Array(128))).slice(0, 6), '708180');
  assert.is(hex(berTlv(0x70, new Uint8Array(255))).slice(0, 6), '7081FF');
  assert.is(hex(berTlv(0x70, new Uint8Array(256))).slice(0, 8), '70820100');
});

test('constructed values concatenate their children', () => {
  assert.is(hex(berTlv(0x6f, berTlv(0x84, bytes('A0')), berTlv(0xa5))), '6F058401A0A500');
});

test.run();
