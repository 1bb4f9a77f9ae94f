/**
 * Faults of card payments (`terminal/payment/`): card data the terminal cannot journal (a PAN that is no PAN), a
 * payment set-up that does not hold together. Declines are outcomes, never these. Kernel faults stay `EmvError`s,
 * device faults `HalError`s and journal faults `TerminalError`s, passed through unchanged; callers branch on `code`.
 */
import type { UserMessage } from '../errors.ts';

export type PaymentErrorCode =
  /** The card's payment data (PAN, PSN...) is outside what EMV allows. */
  | 'PAY_CARD_DATA_INVALID'
  /** The payment configuration is unusable (a short tokenisation key, an amount out of range...). */
  | 'PAY_CONFIG_INVALID';

const MESSAGES: Readonly<Record<PaymentErrorCode, UserMessage>> = {
  PAY_CARD_DATA_INVALID: {
    ar: 'بيانات الدفع على الكارت غير صالحة: لم تتم عملية الدفع. اتصل بالجهة المصدرة للكارت.',
    en: "The card's payment data is not valid: nothing was paid. Contact the card's issuer.",
  },
  PAY_CONFIG_INVALID: {
    ar: 'إعدادات الدفع بالكارت في هذا الجهاز غير صحيحة: لم تتم عملية الدفع. اتصل بالدعم الفني.',
    en: "This terminal's card payment settings are wrong: nothing was paid. Contact support.",
  },
};

/** One error class for `terminal/payment`: a string-literal `code`, a `cause`, and the person's message. */
export class PaymentError extends Error {
  override readonly name = 'PaymentError';
  constructor(
    readonly code: PaymentErrorCode,
    message: string,
    options?: { cause?: unknown },
  ) {
    super(message, options?.cause === undefined ? undefined : { cause: options.cause });
  }

  /** Arabic and English text for the cashier's screen. */
  get userMessage(): UserMessage {
    return MESSAGES[this.code];
  }
}
