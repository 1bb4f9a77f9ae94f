/**
 * One verification's capture: ask the scanner for a finger, put each capture through the capture policy
 * (`decideCaptureUse`), ask again on poor quality until the policy's attempts run out, and stop at once when the
 * scanner's output cannot be matched (vendor template, image only). Scanner faults stay `HalError`s.
 */
import { decideCaptureUse, type CaptureReason } from '../hal/fingerprint-capture-policy.ts';
import type { FingerprintScanner } from '../hal/fingerprint-scanner.ts';
import type { FingerprintVerifyOptions } from '../hal/fingerprint-verifier.ts';
import type { VerifierReason } from './verifier-reasons.ts';

export interface CapturePolicyOptions {
  /** Captures before the PIN fallback (capture policy default 3). */
  readonly maxAttempts?: number;
  /** Lowest quality used (capture policy default 40). */
  readonly minQuality?: number;
  /** Told each reason as it happens (ask again, PIN fallback), for the cashier's and the customer's screens. */
  readonly onReason?: (reason: VerifierReason) => void;
}

/** An ISO/IEC 19794-2 template to match, or the policy's reason to fall back to the PIN. */
export type ProbeCapture =
  | { readonly ok: true; readonly template: Uint8Array; readonly quality: number; readonly captures: number }
  | { readonly ok: false; readonly reason: CaptureReason; readonly captures: number };

/** Captures until the policy says match or PIN. Throws the scanner's `HalError`s (timeout, cancel, faults). */
export async function captureProbe(
  scanner: FingerprintScanner,
  policy: CapturePolicyOptions,
  options: FingerprintVerifyOptions = {},
): Promise<ProbeCapture> {
  const timing = { ...(options.signal ? { signal: options.signal } : {}), ...(options.timeoutMs === undefined ? {} : { timeoutMs: options.timeoutMs }) };
  for (let attempt = 1; ; attempt++) {
    const capture = await scanner.capture({ purpose: 'verify', ...timing });
    const decision = decideCaptureUse({
      capture, attempt, cardHasReference: true,
      ...(policy.maxAttempts === undefined ? {} : { maxAttempts: policy.maxAttempts }),
      ...(policy.minQuality === undefined ? {} : { minQuality: policy.minQuality }),
    });
    if (decision.action === 'match-on-card') return { ok: true, template: decision.template, quality: capture.quality, captures: attempt };
    policy.onReason?.(decision.reason);
    if (decision.action === 'pin-fallback') return { ok: false, reason: decision.reason, captures: attempt };
  }
}
