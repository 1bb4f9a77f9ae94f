/** Fault codes of the payment application's tooling (personalisation). Callers branch on `code`. */
export type PaymentErrorCode = 'PAY_PERSONALIZATION_INVALID';

const MESSAGES: Readonly<Record<PaymentErrorCode, { readonly en: string; readonly ar: string }>> = {
  PAY_PERSONALIZATION_INVALID: { en: 'The payment card data is not valid.', ar: 'بيانات كارت الدفع غير صالحة.' },
};

/**
 * One error class for `card/emv-pay`: a string-literal `code`, a `field` naming what was wrong and a `detail`
 * (never the value: no PAN, PIN, key or finger data), and the Arabic and English messages an operator sees.
 */
export class PaymentError extends Error {
  override readonly name = 'PaymentError';
  readonly messageAr: string;
  readonly messageEn: string;
  constructor(
    readonly code: PaymentErrorCode,
    readonly field: string,
    readonly detail: string,
    options?: { cause?: unknown },
  ) {
    super(`${MESSAGES[code].en} ${field}: ${detail}`, options?.cause === undefined ? undefined : { cause: options.cause });
    this.messageAr = MESSAGES[code].ar;
    this.messageEn = MESSAGES[code].en;
  }
}
