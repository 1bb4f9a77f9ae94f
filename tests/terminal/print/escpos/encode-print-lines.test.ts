import * as assert from 'uvu/assert';
import { encodePrintLines } from '../../../../terminal/print/escpos/encode-print-lines.ts';
import { printLine } from '../../../../terminal/print/escpos/print-line.ts';
import { suite } from '../../../support/suite.ts';

const test = suite('terminal/print/escpos/encode-print-lines');

const hex = (b: Uint8Array): string => Buffer.from(b).toString('hex');

test('style commands only where they change; Arabic in visual order through CP864', () => {
  const lines = [printLine('سكر 1 كجم', { align: 'right' }), printLine('Sugar', { align: 'right' }), printLine('x', { bold: true })];
  assert.is(
    hex(encodePrintLines(lines, { arabicCodePage: 22 })),
    // ESC @, ESC t 22, ESC a 2, MEEM iso (final), JEEM initial (medial), KAF initial, " 1 ", REH iso (final),
    // KAF initial (medial), SEEN initial, LF, "Sugar" LF, ESC a 0, ESC E 1, "x" LF, ESC d 3, GS V 66 0.
    '1b40' + '1b7416' + '1b6102' + 'efcce3' + '203120' + 'd1e3d3' + '0a' + '5375676172' + '0a' + '1b6100' + '1b4501' + '78' + '0a' + '1b6403' + '1d564200',
  );
});

test('ASCII printer: no code page, non-ASCII bytes never sent', () => {
  const bytes = encodePrintLines([printLine('Bread é')], {});
  assert.is(hex(bytes), '1b40' + Buffer.from('Bread ?').toString('hex') + '0a' + '1b6403' + '1d564200');
});

test.run();
