import { BiometricError, type BiometricErrorCode } from './errors.ts';

/**
 * Throws a `BiometricError` naming `field` unless `value` is an integer in `[min, max]` (and, when `allowed` is
 * given, one of those values). Shared by the encoders (`BIO_TEMPLATE_UNENCODABLE`) and decoders
 * (`BIO_TEMPLATE_MALFORMED`, with the byte offset).
 */
export function checkField(
  code: BiometricErrorCode,
  field: string,
  value: number,
  min: number,
  max: number,
  offset?: number,
  allowed?: readonly number[],
): void {
  const ok = Number.isInteger(value) && value >= min && value <= max && (allowed === undefined || allowed.includes(value));
  if (ok) return;
  const range = allowed === undefined ? `${min}..${max}` : allowed.join(', ');
  throw new BiometricError(code, field, `${String(value)} is not in ${range}`, offset === undefined ? undefined : { offset });
}
