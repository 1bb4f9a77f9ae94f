/**
 * The printed receipt of a card payment, from its journaled record (durable before anything is printed): the
 * amount, the masked PAN, how the holder was verified (from the CVM Results), the cryptogram's ATC and the response
 * code, in Arabic and English, for `terminal/print/escpos` (`layoutReceipt`, `encodeReceipt`).
 * @remarks CVM codes: EMV 4.4 Book 3, Annex C3 (Table 43); CVM Results: Book 4, Annex A4.
 */
import type { UserMessage } from '../errors.ts';
import type { Receipt } from '../print/escpos/receipt.ts';
import { PAYMENT_OUTCOME, type CardPaymentRecord } from '../schemas/card-payment-record.ts';
import { terminalLabel } from '../services/receipt-of.ts';

export interface CardPaymentReceiptOptions {
  readonly merchant: UserMessage;
  /** The journal sequence number of the record (the receipt's reference). */
  readonly seq: number;
  /** The decline's message for the screen and the slip (declines only). */
  readonly message?: UserMessage;
}

/** CVM Results byte 1 b6-b1 (the CVM code) as a receipt line; byte 3 02 successful, 00 unknown. */
export function cvmText(cvmResults: Uint8Array): UserMessage | undefined {
  switch (cvmResults[0]! & 0x3f) {
    case 0x08: return { ar: 'تم التحقق بالبصمة على الكارت', en: 'Verified by fingerprint on the card' };
    case 0x09: return { ar: 'تم التحقق بالبصمة لدى البنك', en: 'Fingerprint verified by the bank' };
    case 0x01: return { ar: 'تم التحقق بالرقم السري', en: 'Verified by PIN' };
    case 0x03: return { ar: 'تم التحقق بالرقم السري والتوقيع', en: 'Verified by PIN and signature' };
    case 0x1e: return { ar: 'توقيع العميل: ..................', en: 'Cardholder signature: ..................' };
    case 0x1f: return { ar: 'بدون تحقق من حامل الكارت', en: 'No cardholder verification' };
    default: return undefined;
  }
}

const APPROVED: UserMessage = { ar: 'تمت الموافقة على الدفع', en: 'Payment approved' };
const DECLINED: UserMessage = { ar: 'تم رفض الدفع', en: 'Payment declined' };

/** The receipt of `record` (see the file comment). */
export function cardPaymentReceipt(record: CardPaymentRecord, options: CardPaymentReceiptOptions): Receipt {
  const approved = record.outcome === PAYMENT_OUTCOME.APPROVED;
  const footer: UserMessage[] = [{ ar: `الكارت ${record.panMasked}`, en: `Card ${record.panMasked}` }];
  const cvm = approved ? cvmText(record.cvmResults) : undefined;
  if (cvm) footer.push(cvm);
  if (record.atc !== null) footer.push({ ar: `رقم العملية على الكارت ${record.atc}`, en: `Card transaction ${record.atc}` });
  footer.push(record.online ? { ar: `متصل بالبنك - رمز الرد ${record.arc ?? '--'}`, en: `Online - response ${record.arc ?? '--'}` } : { ar: 'بدون اتصال', en: 'Offline' });
  return {
    merchant: options.merchant,
    terminalId: terminalLabel(record.terminalId),
    reference: `${terminalLabel(record.terminalId)}/${String(options.seq).padStart(6, '0')}`,
    issuedAt: record.time,
    utcOffsetMinutes: record.utcOffsetMinutes,
    lines: [{ label: { ar: 'دفع بالكارت', en: 'Card payment' }, quantity: 1, amountPiastres: record.amount }],
    outcome: { code: record.code, message: approved ? APPROVED : (options.message ?? DECLINED) },
    footer,
  };
}
