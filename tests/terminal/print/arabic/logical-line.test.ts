import * as assert from 'uvu/assert';
import { logicalLine } from '../../../../terminal/print/arabic/logical-line.ts';
import { visualLine } from '../../../../terminal/print/arabic/visual-line.ts';
import { suite } from '../../../support/suite.ts';
import { fromHex } from './hex.ts';

const test = suite('terminal/print/arabic/logical-line');

test('reads a printed line back to its logical text', () => {
  assert.is(logicalLine(fromHex('fee2 fea0 fedb 0020 0031 0020 feae fedc feb3')), 'سكر 1 كجم');
});

test('round trip for receipt-like lines, ligatures included', () => {
  for (const line of ['خبز مدعم 5 أرغفة', 'الإجمالي: 1.00 جنيه', 'سلام لا بلا', 'المبلغ EGP 50', 'الدقيق (90 جم)', 'Total: EGP 1.00', 'جهاز T-0042']) {
    assert.is(logicalLine(visualLine(line)), line);
  }
});

test('the documented limit: a number before a Latin word at the start of an Arabic line swaps', () => {
  assert.is.not(logicalLine(visualLine('50 EGP المبلغ')), '50 EGP المبلغ');
});

test.run();
