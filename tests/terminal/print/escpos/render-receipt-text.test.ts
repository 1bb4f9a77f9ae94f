import * as assert from 'uvu/assert';
import { renderReceiptText } from '../../../../terminal/print/escpos/render-receipt-text.ts';
import { suite } from '../../../support/suite.ts';
import { BREAD_RECEIPT } from './sample-receipt.ts';

const test = suite('terminal/print/escpos/render-receipt-text');

test('the bread receipt as the customer reads it (logical order)', () => {
  assert.is(renderReceiptText(BREAD_RECEIPT), [
    'مخبز النور',
    'Al Nour Bakery',
    'Terminal T-0042',
    'Ref 0042/000123',
    '2025-03-01 10:15',
    '-'.repeat(32),
    'خبز مدعم 5 أرغفة            1.00',
    'Subsidized bread 5 loaves   1.00',
    '-'.repeat(32),
    'الاجمالي                1.00 جنيه',
    'TOTAL                   EGP 1.00',
    '-'.repeat(32),
    'تمت الموافقة',
    'Approved',
    'APPROVED',
    '',
  ].join('\n'));
});

test.run();
