import * as assert from 'uvu/assert';
import { baseOfForm, joiningType, letterForms } from '../../../../terminal/print/arabic/arabic-letters.ts';
import { suite } from '../../../support/suite.ts';

const test = suite('terminal/print/arabic/arabic-letters');

test('joining types follow ArabicShaping.txt', () => {
  const expected: Record<string, string> = {
    'ء': 'U', 'ا': 'R', 'أ': 'R', 'إ': 'R', 'آ': 'R', 'ؤ': 'R', 'ئ': 'D', 'ب': 'D', 'ة': 'R', 'د': 'R', 'ذ': 'R',
    'ر': 'R', 'ز': 'R', 'س': 'D', 'ـ': 'C', 'ل': 'D', 'و': 'R', 'ى': 'D', 'ي': 'D', 'َ': 'T', 'ّ': 'T', '5': 'U', ' ': 'U',
  };
  for (const [c, t] of Object.entries(expected)) assert.is(joiningType(c.codePointAt(0)!), t, c);
});

test('forms of BEH, ALEF and HAMZA (UnicodeData.txt U+FE8F–U+FE92, U+FE8D–E, U+FE80)', () => {
  assert.equal(letterForms(0x0628), { isolated: 0xfe8f, final: 0xfe90, initial: 0xfe91, medial: 0xfe92 });
  assert.equal(letterForms(0x0627), { isolated: 0xfe8d, final: 0xfe8e, initial: 0, medial: 0 });
  assert.equal(letterForms(0x0621), { isolated: 0xfe80, final: 0, initial: 0, medial: 0 });
  assert.is(letterForms(0x0640), undefined);
  assert.is(baseOfForm(0xfef4), 'ي');
  assert.is(baseOfForm(0x0041), undefined);
});

test.run();
