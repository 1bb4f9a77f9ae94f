import { EmvCommands } from '../apdu/emv-commands.ts';
import { parseResponseApdu } from '../apdu/response-apdu.ts';
import {
  BIOMETRIC_TYPE_FINGER,
  parseBiometricTryCounters,
  parsePreferredAttempts,
  type BiometricInformation,
} from '../biometric/biometric-data-objects.ts';
import { TAG_BF4C_BIOMETRIC_TRY_COUNTERS_TEMPLATE, TAG_BF4D_PREFERRED_ATTEMPTS_TEMPLATE } from '../biometric/biometric-tags.ts';
import { EmvError } from '../errors.ts';
import type { RsaPublicKey } from '../oda/rsa.ts';
import { decodeTlv } from '../tlv/decode-tlv.ts';
import { findTlv } from '../tlv/find-tlv.ts';
import type { Transceiver } from '../transceiver.ts';
import { TVR, setBit } from './tvr.ts';

/** The biometric CVMs this kernel performs. */
export type BiometricKind = 'finger-offline' | 'finger-online';

/** The card's biometric capabilities, as parsed from its Card BIT Group Template (9F31). */
export interface CardBitGroup {
  readonly offline: readonly BiometricInformation[];
  readonly online: readonly BiometricInformation[];
}

/** What the terminal hands the biometric verifier for one capture. */
export interface BiometricContext {
  /** The card, for GET CHALLENGE and VERIFY (offline) when the verifier runs them itself. */
  readonly trx: Transceiver;
  /** The ICC Public Key recovered in offline data authentication: the key to encipher the finger for. */
  readonly iccPublicKey?: RsaPublicKey;
  /** The card's Card BIT Group Template (9F31), parsed. */
  readonly cardBitGroup?: CardBitGroup;
  /** The card's finger try counter (GET DATA BF4C, then the verifier's own answers), when known. */
  readonly triesLeft?: number;
  /** 1 for the first capture of this CVM, 2 for the re-capture after a no-match, and so on. */
  readonly attempt: number;
}

/**
 * What one biometric capture gave. 'match': the card verified the finger (offline). 'no-match': it did not,
 * `triesLeft` from the card's answer when it said. 'blocked': the card's finger tries are spent.
 * 'unavailable': no capture (scanner fault, no usable key or solution; `reason` 'format-not-supported' marks a
 * biometric format the terminal cannot produce). 'captured': finger online: `onlineData` is the Biometric
 * Verification Data Template for the issuer, carried into the authorisation request.
 */
export type BiometricCvmOutcome =
  | { readonly outcome: 'match' }
  | { readonly outcome: 'no-match'; readonly triesLeft?: number }
  | { readonly outcome: 'blocked' }
  | { readonly outcome: 'unavailable'; readonly reason?: string }
  | { readonly outcome: 'captured'; readonly onlineData: Uint8Array };

/**
 * Performs one biometric capture for a finger CVM (EMV 4.4). The kernel calls it again for a re-capture while
 * the card has tries and the card's preferred attempts (BF4D) allow, the way the PIN is asked again.
 */
export type BiometricVerifier = (kind: BiometricKind, context: BiometricContext) => Promise<BiometricCvmOutcome>;

/** Card facts for the finger CVMs, gathered by earlier steps. */
export interface BiometricCardData {
  readonly iccPublicKey?: RsaPublicKey;
  readonly cardBitGroup?: CardBitGroup;
}

/** What one finger CVM needs from cardholder verification. */
export interface FingerCvmInput {
  readonly trx: Transceiver;
  readonly biometricVerifier: BiometricVerifier;
  readonly biometric?: BiometricCardData;
}

/** The outcome of one finger CVM: verified (offline by the card, online captured for the issuer) or not. */
export interface FingerCvmResult {
  readonly verified: boolean;
  readonly online: boolean;
  /** Finger online: the Biometric Verification Data Template for the authorisation request. */
  readonly onlineBiometric?: Uint8Array;
}

/** Re-captures of one finger CVM when the card states no preferred attempts (BF4D): one capture. */
const DEFAULT_FINGER_ATTEMPTS = 1;
/** The most captures of one finger CVM whatever the card says, so a verifier that never settles cannot loop. */
const MAX_FINGER_ATTEMPTS = 15;

/**
 * One finger CVM: checks the card offers finger for this mode (9F31), reads the finger try counter (GET DATA
 * BF4C) and the preferred attempts (GET DATA BF4D), then captures until a match, a capture for the issuer, the
 * card's tries run out or the preferred attempts are used up.
 * @remarks See EMV 4.4 Book 3, 10.5 (biometric CVMs) and Annex C5 (TVR byte 2 b1, byte 3 b2, byte 4 b3-b2).
 */
