/** Fault codes of the government card tooling (personalisation, issuing). Callers branch on `code`. */
export type GovErrorCode = 'GOV_HOUSEHOLD_INVALID' | 'GOV_PERSONALIZATION_INVALID';

const MESSAGES: Readonly<Record<GovErrorCode, { readonly en: string; readonly ar: string }>> = {
  GOV_HOUSEHOLD_INVALID: { en: 'The household file is not valid.', ar: 'ملف الأسرة غير صالح.' },
  GOV_PERSONALIZATION_INVALID: { en: 'The card data is not valid.', ar: 'بيانات الكارت غير صالحة.' },
};

/**
 * One error class for `card/gov`: a string-literal `code`, a detail naming what was wrong (never a national ID or
 * a PIN), and the Arabic and English messages an operator sees.
 */
export class GovError extends Error {
  override readonly name = 'GovError';
  readonly messageAr: string;
  readonly messageEn: string;
  constructor(
    readonly code: GovErrorCode,
    readonly detail: string,
    options?: { cause?: unknown },
  ) {
    super(`${MESSAGES[code].en} ${detail}`, options?.cause === undefined ? undefined : { cause: options.cause });
    this.messageAr = MESSAGES[code].ar;
    this.messageEn = MESSAGES[code].en;
  }
}
