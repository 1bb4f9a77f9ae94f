/**
 * Faults of the transaction services (`terminal/services/`): a card that answers outside its contract, a debit
 * proof that does not verify or does not describe the debit asked for, a journal without the records a recovery
 * needs. Declines are outcomes, never these. Device faults stay `HalError`s and journal faults `TerminalError`s,
 * passed through unchanged; callers branch on `code`.
 */
import type { UserMessage } from '../errors.ts';

export type ServiceErrorCode =
  /** The card answered a status word or data the contract does not allow here. */
  | 'SVC_CARD_PROTOCOL'
  /** The card's debit proof failed its signature or does not match the debit asked for. */
  | 'SVC_DEBIT_PROOF_INVALID'
  /** A pending debit record in the journal could not be read back. */
  | 'SVC_PENDING_INVALID';

const MESSAGES: Readonly<Record<ServiceErrorCode, UserMessage>> = {
  SVC_CARD_PROTOCOL: {
    ar: 'رد الكارت غير متوقع: لم تتم المعاملة. أعد إدخال الكارت، وإن تكرر ذلك فاتصل بالدعم الفني.',
    en: 'The card gave an unexpected answer: nothing was approved. Insert the card again; if it happens again, contact support.',
  },
  SVC_DEBIT_PROOF_INVALID: {
    ar: 'إثبات الخصم من الكارت غير صالح: لم تتم الموافقة. احتفظ بالكارت واتصل بالدعم الفني.',
    en: "The card's debit proof is not valid: nothing was approved. Keep the card and contact support.",
  },
  SVC_PENDING_INVALID: {
    ar: 'سجل المعاملة المعلقة تالف: اتصل بالدعم الفني.',
    en: 'The pending transaction record is damaged: contact support.',
  },
};

/** One error class for `terminal/services`: a string-literal `code`, a `cause`, and the person's message. */
export class ServiceError extends Error {
  override readonly name = 'ServiceError';
  constructor(
    readonly code: ServiceErrorCode,
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
