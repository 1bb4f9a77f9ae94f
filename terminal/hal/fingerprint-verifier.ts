/**
 * The fingerprint-verifier contract: captures a finger and compares it with the cardholder's reference, either a
 * template the terminal holds (read from the card) or on the card itself (match-on-card, ISO/IEC 7816-11).
 * Interface only; implementations (a HID scanner, `SimFingerprintVerifier`) are peers injected by the caller.
 *
 * An outcome a person caused is a value (`no-match`, `low-quality`); a device fault is `error` when the device
 * reported it, or a thrown `HalError` (`HAL_CANCELED` when the signal fires, `HAL_TIMEOUT`, `HAL_DISCONNECTED`).
 */

/** What the finger is compared with. */
export type FingerprintReference =
  | { readonly kind: 'template'; readonly template: Uint8Array }
  | { readonly kind: 'card' };

/** The result of one capture and comparison. */
export type FingerprintOutcome = 'match' | 'no-match' | 'low-quality' | 'error';

export interface FingerprintVerifyOptions {
  readonly signal?: AbortSignal;
  /** Gives up with `HAL_TIMEOUT` when no finger is captured within this many milliseconds. */
  readonly timeoutMs?: number;
}

export interface FingerprintVerification {
  readonly outcome: FingerprintOutcome;
  /** The matcher's score when it gives one (higher is closer); never the captured image or template. */
  readonly score?: number;
}

export interface FingerprintVerifier {
  /** Captures one finger and compares it with `reference`. */
  verify(reference: FingerprintReference, options?: FingerprintVerifyOptions): Promise<FingerprintVerification>;
}
