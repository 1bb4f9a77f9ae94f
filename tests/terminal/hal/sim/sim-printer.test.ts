import * as assert from 'uvu/assert';
import { HalError } from '../../../../terminal/hal/errors.ts';
import { SimPrinter, createSimPrinter } from '../../../../terminal/hal/sim/sim-printer.ts';
import { encodeReceipt } from '../../../../terminal/print/escpos/encode-receipt.ts';
import { EscPos } from '../../../../terminal/print/escpos/escpos-commands.ts';
import { renderReceiptText } from '../../../../terminal/print/escpos/render-receipt-text.ts';
import { suite } from '../../../support/suite.ts';
import { BREAD_RECEIPT } from '../../print/escpos/sample-receipt.ts';

const test = suite('terminal/hal/sim/sim-printer');

const PROFILE = { columns: 32, arabicCodePage: 37 };
const GROCER = {
  ...BREAD_RECEIPT,
  merchant: { ar: 'بقالة السلام', en: 'Al Salam Grocery' },
  lines: [
    { label: { ar: 'سكر', en: 'Sugar' }, quantity: 1, unit: { ar: 'كجم', en: 'kg' }, amountPiastres: 1250 },
    { label: { ar: 'زيت طعام', en: 'Cooking oil' }, quantity: 2, unit: { ar: 'لتر', en: 'l' }, amountPiastres: 3000 },
  ],
  figures: [{ label: { ar: 'الرصيد المتبقي', en: 'Balance left' }, amountPiastres: 750 }],
  outcome: { code: 'APPROVED', message: { ar: 'تمت الموافقة', en: 'Approved' } },
  footer: [{ ar: 'شكرا لزيارتكم (الخط الساخن 15999)', en: 'Thank you (hotline 15999)' }],
};

test('prints receipts and reads them back as the customer reads them, one piece per cut', async () => {
  const sim = createSimPrinter({ profile: PROFILE });
  await sim.print(BREAD_RECEIPT);
  await sim.print(GROCER);
  assert.equal(sim.receipts(), [renderReceiptText(BREAD_RECEIPT), renderReceiptText(GROCER)]);
  assert.equal(sim.problems(), []);
});

test('keeps styles: centered double-size Arabic name, bold total', async () => {
  const sim = new SimPrinter({ profile: PROFILE });
  await sim.print(BREAD_RECEIPT);
  const lines = sim.paper().flatMap((p) => (p.kind === 'line' ? [p.line] : []));
  assert.equal(lines[0], { text: 'مخبز النور', align: 'center', bold: false, double: true });
  assert.ok(lines.find((l) => l.text.startsWith('TOTAL'))?.bold);
});

test('a printer without the Arabic code page prints question marks for CP864 bytes', () => {
  const sim = new SimPrinter({ profile: { columns: 32 } });
  sim.receive(encodeReceipt(BREAD_RECEIPT, PROFILE));
  const first = sim.paper()[0];
  // "مخبز النور": ten CP864 bytes, the fifth a space.
  assert.is(first?.kind === 'line' && first.line.text, '????? ????');
});

test('status answers to DLE EOT 1, 2, 4 and print refusals', async () => {
  const sim = new SimPrinter({ profile: PROFILE });
  const replies: number[] = [];
  sim.onReply((r) => replies.push(...r));
  sim.receive(Uint8Array.of(...EscPos.statusQuery(1), ...EscPos.statusQuery(2), ...EscPos.statusQuery(4)));
  assert.equal(replies, [0x12, 0x12, 0x12]);
  sim.set({ paperOut: true, coverOpen: true });
  replies.length = 0;
  sim.receive(Uint8Array.of(...EscPos.statusQuery(1), ...EscPos.statusQuery(2), ...EscPos.statusQuery(4)));
  assert.equal(replies, [0x1a, 0x36, 0x7e]);
  try {
    await sim.print(BREAD_RECEIPT);
    assert.unreachable('printed without paper');
  } catch (error) {
    assert.is((error as HalError).code, 'HAL_PRINTER_PAPER_OUT');
  }
  sim.set({ paperOut: false });
  try {
    await sim.print(BREAD_RECEIPT);
    assert.unreachable('printed with the cover open');
  } catch (error) {
    assert.is((error as HalError).code, 'HAL_PRINTER_COVER_OPEN');
  }
  sim.set({ coverOpen: false, online: false });
  try {
    await sim.print(BREAD_RECEIPT);
    assert.unreachable('printed offline');
  } catch (error) {
    assert.is((error as HalError).code, 'HAL_PRINTER_OFFLINE');
  }
  assert.equal(sim.paper(), []);
});

test('a canceled print job prints nothing', async () => {
  const sim = new SimPrinter({ profile: PROFILE });
  const controller = new AbortController();
  controller.abort();
  try {
    await sim.print(BREAD_RECEIPT, { signal: controller.signal });
    assert.unreachable();
  } catch (error) {
    assert.is((error as HalError).code, 'HAL_CANCELED');
  }
  assert.equal(sim.paper(), []);
});

test('raster images land on the paper and show in the text as a placeholder', () => {
  const sim = new SimPrinter({ profile: PROFILE });
  sim.receive(Uint8Array.of(...EscPos.raster({ widthBytes: 1, height: 2, data: Uint8Array.of(0xff, 0x81) }), ...EscPos.cut()));
  assert.equal(sim.receipts(), ['[raster 8x2]\n']);
});

test('fuzz: garbage and mutated receipts never throw; unknown commands are listed; split commands complete', () => {
  let seed = 7;
  const rand = (): number => ((seed = (seed * 1103515245 + 12345) >>> 0) >>> 16) & 0xff;
  const good = encodeReceipt(BREAD_RECEIPT, PROFILE);
  const sim = new SimPrinter({ profile: PROFILE });
  for (let round = 0; round < 200; round++) {
    const bytes = round % 2 ? Uint8Array.from({ length: 300 }, rand) : good.map((b) => (rand() < 6 ? rand() : b));
    for (let i = 0; i < bytes.length; i += 17) sim.receive(bytes.subarray(i, i + 17));
  }
  assert.ok(sim.problems().length > 0);
  assert.ok(sim.problems().every((p) => p.code.startsWith('ESCPOS_')));
  const fresh = new SimPrinter({ profile: PROFILE });
  fresh.receive(Uint8Array.of(0x1b, 0x74)); // a command split across reads...
  fresh.receive(Uint8Array.of(37)); // ...is completed by the next one
  fresh.receive(good);
  assert.equal(fresh.receipts().slice(-1), [renderReceiptText(BREAD_RECEIPT)]);
});

test.run();
