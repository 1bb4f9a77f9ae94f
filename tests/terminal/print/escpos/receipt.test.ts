import * as assert from 'uvu/assert';
import { formatPiastres, formatReceiptTime } from '../../../../terminal/print/escpos/receipt.ts';
import { suite } from '../../../support/suite.ts';

const test = suite('terminal/print/escpos/receipt');

test('piastres as pounds', () => {
  assert.is(formatPiastres(0), '0.00');
  assert.is(formatPiastres(20), '0.20');
  assert.is(formatPiastres(5000), '50.00');
  assert.is(formatPiastres(-5), '-0.05');
  assert.throws(() => formatPiastres(1.5), /whole number/);
});

test('local time from the terminal clock and offset', () => {
  assert.is(formatReceiptTime(1_740_816_900, 120), '2025-03-01 10:15');
  assert.is(formatReceiptTime(1_740_816_900, 0), '2025-03-01 08:15');
});

test.run();
