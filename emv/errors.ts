/** Fault codes raised by the pure EMV layer. Callers branch on `code`, never on the message. */
export type EmvErrorCode =
  | 'EMV_TLV_MALFORMED'
  | 'EMV_TLV_TOO_DEEP'
  | 'EMV_DOL_MALFORMED'
  | 'EMV_FORMAT_INVALID'
  | 'EMV_APDU_MALFORMED'
  | 'EMV_APDU_TOO_LONG'
  | 'EMV_RESPONSE_MALFORMED'
  | 'EMV_T0_CHAINING_LIMIT'
  | 'EMV_CARD_PROTOCOL'
  | 'EMV_CVM_LIST_MALFORMED';

/** One error class for the EMV layer: a string-literal `code`, an English message, an optional `cause`. */
export class EmvError extends Error {
  override readonly name = 'EmvError';
  constructor(
    readonly code: EmvErrorCode,
    message: string,
    options?: { cause?: unknown; offset?: number },
  ) {
    super(message, options?.cause === undefined ? undefined : { cause: options.cause });
    if (options?.offset !== undefined) this.offset = options.offset;
  }
  /** Byte offset in the input where the fault was found, when it applies. */
  offset?: number;
}
