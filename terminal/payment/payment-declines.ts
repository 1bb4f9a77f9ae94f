/**
 * The stable codes a card payment ends with, from the kernel's reason (`EmvReasonCode`), and their messages for
 * the cashier's screen and the slip in Arabic and English. A kernel fault (`terminated`) keeps its `EMV_*` code.
 */
import type { EmvReasonCode } from '../../emv/kernel/run-emv-transaction.ts';
import type { UserMessage } from '../errors.ts';

export type PaymentDeclineCode =
  | 'CARD_DECLINED'
  | 'ISSUER_DECLINED'
  | 'CARD_DECLINED_AFTER_ISSUER'
  | 'ISSUER_UNREACHABLE'
  | 'CARD_AUTHENTICATION_FAILED'
  | 'NOT_JOURNALED'
  | 'CARD_ERROR';

/** The journal's and the screen's code for a kernel ending that is not an approval. */
export function declineCodeOf(reasonCode: EmvReasonCode): string {
  switch (reasonCode) {
    case 'OFFLINE_DECLINED': return 'CARD_DECLINED';
    case 'ONLINE_DECLINED': return 'ISSUER_DECLINED';
    case 'CARD_DECLINED_AFTER_ONLINE_APPROVAL': return 'CARD_DECLINED_AFTER_ISSUER';
    case 'UNABLE_ONLINE_DECLINED': return 'ISSUER_UNREACHABLE';
    case 'CDA_FAILED': return 'CARD_AUTHENTICATION_FAILED';
    case 'OFFLINE_APPROVED': case 'ONLINE_APPROVED': case 'UNABLE_ONLINE_APPROVED': return 'CARD_ERROR'; // not a decline: a wiring bug
    default: return reasonCode; // EMV_* faults: the kernel's own code
  }
}

const MESSAGES: Readonly<Record<PaymentDeclineCode, UserMessage>> = {
  CARD_DECLINED: { ar: 'رفض الكارت عملية الدفع.', en: 'The card declined the payment.' },
  ISSUER_DECLINED: { ar: 'رفض البنك عملية الدفع.', en: 'The bank declined the payment.' },
  CARD_DECLINED_AFTER_ISSUER: {
    ar: 'وافق البنك لكن الكارت رفض إتمام العملية: لم يتم الدفع.',
    en: 'The bank approved but the card refused to complete: nothing was paid.',
  },
  ISSUER_UNREACHABLE: { ar: 'تعذر الاتصال بالبنك ولم يقبل الكارت الدفع بدون اتصال.', en: 'The bank could not be reached and the card did not accept paying offline.' },
  CARD_AUTHENTICATION_FAILED: { ar: 'تعذر التحقق من صحة الكارت: لم يتم الدفع.', en: 'The card could not be authenticated: nothing was paid.' },
  NOT_JOURNALED: {
    ar: 'تعذر حفظ عملية الدفع، ولم تتم الموافقة عليها: لا تسلم البضاعة، وأعد المحاولة أو اتصل بالدعم الفني.',
    en: 'The payment could not be saved and is not approved: do not hand over the goods; try again or contact support.',
  },
  CARD_ERROR: { ar: 'حدث خطأ في قراءة تطبيق الدفع على الكارت: لم يتم الدفع.', en: "The card's payment application gave an error: nothing was paid." },
};

/** The message for a payment's code (a kernel fault's `EMV_*` code reads as a card error). */
export function paymentMessage(code: string): UserMessage {
  return MESSAGES[code as PaymentDeclineCode] ?? MESSAGES.CARD_ERROR;
}
