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
  | 'EMV_CVM_LIST_MALFORMED'
  // Offline data authentication: a certificate or signature that does not recover or verify, a key of the wrong size.
  | 'EMV_CERTIFICATE_INVALID'
  | 'EMV_SIGNATURE_INVALID'
  | 'EMV_KEY_INVALID'
  // Application cryptograms and issuer authentication.
  | 'EMV_CRYPTOGRAM_INVALID'
  // Biometric verification data (EMV 4.4 Book 2 biometric encipherment, Book 3 biometric data objects).
  | 'EMV_BIOMETRIC_DATA_INVALID'
  // The payment kernel: a card without a mandatory data object, with one that is malformed, or without a usable application.
  | 'EMV_CARD_DATA_MISSING'
  | 'EMV_CARD_DATA_INVALID'
  | 'EMV_CARD_REFUSED'
  | 'EMV_NO_APPLICATION';

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
