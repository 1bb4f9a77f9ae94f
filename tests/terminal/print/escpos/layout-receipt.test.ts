import * as assert from 'uvu/assert';
import { layoutReceipt, NO_ARABIC_NOTE } from '../../../../terminal/print/escpos/layout-receipt.ts';
import { printedWidth } from '../../../../terminal/print/escpos/printable-text.ts';
import { suite } from '../../../support/suite.ts';
import { BREAD_RECEIPT } from './sample-receipt.ts';

const test = suite('terminal/print/escpos/layout-receipt');

const GROCER = {
  ...BREAD_RECEIPT,
  merchant: { ar: 'بقالة التموين الحديثة للمواد الغذائية', en: 'Modern Ration Grocery for Foodstuffs' },
  lines: [
    { label: { ar: 'سكر', en: 'Sugar' }, quantity: 1, unit: { ar: 'كجم', en: 'kg' }, amountPiastres: 1250 },
    { label: { ar: 'زيت طعام', en: 'Cooking oil' }, quantity: 2, unit: { ar: 'لتر', en: 'l' }, amountPiastres: 3000 },
    { label: { ar: 'مكرونة', en: 'Pasta' }, quantity: 3, amountPiastres: 1500 },
  ],
  figures: [{ label: { ar: 'الرصيد المتبقي', en: 'Balance left' }, amountPiastres: 250 }],
  outcome: { code: 'APPROVED', message: { ar: 'تمت الموافقة', en: 'Approved' } },
  footer: [{ ar: 'شكرا لكم', en: 'Thank you' }],
};

test('no line is wider than the printer (double-size lines count twice)', () => {
  for (const columns of [16, 32, 42]) {
    for (const line of layoutReceipt(GROCER, { columns, arabicCodePage: 37 })) {
      assert.ok(printedWidth(line.text) * (line.double ? 2 : 1) <= columns, `${columns}: ${line.text}`);
    }
  }
});

test('a long merchant name wraps; totals sum the lines; figures and footer follow', () => {
  const texts = layoutReceipt(GROCER, { columns: 32, arabicCodePage: 37 }).map((l) => l.text);
  assert.ok(texts.filter((t) => /بقالة|الغذائية/.test(t)).length >= 2);
  assert.ok(texts.includes('TOTAL                  EGP 57.50'));
  assert.ok(texts.includes('Pasta x3                   15.00'));
  assert.ok(texts.includes('Balance left            EGP 2.50'));
  assert.is(texts[texts.length - 1], 'Thank you');
});

test('on a narrow printer the amount goes to its own line, at the line\'s end side', () => {
  const lines = layoutReceipt(GROCER, { columns: 16, arabicCodePage: 37 });
  const oil = lines.findIndex((l) => l.text === 'زيت طعام 2 لتر');
  assert.ok(oil >= 0);
  assert.equal(lines[oil + 1], { text: '30.00', align: 'left', bold: false, double: false });
});

test('Arabic lines are right aligned or full width; without a code page there are none, and the note comes first', () => {
  const withArabic = layoutReceipt(GROCER, { columns: 32, arabicCodePage: 37 });
  const outcome = withArabic.find((l) => l.text === 'تمت الموافقة');
  assert.is(outcome?.align, 'center');
  const plain = layoutReceipt(GROCER, { columns: 48 });
  assert.is(plain[0]!.text, NO_ARABIC_NOTE);
  assert.ok(plain.every((l) => /^[\x20-\x7e]*$/.test(l.text)));
});

test.run();
