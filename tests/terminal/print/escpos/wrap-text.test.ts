import * as assert from 'uvu/assert';
import { wrapText } from '../../../../terminal/print/escpos/wrap-text.ts';
import { suite } from '../../../support/suite.ts';

const test = suite('terminal/print/escpos/wrap-text');

test('wraps at word boundaries by printed width', () => {
  assert.equal(wrapText('one two three four', 9), ['one two', 'three', 'four']);
  assert.equal(wrapText('خبز مدعم سلام', 8), ['خبز مدعم', 'سلام']);
});

test('cuts a word longer than a line; empty text is one empty line', () => {
  assert.equal(wrapText('abcdefghij', 4), ['abcd', 'efgh', 'ij']);
  assert.equal(wrapText('', 10), ['']);
});

test.run();
