/**
 * A `FingerprintVerifier` that compares on the terminal with the project's minutiae matcher: capture under the
 * capture policy, compare the scanner's ISO/IEC 19794-2 record with the reference, accept at `MATCH_THRESHOLD`.
 *
 * The reference is either a template the caller holds (`{ kind: 'template' }`: a record or compact card minutiae)
 * or the card's (`{ kind: 'card' }`), read once per verifier with GET DATA `00 CB 3F FF 5C 02 7F2E`. The card
 * releases it only after a PIN verification in the session (the holder's consent; COMMANDS.md): asked before the
 * PIN, the card answers 6982 and the verifier sends the person to the PIN (`FP_REFERENCE_NEEDS_PIN`) without a
 * capture. So at the counter, where the fingerprint comes first, match on card (`MatchOnCardVerifier`) is the
 * fingerprint CVM; matching here serves a second check in a PIN-verified session (a health visit's presence check)
 * and references held outside the card. A match here does not verify the card's session: the card's own
 * verification (PIN, or VERIFY biometric) is what a debit needs. Terminal authentication on the card would lift the
 * PIN condition (not done: terminals have no card-facing keys yet).
 *
 * @remarks See ISO/IEC 19794-2:2005 (record and compact card formats), ISO/IEC 7816-4:2020, 11.4.3 (GET DATA),
 * ISO/IEC 7816-11:2017 (off-card comparison with a reference read from the card).
 */
import type { Transceiver } from '../../emv/transceiver.ts';
import {
  BiometricError, compareTemplates, decodeCompactCard, decodeFingerMinutiaeRecord, MATCH_THRESHOLD, prepareTemplate,
  type PreparedTemplate,
} from '../biometrics/index.ts';
import { CAPTURE_REASONS } from '../hal/fingerprint-capture-policy.ts';
import { HalError, throwIfAborted } from '../hal/errors.ts';
import type { FingerprintScanner } from '../hal/fingerprint-scanner.ts';
import type { FingerprintReference, FingerprintVerifier, FingerprintVerifyOptions } from '../hal/fingerprint-verifier.ts';
import { getBiometricReferenceApdu, readBiometricTemplate } from './biometric-apdus.ts';
import { captureProbe, type CapturePolicyOptions } from './capture-probe.ts';
import { MATCH_REASONS, type BiometricVerification, type VerifierReason } from './verifier-reasons.ts';

export interface MatchOnTerminalVerifierOptions extends CapturePolicyOptions {
  readonly scanner: FingerprintScanner;
  /** The card session (KARTGOV selected), for `{ kind: 'card' }` references. */
  readonly transceive?: Transceiver;
  /** Accept when the score is at least this (default `MATCH_THRESHOLD`). */
  readonly threshold?: number;
}

/** ISO/IEC 19794-2 records begin with "FMR\0"; anything else is read as compact card minutiae. */
const FMR_MAGIC = [0x46, 0x4d, 0x52, 0x00] as const;

/** Prepares a reference (record or compact card minutiae); undefined when it is neither. */
function prepareReference(bytes: Uint8Array): PreparedTemplate | undefined {
  try {
    const isRecord = bytes.length >= 4 && FMR_MAGIC.every((b, i) => bytes[i] === b);
    const template = isRecord ? prepareTemplate(decodeFingerMinutiaeRecord(bytes)) : prepareTemplate(decodeCompactCard(bytes));
    return template.count >= 2 ? template : undefined;
  } catch (error) {
    if (error instanceof BiometricError) return undefined;
    throw error;
  }
}

/** Match on terminal: see the file comment. */
export class MatchOnTerminalVerifier implements FingerprintVerifier {
  private cardReference: PreparedTemplate | undefined;

  constructor(private readonly options: MatchOnTerminalVerifierOptions) {}

  /** Captures one finger (asking again on poor quality) and compares it here. Faults are `HalError`s. */
  async verify(reference: FingerprintReference, verifyOptions: FingerprintVerifyOptions = {}): Promise<BiometricVerification> {
    throwIfAborted(verifyOptions.signal, 'fingerprint verification');
    const resolved = reference.kind === 'template' ? this.fromBytes(reference.template) : await this.fromCard();
    if ('outcome' in resolved) return resolved;
    const probe = await captureProbe(this.options.scanner, this.options, verifyOptions);
    if (!probe.ok) return { outcome: 'error', reason: probe.reason, captures: probe.captures };
    let prepared: PreparedTemplate;
    try {
      prepared = prepareTemplate(decodeFingerMinutiaeRecord(probe.template));
    } catch (error) {
      if (!(error instanceof BiometricError)) throw error;
      return this.fallback(MATCH_REASONS.FP_TEMPLATE_UNREADABLE, probe.captures);
    }
    const score = compareTemplates(prepared, resolved.template);
    if (score >= (this.options.threshold ?? MATCH_THRESHOLD)) return { outcome: 'match', score, captures: probe.captures };
    this.options.onReason?.(MATCH_REASONS.FP_NO_MATCH);
    return { outcome: 'no-match', score, reason: MATCH_REASONS.FP_NO_MATCH, captures: probe.captures };
  }

  private fromBytes(bytes: Uint8Array): { template: PreparedTemplate } | BiometricVerification {
    const template = prepareReference(bytes);
    return template ? { template } : this.fallback(MATCH_REASONS.FP_REFERENCE_UNREADABLE, 0);
  }

  /** The card's reference, read once (GET DATA after the PIN). */
  private async fromCard(): Promise<{ template: PreparedTemplate } | BiometricVerification> {
    if (this.cardReference) return { template: this.cardReference };
    const { transceive } = this.options;
    if (!transceive) throw new HalError('HAL_INTERNAL', 'MatchOnTerminalVerifier: a { kind: "card" } reference needs the card session');
    const rapdu = await transceive(getBiometricReferenceApdu());
    if (rapdu.length < 2) throw new HalError('HAL_CARD_IO', `the card answered ${rapdu.length} bytes, no status word`);
    const sw = (rapdu[rapdu.length - 2]! << 8) | rapdu[rapdu.length - 1]!;
    // See card/gov/COMMANDS.md, GET DATA: 9000 the reference, 6982 no PIN in this session, 6A88 none.
    if (sw === 0x6982) return this.fallback(MATCH_REASONS.FP_REFERENCE_NEEDS_PIN, 0, sw);
    if (sw === 0x6a88) return this.fallback(CAPTURE_REASONS.FP_CARD_HAS_NO_REFERENCE, 0, sw);
    if (sw !== 0x9000) return this.fallback(MATCH_REASONS.FP_CARD_ANSWER_UNEXPECTED, 0, sw);
    const bytes = readBiometricTemplate(rapdu.subarray(0, -2));
    const template = bytes && prepareReference(bytes);
    if (!template) return this.fallback(MATCH_REASONS.FP_REFERENCE_UNREADABLE, 0, sw);
    this.cardReference = template;
    return { template };
  }

  private fallback(reason: VerifierReason, captures: number, sw?: number): BiometricVerification {
    this.options.onReason?.(reason);
    return { outcome: 'error', reason, captures, ...(sw === undefined ? {} : { sw }) };
  }
}
