import * as assert from 'uvu/assert';
import { visualLine } from '../../../../terminal/print/arabic/visual-line.ts';
import { suite } from '../../../support/suite.ts';
import { hex } from './hex.ts';

const test = suite('terminal/print/arabic/visual-line');

// Exact code points as a left-to-right printer receives them (leftmost first).
const cases: [string, string][] = [
  // TEH MARBUTA final, FEH medial, GHAIN initial, REH iso, ALEF HAMZA iso | 5 | MEEM final, AIN initial, DAL final,
  // MEEM initial | ZAIN final, BEH medial, KHAH initial.
  ['خبز مدعم 5 أرغفة', 'fe94 fed4 fecf fead fe83 0020 0035 0020 fee2 fecb feaa fee3 0020 feb0 fe92 fea7'],
  ['سكر 1 كجم', 'fee2 fea0 fedb 0020 0031 0020 feae fedc feb3'],
  // HEH final, YEH medial, NOON medial, JEEM initial | 1.00 | ':' YEH final, LAM medial... (LAM initial after
  // ALEF? no: after lam-alef-hamza ligature) ... LAM-ALEF-HAMZA-BELOW isolated, ALEF isolated.
  ['الإجمالي: 1.00 جنيه', 'feea fef4 fee8 fe9f 0020 0031 002e 0030 0030 0020 003a fef2 fedf fe8e fee4 fe9f fef9 fe8d'],
  ['20 قرش', 'feb5 feae fed7 0020 0032 0030'],
  ['المبلغ EGP 50', '0045 0047 0050 0020 0035 0030 0020 fece fee0 fe92 fee4 fedf fe8d'],
  ['Subsidized bread', '0053 0075 0062 0073 0069 0064 0069 007a 0065 0064 0020 0062 0072 0065 0061 0064'],
];

for (const [input, expected] of cases) {
  test(input, () => {
    assert.is(hex(visualLine(input)), expected);
  });
}

test.run();
