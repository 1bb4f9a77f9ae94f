/**
 * The EMV 4.4 finger CVMs for the payment kernel (`emv/kernel`, `BiometricVerifier`): the same scanner contract,
 * capture policy and compact card probe as `MatchOnCardVerifier`, wrapped the way EMV carries a biometric sample.
 *
 * - `finger-offline` (CVM 08): capture under the policy (ask again on poor quality within this one attempt, no
 *   card try spent), GET CHALLENGE for the card's 8-byte unpredictable number, the compact card probe as the
 *   Biometric Data Block, enciphered for the ICC public key (RSA-KEM + DEM1, AES-128, HMAC-SHA-256) into the Biometric
 *   Verification Data Template, then VERIFY (P2 89, chained when over 255 bytes; a card that answers 6884 "no
 *   chaining" gets it again, with a fresh challenge, as one extended-length VERIFY). 9000 match, 63Cx no match
 *   with x tries left, 6983 blocked, anything else unavailable with its reason.
 * - `finger-online` (CVM 09): capture the same way and encipher the BDB for the issuer's biometric public key (a
 *   configuration input); the kernel carries it to the issuer in the authorisation request (`captured`).
 *
 * Scanners that cannot serve (an R30x UART module's vendor templates, image-only devices) give `unavailable` with
 * the capture policy's reason at once, as for KARTGOV. Scanner faults (`HAL_TIMEOUT`, `HAL_CANCELED`, ...) are thrown.
 * The BVDT is a secret like a PIN block: never logged; traces hide the VERIFY data (terminal/hal/redaction).
 *
 * @remarks See EMV 4.4 Book 2, 7.3 (Biometric Data Encipherment and Recovery, Tables 26 and 27); Book 3, 6.5.12
 * (VERIFY), 6.5.6 (GET CHALLENGE), 6.5.13 (command chaining), 10.5 (cardholder verification, biometric CVMs).
 */
import { randomBytes } from 'node:crypto';
import { BiometricError } from '../biometrics/index.ts';
import { HalError } from '../hal/errors.ts';
import type { FingerprintScanner } from '../hal/fingerprint-scanner.ts';
import type { FingerprintVerifyOptions } from '../hal/fingerprint-verifier.ts';
import { toCardProbe } from './card-probe.ts';
import { captureProbe, type CapturePolicyOptions } from './capture-probe.ts';
import { EMV_FINGER_REASONS, MATCH_REASONS, type VerifierReason } from './verifier-reasons.ts';
import { buildCommandApdu } from '../../emv/apdu/command-apdu.ts';
import { biometricVerifyCommands, VERIFY_P2_BIOMETRIC } from '../../emv/biometric/biometric-commands.ts';
import { BIOMETRIC_TYPE_FINGER } from '../../emv/biometric/biometric-data-objects.ts';
import { buildBiometricVerificationData, onlineBiometricUnpredictableNumber } from '../../emv/biometric/biometric-verification-data.ts';
import type {
  BiometricContext, BiometricCvmOutcome, BiometricKind, BiometricVerifier, CardBitGroup,
} from '../../emv/kernel/cardholder-verification.ts';
import type { RsaPublicKey } from '../../emv/oda/rsa.ts';
import { decodeTlv } from '../../emv/tlv/decode-tlv.ts';

/** `00 84 00 00 08`: GET CHALLENGE for 8 bytes. See EMV 4.4 Book 3, 6.5.6 and Book 2, 7.3 step 2. */
export const GET_CHALLENGE_APDU = Uint8Array.of(0x00, 0x84, 0x00, 0x00, 0x08);
const ICC_UN_LENGTH = 8;

const SW_9000 = 0x9000;
const SW_63CX = 0x63c0;
const SW_6983_BLOCKED = 0x6983;
const SW_6884_NO_CHAINING = 0x6884;

/** The Biometric Solution ID and Subtype used when the card names none (no Card BIT Group Template, 9F31). */
export interface FingerSolution {
  readonly solutionId: Uint8Array;
  readonly subtype: number;
}

/**
 * Kart's own: Biometric Solution ID `4B 41 01` ("KA" + version 1, compact card minutiae of ISO/IEC 19794-2 matched
 * by `terminal/biometrics`), subtype 0 (no information given: Book 3, Table 50). A card's 9F31 overrides it.
 */
export const DEFAULT_FINGER_SOLUTION: FingerSolution = { solutionId: Uint8Array.of(0x4b, 0x41, 0x01), subtype: 0x00 };

export interface EmvFingerVerifierOptions extends CapturePolicyOptions {
  readonly scanner: FingerprintScanner;
  /** The issuer's biometric encipherment key for `finger-online` (without it, online finger is unavailable). */
  readonly issuerBiometricKey?: RsaPublicKey;
  /**
   * The 8-byte number bound into an online BVDT (where offline uses the card's GET CHALLENGE answer). The issuer
   * must know it to open the BVDT. Default: 8 zero bytes (see README, "what is left").
   */
  readonly onlineUnpredictableNumber?: () => Uint8Array;
  readonly solution?: FingerSolution;
  /** Random bytes for the key seed (default node:crypto). */
  readonly random?: (n: number) => Uint8Array;
  /** Passed to each capture (timeout, cancel). */
  readonly captureOptions?: FingerprintVerifyOptions;
}

