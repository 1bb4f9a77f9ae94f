/**
 * What the terminal does with one capture: a pure decision, so that the transaction flow, the cashier's screen
 * and the journal all see the same action and the same reason. Field experience (DOMAIN.md) says fingerprints
 * fail for some people: a fallback is mandatory and is never silent, so every non-match path names its reason.
 */
import type { FingerprintCapture } from './fingerprint-scanner.ts';

/** Why the capture is not used as is. Codes are stable (journaled, branched on); messages are for the screen. */
export type CaptureReasonCode =
  | 'FP_ASK_AGAIN_QUALITY'
  | 'FP_ATTEMPTS_EXHAUSTED'
  | 'FP_VENDOR_TEMPLATE'
  | 'FP_IMAGE_ONLY'
  | 'FP_CARD_HAS_NO_REFERENCE';

export interface CaptureReason {
  readonly code: CaptureReasonCode;
  readonly ar: string;
  readonly en: string;
}

export const CAPTURE_REASONS: Readonly<Record<CaptureReasonCode, CaptureReason>> = {
  FP_ASK_AGAIN_QUALITY: {
    code: 'FP_ASK_AGAIN_QUALITY',
    ar: 'البصمة غير واضحة: امسح الإصبع وضعه مرة أخرى بثبات على القارئ.',
    en: 'The fingerprint is not clear: wipe the finger and place it again, steadily, on the scanner.',
  },
  FP_ATTEMPTS_EXHAUSTED: {
    code: 'FP_ATTEMPTS_EXHAUSTED',
    ar: 'تعذرت قراءة البصمة بعد عدة محاولات: يرجى إدخال الرقم السري بدلا منها.',
    en: 'The fingerprint could not be read after several attempts: please enter the PIN instead.',
  },
  FP_VENDOR_TEMPLATE: {
    code: 'FP_VENDOR_TEMPLATE',
    ar: 'قارئ البصمة في هذا الجهاز لا يصدر بصمة بالصيغة القياسية التي يقبلها الكارت: يرجى إدخال الرقم السري.',
    en: "This terminal's fingerprint scanner does not produce the standard template the card accepts: please enter the PIN.",
  },
  FP_IMAGE_ONLY: {
    code: 'FP_IMAGE_ONLY',
    ar: 'قارئ البصمة في هذا الجهاز يصدر صورة فقط ولا يمكن مطابقتها هنا: يرجى إدخال الرقم السري.',
    en: "This terminal's fingerprint scanner gives only an image, which cannot be matched here: please enter the PIN.",
  },
  FP_CARD_HAS_NO_REFERENCE: {
    code: 'FP_CARD_HAS_NO_REFERENCE',
    ar: 'لا توجد بصمة مسجلة على هذا الكارت: يرجى إدخال الرقم السري.',
    en: 'No fingerprint is enrolled on this card: please enter the PIN.',
  },
};

export interface CapturePolicyInput {
  readonly capture: FingerprintCapture;
  /** Which attempt this capture was, counted from 1. */
  readonly attempt: number;
  /** Attempts allowed before the PIN fallback (default 3). */
  readonly maxAttempts?: number;
  /** Lowest quality accepted (default 40); below it the person is asked again. */
  readonly minQuality?: number;
  /** Whether the card holds a fingerprint reference it can match on card (ISO/IEC 7816-11 VERIFY). */
  readonly cardHasReference: boolean;
}

/** The decision: match on card with this ISO template, place the finger again, or fall back to the PIN. */
export type CaptureDecision =
  | { readonly action: 'match-on-card'; readonly template: Uint8Array }
  | { readonly action: 'ask-again'; readonly reason: CaptureReason }
  | { readonly action: 'pin-fallback'; readonly reason: CaptureReason };

export const DEFAULT_MAX_CAPTURE_ATTEMPTS = 3;
export const DEFAULT_MIN_CAPTURE_QUALITY = 40;

/**
 * Decides what to do with a capture. Order: a card without a reference or a scanner whose output the card cannot
 * take (vendor template, image only) goes to the PIN at once, whatever the quality (asking again cannot help);
 * then a rejected or low-quality capture is asked again until the attempts run out, then the PIN.
 */
export function decideCaptureUse(input: CapturePolicyInput): CaptureDecision {
  const { capture } = input;
  const maxAttempts = input.maxAttempts ?? DEFAULT_MAX_CAPTURE_ATTEMPTS;
  const minQuality = input.minQuality ?? DEFAULT_MIN_CAPTURE_QUALITY;
  if (!input.cardHasReference) return { action: 'pin-fallback', reason: CAPTURE_REASONS.FP_CARD_HAS_NO_REFERENCE };
  if (capture.format === 'vendor-template') return { action: 'pin-fallback', reason: CAPTURE_REASONS.FP_VENDOR_TEMPLATE };
  if (capture.format === 'image') return { action: 'pin-fallback', reason: CAPTURE_REASONS.FP_IMAGE_ONLY };
  const usable = capture.template !== undefined && capture.template.length > 0 && capture.rejected === undefined && capture.quality >= minQuality;
  if (usable) return { action: 'match-on-card', template: capture.template! };
  if (input.attempt >= maxAttempts) return { action: 'pin-fallback', reason: CAPTURE_REASONS.FP_ATTEMPTS_EXHAUSTED };
  return { action: 'ask-again', reason: CAPTURE_REASONS.FP_ASK_AGAIN_QUALITY };
}
