/** Fault codes of the biometrics library. Callers branch on `code` (and `field`), never on the message. */
export type BiometricErrorCode =
  /** Bytes that do not parse as the claimed template format. */
  | 'BIO_TEMPLATE_MALFORMED'
  /** A value handed to an encoder that the format cannot represent. */
  | 'BIO_TEMPLATE_UNENCODABLE';

/**
 * One error class for `terminal/biometrics`: a string-literal `code`, the `field` at fault (named as in
 * ISO/IEC 19794-2:2005, e.g. `recordLength`, `view[0].minutia[3].type`) and, for decoding, the byte `offset`.
 */
export class BiometricError extends Error {
  override readonly name = 'BiometricError';
  constructor(
    readonly code: BiometricErrorCode,
    readonly field: string,
    message: string,
    options?: { cause?: unknown; offset?: number },
  ) {
    super(`${field}: ${message}`, options?.cause === undefined ? undefined : { cause: options.cause });
    if (options?.offset !== undefined) this.offset = options.offset;
  }
  /** Byte offset in the input where the fault was found, when it applies. */
  offset?: number;
}
