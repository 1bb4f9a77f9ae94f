import * as assert from 'uvu/assert';
import { printLine } from '../../../../terminal/print/escpos/print-line.ts';
import { suite } from '../../../support/suite.ts';

const test = suite('terminal/print/escpos/print-line');

test('defaults and overrides', () => {
  assert.equal(printLine('x'), { text: 'x', align: 'left', bold: false, double: false });
  assert.equal(printLine('x', { align: 'right', bold: true }), { text: 'x', align: 'right', bold: true, double: false });
});

test.run();
