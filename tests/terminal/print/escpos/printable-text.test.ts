import * as assert from 'uvu/assert';
import { printableText, printedWidth } from '../../../../terminal/print/escpos/printable-text.ts';
import { suite } from '../../../support/suite.ts';

const test = suite('terminal/print/escpos/printable-text');

test('CP864: harakat and marks dropped, dashes made ASCII, hamza-below alef as alef, unknown as ?', () => {
  assert.is(printableText('\u200fخُبْز — 5 × إ€', 'cp864'), 'خبز - 5 × ا?');
  assert.is(printableText('٥ ؟ ، ـ', 'cp864'), '٥ ؟ ، ـ');
  assert.is(printableText('ڤ', 'cp864'), '?');
});

test('ASCII: everything non-ASCII becomes ? except a few replacements', () => {
  assert.is(printableText('Bread × 5 — خبز', 'ascii'), 'Bread x 5 - ???');
});

test('printed width counts glyphs: a lam-alef ligature is one column', () => {
  assert.is(printedWidth('سلام'), 3);
  assert.is(printedWidth('EGP 1.00'), 8);
});

test.run();
