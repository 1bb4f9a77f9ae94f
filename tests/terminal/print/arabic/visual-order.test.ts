import * as assert from 'uvu/assert';
import { resolveLevels, visualOrder } from '../../../../terminal/print/arabic/visual-order.ts';
import { suite } from '../../../support/suite.ts';
import { hex } from './hex.ts';

const test = suite('terminal/print/arabic/visual-order');

// Unshaped input keeps the expectations readable: reordering does not care about forms.
test('an Arabic line is reversed, a number inside it keeps its digit order', () => {
  assert.is(visualOrder('سكر 12 كجم'), 'مجك 12 ركس');
  assert.is(visualOrder('20 قرش'), 'شرق 20');
});

test('a decimal amount after Arabic (W2 EN→AN, W4 CS between AN) stays one left-to-right number', () => {
  assert.is(visualOrder('الإجمالي: 1.00 جنيه'), 'هينج 1.00 :يلامجإلا');
  assert.equal(resolveLevels(Array.from('ب 1.00'), 1), [1, 1, 2, 2, 2, 2]);
});

test('a Latin run with its number (W7 EN→L) reads left to right inside an Arabic line', () => {
  assert.is(visualOrder('المبلغ EGP 50'), 'EGP 50 غلبملا');
  assert.is(visualOrder('جهاز T-0042 اليوم'), 'مويلا T-0042 زاهج');
});

test('Arabic-Indic digits (AN) keep their order too', () => {
  assert.is(visualOrder('٥ أرغفة ١٢'), '١٢ ةفغرأ ٥');
});

test('brackets at odd levels are mirrored (L4)', () => {
  assert.is(visualOrder('الدقيق (90 جم)'), '(مج 90) قيقدلا');
});

test('a left-to-right line with an Arabic word reverses only the word (forced LTR paragraph)', () => {
  assert.is(visualOrder('Bread خبز x5', { direction: 'ltr' }), 'Bread زبخ x5');
  assert.is(visualOrder('Bread خبز x5', { direction: 'auto' }), 'Bread زبخ x5');
  assert.is(visualOrder('Bread خبز x5'), 'x5 زبخ Bread');
});

test('pure Latin text and numbers are untouched; trailing spaces stay at the end (L1)', () => {
  assert.is(visualOrder('TOTAL  EGP 1.00 '), 'TOTAL  EGP 1.00 ');
  assert.is(visualOrder('-12.5%'), '-12.5%');
});

test('directional marks steer the paragraph and are not printed', () => {
  assert.is(hex(visualOrder('\u200fabc', { direction: 'auto' })), hex('abc'));
  assert.is(visualOrder('\u200f5 - 3', { direction: 'auto' }), '3 - 5');
});

test('harakat (NSM) take the level of their letter (W1) and are reversed with it (L3 is not applied)', () => {
  assert.equal(resolveLevels(Array.from('بَ 5'), 1), [1, 1, 1, 2]);
  assert.is(hex(visualOrder('بَت')), hex('تَب'));
});

test.run();
