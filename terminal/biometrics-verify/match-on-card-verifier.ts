/**
 * A `FingerprintVerifier` that lets the card decide (match on card, ISO/IEC 7816-11): it captures a finger under the
 * capture policy, turns the scanner's ISO/IEC 19794-2 record into the compact card format and sends it in
 * VERIFY (biometric) `00 21 00 91 7F2E { 81 }`. A match leaves the card's session verified, which the card wants
 * before a debit. Bound to one card session (the KARTGOV applet selected): make one per transaction.
 *
 * Before asking for a finger it reads the card's biometric status (VERIFY without data), so a card whose
 * fingerprint is blocked (6983) or that holds no reference sends the person to the PIN at once.
 *
 * @remarks See ISO/IEC 7816-11:2017, 6 (VERIFY with a biometric data template; 63Cx tries left, 6983 blocked);
 * `card/gov/COMMANDS.md`, VERIFY (biometric). Status words are this file's hard-coded constants below.
 */
import type { Transceiver } from '../../emv/transceiver.ts';
import { BiometricError } from '../biometrics/index.ts';
import { CAPTURE_REASONS } from '../hal/fingerprint-capture-policy.ts';
import { HalError, throwIfAborted } from '../hal/errors.ts';
import type { FingerprintScanner } from '../hal/fingerprint-scanner.ts';
import type { FingerprintReference, FingerprintVerifier, FingerprintVerifyOptions } from '../hal/fingerprint-verifier.ts';
import { verifyBiometricApdu, verifyBiometricStatusApdu } from './biometric-apdus.ts';
import { toCardProbe } from './card-probe.ts';
import { captureProbe, type CapturePolicyOptions } from './capture-probe.ts';
import { MATCH_REASONS, type BiometricVerification, type VerifierReason } from './verifier-reasons.ts';

const SW_9000_VERIFIED = 0x9000;
const SW_63CX_TRIES_LEFT = 0x63c0;
const SW_6983_BLOCKED = 0x6983;
const SW_6A80_WRONG_DATA = 0x6a80;
/** Answers of a card (or applet) that does not do biometric VERIFY or holds no finger reference. */
const NO_REFERENCE_SWS: ReadonlySet<number> = new Set([0x6a88, 0x6a86, 0x6d00, 0x6e00, 0x6a82]);

export interface MatchOnCardVerifierOptions extends CapturePolicyOptions {
  readonly scanner: FingerprintScanner;
  /** The card session's transceiver, KARTGOV selected. */
  readonly transceive: Transceiver;
}

const swOf = (rapdu: Uint8Array): number => {
  if (rapdu.length < 2) throw new HalError('HAL_CARD_IO', `the card answered ${rapdu.length} bytes, no status word`);
  return (rapdu[rapdu.length - 2]! << 8) | rapdu[rapdu.length - 1]!;
};

/** Match on card: see the file comment. */
export class MatchOnCardVerifier implements FingerprintVerifier {
  constructor(private readonly options: MatchOnCardVerifierOptions) {}

  /**
   * Captures one finger (asking again on poor quality) and has the card compare it. `reference` must be
   * `{ kind: 'card' }` (anything else is a wiring bug: `HAL_INTERNAL`). Scanner and card faults are `HalError`s.
   */
  async verify(reference: FingerprintReference, verifyOptions: FingerprintVerifyOptions = {}): Promise<BiometricVerification> {
    if (reference.kind !== 'card') throw new HalError('HAL_INTERNAL', 'MatchOnCardVerifier compares on the card: the reference must be { kind: "card" }');
    const { transceive, scanner } = this.options;
    const signal = verifyOptions.signal;
    throwIfAborted(signal, 'fingerprint verification');
    // See ISO/IEC 7816-11:2017, 6: VERIFY without data gives the status (63Cx tries left, 6983 blocked).
    const status = swOf(await transceive(verifyBiometricStatusApdu()));
    const early = this.beforeCapture(status);
    if (early) return early;
    const probe = await captureProbe(scanner, this.options, verifyOptions);
    if (!probe.ok) return { outcome: 'error', reason: probe.reason, captures: probe.captures };
    let template: Uint8Array;
    try {
      template = toCardProbe(probe.template);
    } catch (error) {
      if (!(error instanceof BiometricError)) throw error;
      return this.fallback(MATCH_REASONS.FP_TEMPLATE_UNREADABLE, probe.captures);
    }
    throwIfAborted(signal, 'fingerprint verification');
    const sw = swOf(await transceive(verifyBiometricApdu(template)));
    const base = { captures: probe.captures, sw };
    if (sw === SW_9000_VERIFIED) return { outcome: 'match', ...base };
    if ((sw & 0xfff0) === SW_63CX_TRIES_LEFT) {
      this.options.onReason?.(MATCH_REASONS.FP_NO_MATCH);
      return { outcome: 'no-match', reason: MATCH_REASONS.FP_NO_MATCH, triesLeft: sw & 0x0f, ...base };
    }
    if (sw === SW_6983_BLOCKED) return this.fallback(MATCH_REASONS.FP_BIOMETRIC_BLOCKED, probe.captures, sw);
    if (sw === SW_6A80_WRONG_DATA) return this.fallback(MATCH_REASONS.FP_CARD_REFUSED_PROBE, probe.captures, sw);
    return this.fallback(MATCH_REASONS.FP_CARD_ANSWER_UNEXPECTED, probe.captures, sw);
  }

  /** The verification that ends before any capture, or undefined when the card will compare a finger. */
  private beforeCapture(status: number): BiometricVerification | undefined {
    if (status === SW_9000_VERIFIED || (status & 0xfff0) === SW_63CX_TRIES_LEFT) return undefined; // a fresh finger all the same
    if (status === SW_6983_BLOCKED) return this.fallback(MATCH_REASONS.FP_BIOMETRIC_BLOCKED, 0, status);
    if (NO_REFERENCE_SWS.has(status)) return this.fallback(CAPTURE_REASONS.FP_CARD_HAS_NO_REFERENCE, 0, status);
    return this.fallback(MATCH_REASONS.FP_CARD_ANSWER_UNEXPECTED, 0, status);
  }

  private fallback(reason: VerifierReason, captures: number, sw?: number): BiometricVerification {
    this.options.onReason?.(reason);
    return { outcome: 'error', reason, captures, ...(sw === undefined ? {} : { sw }) };
  }
}