/** What one `verify` did, for the screens and the journal (no biometric data in it). */
export interface EmvFingerAttempt {
  readonly kind: BiometricKind;
  readonly outcome: 'match' | 'no-match' | 'blocked' | 'unavailable' | 'captured';
  readonly reason?: VerifierReason;
  /** Captures made (each "ask again" counts). */
  readonly captures: number;
  readonly triesLeft?: number;
  /** The card's status word to VERIFY (or GET CHALLENGE), when one was sent. */
  readonly sw?: number;
}

/** Reasons that mean "no template in a format the card takes", told to the kernel as 'format-not-supported'. */
const FORMAT_NOT_SUPPORTED: ReadonlySet<string> = new Set(['FP_VENDOR_TEMPLATE', 'FP_IMAGE_ONLY', 'FP_EMV_FINGER_NOT_ON_CARD']);

const swOf = (rapdu: Uint8Array): number => {
  if (rapdu.length < 2) throw new HalError('HAL_CARD_IO', `the card answered ${rapdu.length} bytes, no status word`);
  return (rapdu[rapdu.length - 2]! << 8) | rapdu[rapdu.length - 1]!;
};

/** The finger CVMs: see the file comment. One per transaction (it keeps the attempts for the journal). */
export class EmvFingerVerifier {
  /** Every `verify` of this transaction, in order. */
  readonly attempts: EmvFingerAttempt[] = [];

  constructor(private readonly options: EmvFingerVerifierOptions) {}

  /** The kernel's `BiometricVerifier`, bound to this instance. Scanner faults are thrown. */
  readonly verify: BiometricVerifier = async (kind, context) => {
    const attempt = kind === 'finger-offline' ? await this.offline(context) : await this.online(context);
    this.attempts.push({ kind, ...attempt.record });
    return attempt.answer;
  };

  private async offline(context: BiometricContext): Promise<Done> {
    // The card already said its finger tries are spent (BF4C): blocked, no capture, no command.
    if (context.triesLeft === 0) return this.blocked(0);
    if (!context.iccPublicKey) return this.unavailable(EMV_FINGER_REASONS.FP_EMV_NO_ICC_KEY, 0);
    const solution = this.solutionFor(context.cardBitGroup, 'offline');
    if ('code' in solution) return this.unavailable(solution, 0);
    const probe = await this.capture();
    if ('answer' in probe) return probe;
    const iccKey = context.iccPublicKey;
    const send = async (chained: boolean): Promise<number> => {
      // See Book 2, 7.3 step 2 (after the capture: "the ordering of steps 1 and 2 is representative"; so no
      // challenge is spent when the scanner cannot serve, and the challenge is fresh for the VERIFY): anything
      // but 8 bytes and 9000 fails the offline biometric CVM.
      const challenge = await context.trx(GET_CHALLENGE_APDU);
      const challengeSw = swOf(challenge);
      if (challengeSw !== SW_9000 || challenge.length !== ICC_UN_LENGTH + 2) return -challengeSw;
      const bvdt = buildBiometricVerificationData({
        biometricType: BIOMETRIC_TYPE_FINGER, solutionId: solution.solutionId, subtype: solution.subtype, bdb: probe.bdb,
        unpredictableNumber: challenge.subarray(0, ICC_UN_LENGTH), recipientKey: iccKey, random: this.random,
      });
      let sw = SW_9000;
      // See Book 2, 7.3 step 5 and Book 3, 6.5.13: one VERIFY, or a chain whose last answer decides; or one
      // extended-length VERIFY (ISO/IEC 7816-4:2020, 5.1) for a card that does not take chains.
      for (const command of chained ? biometricVerifyCommands(bvdt) : [extendedVerifyCommand(bvdt)]) {
        sw = swOf(await context.trx(command));
        if (sw !== SW_9000) break;
      }
      return sw;
    };
    let sw = await send(true);
    // 6884 "command chaining not supported" (ISO/IEC 7816-4:2020, Table 6): nothing was compared, no try spent;
    // again with a fresh challenge as one extended-length VERIFY.
    if (sw === SW_6884_NO_CHAINING) sw = await send(false);
    if (sw < 0) return this.unavailable(EMV_FINGER_REASONS.FP_EMV_CHALLENGE_REFUSED, probe.captures, -sw);
    const base = { captures: probe.captures, sw };
    if (sw === SW_9000) return { answer: { outcome: 'match' }, record: { outcome: 'match', ...base } };
    if ((sw & 0xfff0) === SW_63CX) {
      const triesLeft = sw & 0x0f;
      this.options.onReason?.(MATCH_REASONS.FP_NO_MATCH);
      return {
        answer: { outcome: 'no-match', triesLeft },
        record: { outcome: 'no-match', reason: MATCH_REASONS.FP_NO_MATCH, triesLeft, ...base },
      };
    }
    if (sw === SW_6983_BLOCKED) return this.blocked(probe.captures, sw);
    return this.unavailable(EMV_FINGER_REASONS.FP_EMV_CARD_REFUSED_VERIFY, probe.captures, sw);
  }

