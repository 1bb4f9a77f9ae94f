import * as assert from 'uvu/assert';
import { shapeArabic } from '../../../../terminal/print/arabic/shape-arabic.ts';
import { suite } from '../../../support/suite.ts';
import { hex } from './hex.ts';

const test = suite('terminal/print/arabic/shape-arabic');

// Expected forms named as in UnicodeData.txt.
const cases: [string, string, string][] = [
  // KHAH initial, BEH medial, ZAIN final (zain is right-joining).
  ['خبز', 'fea7 fe92 feb0', 'dual-joining letters then a right-joining one'],
  // MEEM initial, DAL final; AIN initial (dal does not join forward), MEEM final.
  ['مدعم', 'fee3 feaa fecb fee2', 'dal breaks the word into two joined groups'],
  // ALEF HAMZA ABOVE isolated, REH isolated, GHAIN initial, FEH medial, TEH MARBUTA final.
  ['أرغفة', 'fe83 fead fecf fed4 fe94', 'alef and reh never join forward'],
  // SEEN initial, KAF medial, REH final.
  ['سكر', 'feb3 fedc feae', 'sukkar'],
  // WAW isolated, DAL isolated, ALEF isolated: all right-joining, nothing joins.
  ['ودا', 'feed fea9 fe8d', 'right-joining letters alone'],
  ['ء', 'fe80', 'hamza is non-joining'],
  // LAM-ALEF isolated; BEH initial + LAM-ALEF final; SEEN initial + LAM-ALEF final + MEEM isolated.
  ['لا', 'fefb', 'lam-alef ligature, isolated'],
  ['بلا', 'fe91 fefc', 'lam-alef ligature, final'],
  ['سلام', 'feb3 fefc fee1', 'lam-alef never joins the next letter'],
  ['لأ', 'fef7', 'lam with alef hamza above'],
  ['لإ', 'fef9', 'lam with alef hamza below'],
  ['لآ', 'fef5', 'lam with alef madda'],
  // YEH final after LAM (medial... lam here follows alef so it is initial): ALEF iso, LAM initial, YEH final.
  ['الي', 'fe8d fedf fef2', 'yeh final'],
  // ALEF MAKSURA: initial form from Presentation Forms-A.
  ['ىب', 'fbe8 fe90', 'alef maksura initial'],
  ['على', 'fecb fee0 fef0', 'alef maksura final'],
  // TATWEEL joins on both sides: BEH initial, tatweel, BEH final.
  ['بـب', 'fe91 0640 fe90', 'tatweel is join-causing'],
  ['2 x ٥', '0032 0020 0078 0020 0665', 'digits, Latin and Arabic-Indic digits pass unchanged'],
];

for (const [input, expected, why] of cases) {
  test(`${why}: ${input}`, () => {
    assert.is(hex(shapeArabic(input)), expected);
  });
}

test('harakat are transparent for joining and dropped by default', () => {
  // BEH + FATHA + TEH: the fatha does not break the join (BEH initial, TEH final).
  assert.is(hex(shapeArabic('بَت')), 'fe91 fe96');
  assert.is(hex(shapeArabic('بَت', { keepHarakat: true })), 'fe91 064e fe96');
});

test('a shadda between lam and alef still forms the ligature and follows it when kept', () => {
  assert.is(hex(shapeArabic('لّا')), 'fefb');
  assert.is(hex(shapeArabic('لّا', { keepHarakat: true })), 'fefb 0651');
});

test('a space ends the word: the letter before it takes its final or isolated form', () => {
  assert.is(hex(shapeArabic('بب ب')), 'fe91 fe90 0020 fe8f');
});

test.run();
