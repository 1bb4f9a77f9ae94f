import * as assert from 'uvu/assert';
import { bakeryDayRegister, bakeryRegisterText } from '../../../../terminal/auth/bakery-day-register.ts';
import { SimPrinter } from '../../../../terminal/hal/sim/sim-printer.ts';
import { encodePrintLines } from '../../../../terminal/print/escpos/encode-print-lines.ts';
import { layoutDocument } from '../../../../terminal/print/escpos/layout-document.ts';
import { NO_ARABIC_NOTE } from '../../../../terminal/print/escpos/layout-receipt.ts';
import { suite } from '../../../support/suite.ts';

const test = suite('terminal/print/escpos/layout-document');

const register = bakeryDayRegister({
  terminalId: 42, day: 20_148, utcOffsetMinutes: 120, flourDeliveredGrams: 900_000, loafGrams: 90,
  openingStockLoaves: 100, closingStockLoaves: 40,
  sales: [{ time: 20_148 * 86_400 + 3 * 3600, loaves: 5 }, { time: 20_148 * 86_400 + 6 * 3600 + 60, loaves: 10 }],
});

test('the bakery day register prints on a 32-column CP864 printer and reads back line for line', () => {
  const profile = { columns: 32, arabicCodePage: 37 };
  const lines = layoutDocument(bakeryRegisterText(register), profile);
  assert.ok(lines.some((l) => l.align === 'right' && l.text.startsWith('الساعة 05:00-06:00: 5 رغيف')));
  assert.ok(lines.some((l) => l.align === 'left' && l.text === 'Opening stock: 100 loaves'));
  const sim = new SimPrinter({ profile });
  sim.receive(encodePrintLines(lines, profile));
  assert.equal(sim.receipts(), [lines.map((l) => `${l.text}\n`).join('')]);
  assert.equal(sim.problems(), []);
});

test('without the Arabic code page: the note, then the English half only', () => {
  const lines = layoutDocument(bakeryRegisterText(register), { columns: 48 });
  assert.is(lines[0]!.text, NO_ARABIC_NOTE);
  assert.ok(lines.slice(1).every((l) => /^[\x20-\x7e]*$/.test(l.text)));
  assert.ok(lines.some((l) => l.text.startsWith('Bakery day register - terminal 42')));
});

test.run();
