/**
 * The printed receipt of an approval: a pure function from what the transaction returned (`TransactionApproved`,
 * its record already durable) to the printer's `Receipt` model (`terminal/print/escpos/receipt.ts`), in Arabic and
 * English. Bread: the loaves at the subsidized price, the cash and change, the loaves left this month. Ration goods:
 * the item lines, the part paid from the month's entitlement and from bread points. Health: the visit.
 */
import type { UserMessage } from '../errors.ts';
import type { Receipt, ReceiptFigure, ReceiptLine } from '../print/escpos/receipt.ts';
import { CVM } from '../schemas/journal-record.ts';
import { SERVICE } from '../schemas/service.ts';
import type { TransactionApproved } from './transaction-types.ts';

export interface ReceiptOfOptions {
  /** The shop's name, e.g. `{ ar: 'مخبز النور', en: 'Al Nour Bakery' }`. */
  readonly merchant: UserMessage;
  /** Local offset from UTC in minutes (default 120, Cairo). */
  readonly utcOffsetMinutes?: number;
}

const APPROVED: UserMessage = { ar: 'تمت الموافقة', en: 'Approved' };

const CVM_TEXT: Readonly<Record<number, UserMessage>> = {
  [CVM.FINGERPRINT]: { ar: 'تم التحقق بالبصمة', en: 'Verified by fingerprint' },
  [CVM.PIN]: { ar: 'تم التحقق بالرقم السري', en: 'Verified by PIN' },
  [CVM.SUPERVISED_EXCEPTION]: { ar: 'استثناء بإشراف المسؤول', en: 'Supervised exception' },
};

const hex = (bytes: Uint8Array): string => Array.from(bytes, (b) => b.toString(16).padStart(2, '0')).join('').toUpperCase();

/** The terminal id as printed: eight hex digits. */
export const terminalLabel = (terminalId: number): string => terminalId.toString(16).toUpperCase().padStart(8, '0');

/** The receipt of `approval` (see the file comment). */
export function receiptOf(approval: TransactionApproved, options: ReceiptOfOptions): Receipt {
  const r = approval.receipt;
  const lines: ReceiptLine[] = [];
  const figures: ReceiptFigure[] = [];
  const footer: UserMessage[] = [];
  if (r.service === SERVICE.BREAD) {
    lines.push({ label: { ar: 'خبز مدعم', en: 'Subsidized bread' }, quantity: r.amount, unit: { ar: 'رغيف', en: 'loaves' }, amountPiastres: r.pricePiastres });
    if (r.changePiastres > 0) {
      figures.push({ label: { ar: 'المدفوع نقدا', en: 'Cash' }, amountPiastres: r.pricePiastres + r.changePiastres });
      figures.push({ label: { ar: 'الباقي', en: 'Change' }, amountPiastres: r.changePiastres });
    }
    footer.push({ ar: `الأرغفة المتبقية هذا الشهر: ${r.balanceAfter}`, en: `Loaves left this month: ${r.balanceAfter}` });
  } else if (r.service === SERVICE.RATION) {
    for (const [code, quantity] of r.items) lines.push({ label: { ar: `صنف تمويني ${code}`, en: `Ration item ${code}` }, quantity, amountPiastres: 0 });
    figures.push({ label: { ar: 'من رصيد التموين', en: 'From ration entitlement' }, amountPiastres: r.amount });
    if (r.pointsPiastres > 0) figures.push({ label: { ar: 'من نقاط الخبز', en: 'From bread points' }, amountPiastres: r.pointsPiastres });
    figures.push({ label: { ar: 'رصيد التموين المتبقي', en: 'Entitlement left' }, amountPiastres: r.balanceAfter });
  } else {
    lines.push({ label: { ar: 'زيارة تأمين صحي', en: 'Health insurance visit' }, quantity: r.amount, amountPiastres: 0 });
  }
  const cvm = CVM_TEXT[r.cvm];
  if (cvm) footer.push(cvm);
  footer.push({ ar: `الكارت ${hex(r.cardId).slice(-4)} - عملية ${r.atc}`, en: `Card ...${hex(r.cardId).slice(-4)} - transaction ${r.atc}` });
  footer.push(r.online ? { ar: 'متصل بالمركز', en: 'Online' } : { ar: 'بدون اتصال', en: 'Offline' });
  if (approval.recovered) footer.push({ ar: 'إكمال عملية سابقة', en: 'Completes an earlier sale' });
  return {
    merchant: options.merchant,
    terminalId: terminalLabel(r.terminalId),
    reference: `${terminalLabel(r.terminalId)}/${String(r.seq).padStart(6, '0')}`,
    issuedAt: Math.floor(r.timeMs / 1000),
    utcOffsetMinutes: options.utcOffsetMinutes ?? 120,
    lines,
    figures,
    outcome: { code: approval.outcome, message: APPROVED },
    footer,
  };
}