export async function fingerCvm(online: boolean, input: FingerCvmInput, tvr: Uint8Array): Promise<FingerCvmResult> {
  const failed: FingerCvmResult = { verified: false, online };
  const bitGroup = input.biometric?.cardBitGroup;
  const offered = online ? bitGroup?.online : bitGroup?.offline;
  if (offered && !offered.some((info) => sameBytes(info.biometricType, BIOMETRIC_TYPE_FINGER))) {
    // See Book 3, Annex C5: the card's BIT group for this mode has no finger: a selected type not supported.
    setBit(tvr, TVR.BIOMETRIC_TYPE_NOT_SUPPORTED);
    return failed;
  }
  let triesLeft = await readFingerTriesLeft(input.trx);
  if (triesLeft === 0) {
    setBit(tvr, TVR.BIOMETRIC_TRY_LIMIT_EXCEEDED);
    return failed;
  }
  const preferred = (await readPreferredFingerAttempts(input.trx)) ?? DEFAULT_FINGER_ATTEMPTS;
  const attempts = Math.min(MAX_FINGER_ATTEMPTS, Math.max(1, preferred));
  for (let attempt = 1; attempt <= attempts; attempt++) {
    const answer = await input.biometricVerifier(online ? 'finger-online' : 'finger-offline', {
      trx: input.trx,
      ...(input.biometric?.iccPublicKey ? { iccPublicKey: input.biometric.iccPublicKey } : {}),
      ...(bitGroup ? { cardBitGroup: bitGroup } : {}),
      ...(triesLeft !== undefined ? { triesLeft } : {}),
      attempt,
    });
    switch (answer.outcome) {
      case 'match':
        // Offline: the card verified the finger. Online, a verifier that reports a match without data is taken
        // as verified by the terminal's own means; the issuer still sees CVM Results with result unknown.
        if (online) setBit(tvr, TVR.ONLINE_CVM_CAPTURED);
        return { verified: true, online };
      case 'captured':
        if (!online) return failed; // a capture for the issuer does not verify an offline CVM
        // An online CVM is decided by the issuer: captured, result unknown (as for online PIN, Book 4, Annex A4).
        setBit(tvr, TVR.ONLINE_CVM_CAPTURED);
        return { verified: true, online, onlineBiometric: answer.onlineData };
      case 'blocked':
        setBit(tvr, TVR.BIOMETRIC_TRY_LIMIT_EXCEEDED);
        return failed;
      case 'unavailable':
        if (answer.reason === 'format-not-supported') setBit(tvr, TVR.BIOMETRIC_TEMPLATE_FORMAT_NOT_SUPPORTED);
        else setBit(tvr, TVR.BIOMETRIC_CAPTURE_DEVICE_NOT_WORKING);
        return failed;
      case 'no-match':
        triesLeft = answer.triesLeft ?? (triesLeft === undefined ? undefined : triesLeft - 1);
        if (triesLeft !== undefined && triesLeft <= 0) {
          setBit(tvr, TVR.BIOMETRIC_TRY_LIMIT_EXCEEDED);
          return failed;
        }
        break;
      default:
        throw new EmvError('EMV_FORMAT_INVALID', 'the biometric verifier returned an unknown outcome');
    }
  }
  return failed;
}

/** GET DATA 80 CA BF 4C 00: the finger counter of the Biometric Try Counters Template, when returned. */
async function readFingerTriesLeft(trx: Transceiver): Promise<number | undefined> {
  const value = await getDataTemplate(trx, TAG_BF4C_BIOMETRIC_TRY_COUNTERS_TEMPLATE);
  if (!value) return undefined;
  try {
    return parseBiometricTryCounters(value).finger;
  } catch (error) {
    if (error instanceof EmvError) return undefined;
    throw error;
  }
}

/** GET DATA 80 CA BF 4D 00: the preferred finger attempts (DF51 in the Preferred Attempts Template). */
async function readPreferredFingerAttempts(trx: Transceiver): Promise<number | undefined> {
  const value = await getDataTemplate(trx, TAG_BF4D_PREFERRED_ATTEMPTS_TEMPLATE);
  if (!value) return undefined;
  try {
    return parsePreferredAttempts(value).finger;
  } catch (error) {
    if (error instanceof EmvError) return undefined;
    throw error;
  }
}

/** GET DATA of a constructed template: its value, or `undefined` when the card does not return it. */
async function getDataTemplate(trx: Transceiver, tag: number): Promise<Uint8Array | undefined> {
  const response = parseResponseApdu(await trx(EmvCommands.getData(tag)));
  if (response.sw !== 0x9000) return undefined;
  try {
    return findTlv(decodeTlv(response.data), tag)?.value;
  } catch (error) {
    if (error instanceof EmvError) return undefined;
    throw error;
  }
}

function sameBytes(a: Uint8Array, b: Uint8Array): boolean {
  return a.length === b.length && a.every((byte, i) => byte === b[i]);
}