  private async online(context: BiometricContext): Promise<Done> {
    const key = this.options.issuerBiometricKey;
    if (!key) return this.unavailable(EMV_FINGER_REASONS.FP_EMV_NO_ISSUER_KEY, 0);
    const solution = this.solutionFor(context.cardBitGroup, 'online');
    if ('code' in solution) return this.unavailable(solution, 0);
    const probe = await this.capture();
    if ('answer' in probe) return probe;
    const unpredictableNumber = this.options.onlineUnpredictableNumber?.() ?? new Uint8Array(ICC_UN_LENGTH);
    const onlineData = buildBiometricVerificationData({
      biometricType: BIOMETRIC_TYPE_FINGER, solutionId: solution.solutionId, subtype: solution.subtype, bdb: probe.bdb,
      unpredictableNumber, recipientKey: key, random: this.random,
    });
    return { answer: { outcome: 'captured', onlineData }, record: { outcome: 'captured', captures: probe.captures } };
  }

  /** Captures under the policy and makes the compact card probe (the BDB), or says why not. */
  private async capture(): Promise<{ bdb: Uint8Array; captures: number } | Done> {
    const probe = await captureProbe(this.options.scanner, this.options, this.options.captureOptions);
    if (!probe.ok) return this.unavailable(probe.reason, probe.captures, undefined, false); // the policy told onReason already
    try {
      return { bdb: toCardProbe(probe.template), captures: probe.captures };
    } catch (error) {
      if (!(error instanceof BiometricError)) throw error;
      return this.unavailable(MATCH_REASONS.FP_TEMPLATE_UNREADABLE, probe.captures);
    }
  }

  /** The finger's solution from the card's BIT group (9F31, parsed by the kernel), the default when it gives none. */
  private solutionFor(cardBitGroup: CardBitGroup | undefined, use: 'offline' | 'online'): FingerSolution | VerifierReason {
    const fallback = this.options.solution ?? DEFAULT_FINGER_SOLUTION;
    if (!cardBitGroup) return fallback;
    const finger = cardBitGroup[use].find((info) => sameBytes(info.biometricType, BIOMETRIC_TYPE_FINGER));
    if (!finger) return EMV_FINGER_REASONS.FP_EMV_FINGER_NOT_ON_CARD;
    return { solutionId: finger.solutionId ?? fallback.solutionId, subtype: finger.subtype ?? fallback.subtype };
  }

  private blocked(captures: number, sw?: number): Done {
    this.options.onReason?.(MATCH_REASONS.FP_BIOMETRIC_BLOCKED);
    return {
      answer: { outcome: 'blocked' },
      record: { outcome: 'blocked', reason: MATCH_REASONS.FP_BIOMETRIC_BLOCKED, captures, ...(sw === undefined ? {} : { sw }) },
    };
  }

  private unavailable(reason: VerifierReason, captures: number, sw?: number, tell = true): Done {
    if (tell) this.options.onReason?.(reason);
    // The kernel sets TVR "biometric template format not supported" for 'format-not-supported' (a scanner whose
    // output no card takes, a card naming no finger) and "capture device not working" for any other reason.
    const kernelReason = FORMAT_NOT_SUPPORTED.has(reason.code) ? 'format-not-supported' : reason.code;
    return {
      answer: { outcome: 'unavailable', reason: kernelReason },
      record: { outcome: 'unavailable', reason, captures, ...(sw === undefined ? {} : { sw }) },
    };
  }

  private readonly random = (n: number): Uint8Array => (this.options.random ?? ((k: number) => new Uint8Array(randomBytes(k))))(n);
}

interface Done {
  readonly answer: BiometricCvmOutcome;
  readonly record: Omit<EmvFingerAttempt, 'kind'>;
}

/** `00 20 00 89` with the whole BF4E value field as one extended-length command. See Book 3, 6.5.12.3. */
function extendedVerifyCommand(bvdt: Uint8Array): Uint8Array {
  const value = decodeTlv(bvdt, { recurse: false })[0]!.value;
  return buildCommandApdu({ cla: 0x00, ins: 0x20, p1: 0x00, p2: VERIFY_P2_BIOMETRIC, data: value }, { extended: true });
}

function sameBytes(a: Uint8Array, b: Uint8Array): boolean {
  return a.length === b.length && a.every((x, i) => x === b[i]);
}
