import * as assert from 'uvu/assert';
import { unshapeArabic } from '../../../../terminal/print/arabic/unshape-arabic.ts';
import { shapeArabic } from '../../../../terminal/print/arabic/shape-arabic.ts';
import { suite } from '../../../support/suite.ts';
import { fromHex } from './hex.ts';

const test = suite('terminal/print/arabic/unshape-arabic');

test('every presentation form goes back to its base letter; ligatures to lam then alef', () => {
  assert.is(unshapeArabic(fromHex('fea7 fe92 feb0')), 'خبز');
  assert.is(unshapeArabic(fromHex('fef5 fef8 fefa fefc')), 'لآلألإلا');
  assert.is(unshapeArabic(fromHex('fbe8 fbe9')), 'ىى');
});

test('shaping then unshaping gives back every letter U+0621–U+063A and U+0641–U+064A in every position', () => {
  for (let cp = 0x0621; cp <= 0x064a; cp++) {
    if (cp >= 0x063b && cp <= 0x0640) continue;
    const c = String.fromCodePoint(cp);
    const word = `${c} ب${c} ${c}ب ب${c}ب`;
    assert.is(unshapeArabic(shapeArabic(word)), word, `U+${cp.toString(16)}`);
  }
});

test('text without presentation forms passes unchanged', () => {
  assert.is(unshapeArabic('EGP 1.00 ٥'), 'EGP 1.00 ٥');
});

test.run();
