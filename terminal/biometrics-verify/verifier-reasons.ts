/**
 * Why a fingerprint verification did not end in a match: the capture policy's reasons
 * (`terminal/hal/fingerprint-capture-policy.ts`) and those of the comparison and the card, each with a stable code
 * (journaled, branched on) and a message for the screen in Arabic and English. No fallback is silent.
 */
import type { CaptureReasonCode } from '../hal/fingerprint-capture-policy.ts';
import type { FingerprintVerification } from '../hal/fingerprint-verifier.ts';

/** Reasons that come from the comparison or the card rather than from the capture. */
export type MatchReasonCode =
  | 'FP_NO_MATCH'
  | 'FP_BIOMETRIC_BLOCKED'
  | 'FP_REFERENCE_NEEDS_PIN'
  | 'FP_REFERENCE_UNREADABLE'
  | 'FP_TEMPLATE_UNREADABLE'
  | 'FP_CARD_REFUSED_PROBE'
  | 'FP_CARD_ANSWER_UNEXPECTED';

/** Reasons of the EMV payment finger CVMs (`emv-finger-verifier.ts`) where the card or the set-up cannot take a finger. */
export type EmvFingerReasonCode =
  | 'FP_EMV_NO_ICC_KEY'
  | 'FP_EMV_NO_ISSUER_KEY'
  | 'FP_EMV_FINGER_NOT_ON_CARD'
  | 'FP_EMV_CHALLENGE_REFUSED'
  | 'FP_EMV_CARD_REFUSED_VERIFY';

export type VerifierReasonCode = CaptureReasonCode | MatchReasonCode | EmvFingerReasonCode;

export interface VerifierReason {
  readonly code: VerifierReasonCode;
  readonly ar: string;
  readonly en: string;
}

export const MATCH_REASONS: Readonly<Record<MatchReasonCode, VerifierReason>> = {
  FP_NO_MATCH: {
    code: 'FP_NO_MATCH',
    ar: 'البصمة لا تطابق الكارت: ضع نفس الإصبع المسجل مرة أخرى.',
    en: 'The fingerprint does not match the card: place the enrolled finger again.',
  },
  FP_BIOMETRIC_BLOCKED: {
    code: 'FP_BIOMETRIC_BLOCKED',
    ar: 'التحقق بالبصمة موقوف على هذا الكارت بعد محاولات خاطئة: يرجى إدخال الرقم السري (الرقم الصحيح يعيد تفعيل البصمة).',
    en: 'Fingerprint verification is blocked on this card after failed attempts: please enter the PIN (a correct PIN unblocks it).',
  },
  FP_REFERENCE_NEEDS_PIN: {
    code: 'FP_REFERENCE_NEEDS_PIN',
    ar: 'لا يسلم الكارت البصمة المسجلة قبل إدخال الرقم السري: يرجى إدخال الرقم السري.',
    en: 'The card releases its enrolled fingerprint only after the PIN: please enter the PIN.',
  },
  FP_REFERENCE_UNREADABLE: {
    code: 'FP_REFERENCE_UNREADABLE',
    ar: 'البصمة المسجلة على الكارت غير مقروءة: يرجى إدخال الرقم السري.',
    en: "The card's enrolled fingerprint cannot be read: please enter the PIN.",
  },
  FP_TEMPLATE_UNREADABLE: {
    code: 'FP_TEMPLATE_UNREADABLE',
    ar: 'أصدر قارئ البصمة بيانات غير سليمة: يرجى إدخال الرقم السري وإبلاغ الدعم الفني.',
    en: 'The fingerprint scanner produced malformed data: please enter the PIN and report the scanner to support.',
  },
  FP_CARD_REFUSED_PROBE: {
    code: 'FP_CARD_REFUSED_PROBE',
    ar: 'رفض الكارت صيغة البصمة: يرجى إدخال الرقم السري.',
    en: 'The card refused the fingerprint format: please enter the PIN.',
  },
  FP_CARD_ANSWER_UNEXPECTED: {
    code: 'FP_CARD_ANSWER_UNEXPECTED',
    ar: 'رد الكارت على التحقق بالبصمة بشكل غير متوقع: يرجى إدخال الرقم السري.',
    en: 'The card gave an unexpected answer to fingerprint verification: please enter the PIN.',
  },
};

export const EMV_FINGER_REASONS: Readonly<Record<EmvFingerReasonCode, VerifierReason>> = {
  FP_EMV_NO_ICC_KEY: {
    code: 'FP_EMV_NO_ICC_KEY',
    ar: 'تعذر التحقق من مفتاح الكارت، فلا يمكن إرسال البصمة إليه بأمان: يرجى إدخال الرقم السري.',
    en: "The card's key could not be verified, so the fingerprint cannot be sent to it safely: please enter the PIN.",
  },
  FP_EMV_NO_ISSUER_KEY: {
    code: 'FP_EMV_NO_ISSUER_KEY',
    ar: 'هذا الجهاز لا يملك مفتاح البنك لإرسال البصمة إليه: يرجى إدخال الرقم السري.',
    en: "This terminal holds no issuer key to send the fingerprint to the bank: please enter the PIN.",
  },
  FP_EMV_FINGER_NOT_ON_CARD: {
    code: 'FP_EMV_FINGER_NOT_ON_CARD',
    ar: 'تطبيق الدفع على الكارت لا يقبل التحقق بالبصمة بهذه الطريقة: يرجى إدخال الرقم السري.',
    en: "The card's payment application does not take a fingerprint this way: please enter the PIN.",
  },
  FP_EMV_CHALLENGE_REFUSED: {
    code: 'FP_EMV_CHALLENGE_REFUSED',
    ar: 'لم يعط الكارت رقم التحقق اللازم للبصمة: يرجى إدخال الرقم السري.',
    en: 'The card did not give the challenge a fingerprint needs: please enter the PIN.',
  },
  FP_EMV_CARD_REFUSED_VERIFY: {
    code: 'FP_EMV_CARD_REFUSED_VERIFY',
    ar: 'رفض الكارت بيانات البصمة المشفرة: يرجى إدخال الرقم السري.',
    en: 'The card refused the enciphered fingerprint data: please enter the PIN.',
  },
};

/**
 * What the verifiers of this folder return: the contract's outcome, plus why it is not a match, how many captures it
 * took, and what the card said. `outcome: 'error'` means "go to the PIN now" (the capture policy's PIN fallback, a
 * blocked card, a scanner or card that cannot take part); `no-match` spends one fingerprint try.
 */
export interface BiometricVerification extends FingerprintVerification {
  readonly reason?: VerifierReason;
  /** Captures made (asking again on poor quality counts each one). */
  readonly captures: number;
  /** Biometric tries left on the card, when it said (63Cx). */
  readonly triesLeft?: number;
  /** The card's status word for VERIFY or GET DATA, when one was sent. */
  readonly sw?: number;
}
