/**
 * Faults of the terminal firmware (`terminal/`, outside the hardware abstraction, which has `HalError`).
 * Callers branch on `code`, never on message text. Codes a person can see (cashier screen, receipt, support
 * log) carry a stable Arabic and English message in `TERMINAL_USER_MESSAGES`.
 *
 * Add new codes to `TerminalErrorCode` (and to `TERMINAL_USER_MESSAGES` when a person can see them).
 */

export type TerminalErrorCode =
  // Journal (terminal/journal)
  | 'TERM_JOURNAL_FULL'
  | 'TERM_JOURNAL_CORRUPT'
  | 'TERM_JOURNAL_IO'
  | 'TERM_JOURNAL_CLOSED'
  | 'TERM_JOURNAL_ACK_INVALID'
  | 'TERM_JOURNAL_RECORD_INVALID'
  // Device key store (terminal/keys)
  | 'TERM_KEY_FILE_INSECURE'
  | 'TERM_KEY_INVALID'
  | 'TERM_KEY_IO'
  // Signed batches (terminal/sync)
  | 'TERM_COSE_MALFORMED'
  | 'SYNC_BATCH_MALFORMED'
  | 'SYNC_BATCH_REJECTED'
  | 'SYNC_ACK_INVALID'
  | 'SYNC_STOPPED'
  // Blocklist (terminal/blocklist): a delta for another base version, or one that does not fit the list
  | 'TERM_BLOCKLIST_VERSION'
  | 'TERM_BLOCKLIST_CONFLICT'
  // Authorization (terminal/auth): a parameter download that does not hold together
  | 'TERM_PARAMETERS_INVALID'
  // The bakery day register: stock or flour figures entered at opening or closing that cannot be counted
  | 'TERM_REGISTER_INVALID';

/** A message in both languages of the terminal's screen and receipts. */
export interface UserMessage {
  readonly ar: string;
  readonly en: string;
}

/** Stable Arabic and English messages for the codes a person can see. */
export const TERMINAL_USER_MESSAGES: Partial<Record<TerminalErrorCode, UserMessage>> = {
  TERM_JOURNAL_FULL: {
    ar: 'سجل المعاملات ممتلئ: لا يمكن قبول معاملات دون اتصال حتى تتم المزامنة مع الخادم.',
    en: 'The transaction journal is full: offline approvals are stopped until the terminal syncs with the server.',
  },
  TERM_JOURNAL_CORRUPT: {
    ar: 'سجل المعاملات تالف: أوقف البيع واتصل بالدعم الفني.',
    en: 'The transaction journal is damaged: stop selling and contact technical support.',
  },
  TERM_JOURNAL_IO: {
    ar: 'تعذر حفظ المعاملة، ولم تتم الموافقة عليها: أعد تشغيل الجهاز أو اتصل بالدعم الفني.',
    en: 'The transaction could not be saved and was not approved: restart the terminal or contact technical support.',
  },
  SYNC_BATCH_REJECTED: {
    ar: 'رفض الخادم دفعة المعاملات: المعاملات محفوظة في الجهاز، اتصل بالدعم الفني.',
    en: 'The server refused the transaction batch: the transactions are kept on the terminal; contact technical support.',
  },
  SYNC_ACK_INVALID: {
    ar: 'رد الخادم على المزامنة غير موثوق: المعاملات محفوظة في الجهاز، اتصل بالدعم الفني.',
    en: 'The server reply to the sync could not be trusted: the transactions are kept on the terminal; contact technical support.',
  },
  TERM_KEY_FILE_INSECURE: {
    ar: 'ملف مفتاح الجهاز غير محمي: اتصل بالدعم الفني.',
    en: 'The terminal key file is not protected: contact technical support.',
  },
  TERM_REGISTER_INVALID: {
    ar: 'أرقام سجل المخبز غير صحيحة: أدخل الكميات بالأرقام الصحيحة (رغيف، جرام).',
    en: 'The bakery register figures are not valid: enter whole numbers (loaves, grams).',
  },
  TERM_KEY_INVALID: {
    ar: 'مفتاح الجهاز غير صالح: اتصل بالدعم الفني.',
    en: 'The terminal key is not valid: contact technical support.',
  },
};

/** One error class for `terminal/`: a string-literal `code`, the underlying `cause`, and user messages. */
export class TerminalError extends Error {
  override readonly name = 'TerminalError';
  constructor(
    readonly code: TerminalErrorCode,
    message: string,
    options?: { cause?: unknown },
  ) {
    super(message, options?.cause === undefined ? undefined : { cause: options.cause });
  }

  /** The Arabic and English message for a person, when this code is one a person can see. */
  get userMessage(): UserMessage | undefined {
    return TERMINAL_USER_MESSAGES[this.code];
  }
}

/** True when `error` is a `TerminalError` with the given code. */
export function isTerminalError(error: unknown, code?: TerminalErrorCode): error is TerminalError {
  return error instanceof TerminalError && (code === undefined || error.code === code);
}
