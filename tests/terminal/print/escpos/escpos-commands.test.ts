import * as assert from 'uvu/assert';
import { EscPos } from '../../../../terminal/print/escpos/escpos-commands.ts';
import { suite } from '../../../support/suite.ts';

const test = suite('terminal/print/escpos/escpos-commands');

const hex = (b: Uint8Array): string => Buffer.from(b).toString('hex');

test('command bytes', () => {
  assert.is(hex(EscPos.initialize()), '1b40');
  assert.is(hex(EscPos.codePage(37)), '1b7425');
  assert.is(hex(EscPos.align('right')), '1b6102');
  assert.is(hex(EscPos.bold(true)), '1b4501');
  assert.is(hex(EscPos.size(2, 2)), '1d2111');
  assert.is(hex(EscPos.size(1, 3)), '1d2102');
  assert.is(hex(EscPos.feedLines(3)), '1b6403');
  assert.is(hex(EscPos.cut()), '1d564200');
  assert.is(hex(EscPos.statusQuery(4)), '100404');
});

test('raster GS v 0 with little-endian width (bytes) and height', () => {
  const image = { widthBytes: 2, height: 1, data: Uint8Array.of(0xf0, 0x0f) };
  assert.is(hex(EscPos.raster(image)), '1d7630000200' + '0100' + 'f00f');
  assert.throws(() => EscPos.raster({ widthBytes: 2, height: 2, data: Uint8Array.of(1) }), /size/);
});

test('out-of-range parameters throw instead of sending a wrong byte', () => {
  assert.throws(() => EscPos.codePage(256), RangeError);
  assert.throws(() => EscPos.size(9, 1), RangeError);
});

test.run();
