import * as assert from 'uvu/assert';
import { suite } from '../../support/suite.ts';
import { receiptOf, terminalLabel } from '../../../terminal/services/receipt-of.ts';
import { renderReceiptText } from '../../../terminal/print/escpos/render-receipt-text.ts';
import { CVM } from '../../../terminal/schemas/journal-record.ts';
import { SERVICE } from '../../../terminal/schemas/service.ts';
import type { Receipt, TransactionApproved } from '../../../terminal/services/transaction-types.ts';

const test = suite('terminal/services/receipt-of');
const MERCHANT = { ar: 'مخبز النور', en: 'Al Nour Bakery' };

const approval = (receipt: Partial<Receipt>, recovered = false): TransactionApproved => ({
  ok: true, outcome: 'APPROVED', recovered, cuts: [], warnings: [], verification: [],
  receipt: {
    terminalId: 0xb40001, seq: 42, timeMs: Date.UTC(2026, 2, 15, 8, 5), date: 20527, cardId: Uint8Array.of(0x50, 0x78, 0, 0, 0, 0, 0x12, 0x34),
    householdId: new Uint8Array(8), service: SERVICE.BREAD, amount: 10, pointsPiastres: 0, items: [], pricePiastres: 200, changePiastres: 0,
    balanceAfter: 140, atc: 3, cvm: CVM.FINGERPRINT, online: true, cardKind: 'unified', ...receipt,
  },
});

test('bread: loaves at the price, reference terminal/seq, local time, loaves left, how the holder was verified', () => {
  const r = receiptOf(approval({}), { merchant: MERCHANT });
  assert.equal(r.lines, [{ label: { ar: 'خبز مدعم', en: 'Subsidized bread' }, quantity: 10, unit: { ar: 'رغيف', en: 'loaves' }, amountPiastres: 200 }]);
  assert.is(r.reference, '00B40001/000042');
  assert.is(r.terminalId, terminalLabel(0xb40001));
  assert.equal(r.outcome, { code: 'APPROVED', message: { ar: 'تمت الموافقة', en: 'Approved' } });
  const text = renderReceiptText(r);
  for (const s of ['2026-03-15 10:05', 'Loaves left this month: 140', 'Verified by fingerprint', 'Card ...1234 - transaction 3', 'Online', 'الأرغفة المتبقية هذا الشهر: 140']) assert.match(text, s);
  assert.equal(r.figures, [], 'no cash figures without change');
});

test('bread with change, offline, by PIN, recovered: cash and change figures and the notes', () => {
  const r = receiptOf(approval({ changePiastres: 50, online: false, cvm: CVM.PIN }, true), { merchant: MERCHANT, utcOffsetMinutes: 180 });
  assert.equal(r.figures?.map((f) => [f.label.en, f.amountPiastres]), [['Cash', 250], ['Change', 50]]);
  const text = renderReceiptText(r);
  for (const s of ['Offline', 'Verified by PIN', 'Completes an earlier sale', '2026-03-15 11:05']) assert.match(text, s);
});

test('ration goods: item lines, entitlement and points parts, what is left; health: one visit', () => {
  const ration = receiptOf(approval({ service: SERVICE.RATION, items: [[1, 2], [3, 1]], amount: 3000, pointsPiastres: 720, balanceAfter: 17000, pricePiastres: 0, cvm: CVM.SUPERVISED_EXCEPTION }), { merchant: MERCHANT });
  assert.equal(ration.lines.map((l) => [l.label.en, l.quantity]), [['Ration item 1', 2], ['Ration item 3', 1]]);
  assert.equal(ration.figures?.map((f) => [f.label.en, f.amountPiastres]), [['From ration entitlement', 3000], ['From bread points', 720], ['Entitlement left', 17000]]);
  assert.match(renderReceiptText(ration), 'Supervised exception');
  const health = receiptOf(approval({ service: SERVICE.HEALTH, amount: 1, pricePiastres: 0 }), { merchant: MERCHANT });
  assert.equal(health.lines.map((l) => [l.label.en, l.quantity, l.amountPiastres]), [['Health insurance visit', 1, 0]]);
});

test.run();
