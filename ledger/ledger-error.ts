/**
 * Faults of the reference ledger, as HTTP answers carry them (`{ code, message }` with a 4xx or 5xx status).
 * Callers branch on `code`. A refused batch is not a fault: it gets a signed acknowledgement saying why.
 */
export type LedgerErrorCode =
  | 'LEDGER_BODY_MALFORMED'
  | 'LEDGER_BODY_TOO_LARGE'
  | 'LEDGER_BAD_REQUEST'
  | 'LEDGER_NOT_FOUND'
  | 'LEDGER_METHOD_NOT_ALLOWED'
  | 'LEDGER_TERMINAL_EXISTS'
  | 'LEDGER_TERMINAL_UNKNOWN'
  | 'LEDGER_KEY_INVALID'
  | 'LEDGER_INTERNAL';

/** HTTP status of each code. */
export const LEDGER_ERROR_STATUS: Record<LedgerErrorCode, number> = {
  LEDGER_BODY_MALFORMED: 400,
  LEDGER_BODY_TOO_LARGE: 413,
  LEDGER_BAD_REQUEST: 400,
  LEDGER_NOT_FOUND: 404,
  LEDGER_METHOD_NOT_ALLOWED: 405,
  LEDGER_TERMINAL_EXISTS: 409,
  LEDGER_TERMINAL_UNKNOWN: 404,
  LEDGER_KEY_INVALID: 400,
  LEDGER_INTERNAL: 500,
};

export class LedgerError extends Error {
  override readonly name = 'LedgerError';
  constructor(readonly code: LedgerErrorCode, message: string, options?: { cause?: unknown }) {
    super(message, options?.cause === undefined ? undefined : { cause: options.cause });
  }
}
