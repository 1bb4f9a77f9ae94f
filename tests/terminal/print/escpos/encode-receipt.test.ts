import * as assert from 'uvu/assert';
import { encodeReceipt } from '../../../../terminal/print/escpos/encode-receipt.ts';
import { suite } from '../../../support/suite.ts';
import { BREAD_RECEIPT } from './sample-receipt.ts';

const test = suite('terminal/print/escpos/encode-receipt');

const ascii = (s: string): string => Buffer.from(s, 'latin1').toString('hex');
const dashes = ascii('-'.repeat(32));

test('a small bread receipt, 32 columns, PC864 as ESC t 37: exact bytes', () => {
  const expected = [
    '1b40', // ESC @
    '1b7425', // ESC t 37 (PC864)
    '1b6101', '1d2111', // ESC a 1 (center), GS ! 0x11 (double width and height)
    // "مخبز النور" in visual order: REH iso, WAW iso (final → iso), NOON initial (medial → initial), LAM initial,
    // ALEF iso | ZAIN iso, BEH initial (medial), KHAH initial (medial), MEEM initial.
    'd1e8e6e4c720d2c8cee5', '0a',
    '1b4501', '1d2100', ascii('Al Nour Bakery'), '0a', // ESC E 1, GS ! 0
    '1b6100', '1b4500', ascii('Terminal T-0042'), '0a', // ESC a 0, ESC E 0
    ascii('Ref 0042/000123'), '0a',
    ascii('2025-03-01 10:15'), '0a', // 08:15 UTC at UTC+2
    dashes, '0a',
    // "خبز مدعم 5 أرغفة" + 12 spaces + "1.00", visual: the amount at the left, then TEH MARBUTA iso (final),
    // FEH initial (medial), GHAIN initial, REH iso, ALEF HAMZA iso, " 5 ", MEEM iso (final), AIN initial,
    // DAL iso (final), MEEM initial, ' ', ZAIN iso (final), BEH initial (medial), KHAH initial.
    ascii('1.00' + ' '.repeat(12)), 'c9e1dad1c3', ascii(' 5 '), 'efd9cfe5', '20', 'd2c8ce', '0a',
    ascii('Subsidized bread 5 loaves   1.00'), '0a',
    dashes, '0a',
    '1b4501', // bold
    // "الإجمالي" (printed "الاجمالي": CP864 has no ALEF WITH HAMZA BELOW) + 16 spaces + "1.00 جنيه", visual:
    // HEH iso (final), YEH initial (medial), NOON initial (medial), JEEM initial, " 1.00", 16 spaces,
    // YEH final, LAM initial (medial), ALEF final, MEEM initial (medial), JEEM initial, LAM-ALEF iso, ALEF iso.
    'f3eae6cc', ascii(' 1.00' + ' '.repeat(16)), 'f6e4a8e5cc9dc7', '0a',
    ascii('TOTAL' + ' '.repeat(19) + 'EGP 1.00'), '0a',
    '1b4500', dashes, '0a',
    // Centered "تمت الموافقة", visual: TEH MARBUTA iso (final), QAF initial (medial), FEH initial, ALEF iso
    // (after WAW, which does not join forward), WAW iso (final), MEEM initial (medial), LAM initial, ALEF iso |
    // TEH iso (final), MEEM initial (medial), TEH initial.
    '1b6101', 'c9e2e1c7e8e5e4c7', '20', 'aae5ca', '0a',
    ascii('Approved'), '0a',
    '1b4501', ascii('APPROVED'), '0a',
    '1b6403', // ESC d 3
    '1d564200', // GS V 66 0
  ].join('');
  assert.is(Buffer.from(encodeReceipt(BREAD_RECEIPT, { columns: 32, arabicCodePage: 37 })).toString('hex'), expected);
});

test('a printer without an Arabic code page gets no ESC t, no Arabic bytes and the note', () => {
  const bytes = encodeReceipt(BREAD_RECEIPT, { columns: 32 });
  const hex = Buffer.from(bytes).toString('hex');
  assert.not.ok(hex.includes('1b74'));
  assert.ok(bytes.every((b) => b < 0x80));
  assert.ok(hex.startsWith('1b40' + '1b6101' + ascii('Arabic text cannot be printed on') + '0a'));
});

test.run();
