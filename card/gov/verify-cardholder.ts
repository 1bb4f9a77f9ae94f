/**
 * VERIFY (PIN) and VERIFY (biometric). Each method has its own persistent try counter, spent before comparing and
 * outside the transaction (`writeNow`), so tearing never gives a try back. A good PIN also restores the biometric
 * tries: the PIN is the fallback that keeps a person whose fingerprint fails from being locked out silently.
 *
 * @remarks See ISO/IEC 7816-4:2020, 11.5.6 (VERIFY); ISO/IEC 7816-11:2017, 6 (VERIFY with a biometric data
 * template 7F2E); EMV 4.4 Book 3, 6.5.12 (plaintext PIN block, 63Cx, 6983).
 */
import type { AppletContext, AppletResponse } from '../applet.ts';
import type { CommandApdu } from '../command-apdu.ts';
import { readPlaintextPinBlock } from '../plaintext-pin-block.ts';
import * as SW from '../status-word.ts';
import { decodeTlv } from '../../emv/tlv/decode-tlv.ts';
import { findTlv } from '../../emv/tlv/find-tlv.ts';
import { P2_80_PIN, P2_91_BIOMETRIC, TAG_7F2E_BIOMETRIC_DATA_TEMPLATE, TAG_81_BIOMETRIC_DATA } from './gov-tags.ts';
import { KEY } from './gov-store.ts';
import { constantTimeEqual, setVerified, verifiedBy } from './gov-session.ts';

/**
 * Compares a probe template with the card's reference (match on card). The applet's default is the ISO/IEC
 * 19794-2 minutiae matcher (`iso-matcher.ts`); `exactTemplateMatcher` accepts exactly equal templates only.
 */
export type BiometricMatcher = (probe: Uint8Array, reference: Uint8Array) => boolean;

/** Byte-for-byte equality, in constant time (the matcher before the minutiae matcher; tests and opaque references). */
export const exactTemplateMatcher: BiometricMatcher = (probe, reference) => constantTimeEqual(probe, reference);

const triesLeft = (context: AppletContext, key: string): number => context.store.get(key)?.[0] ?? 0;

/** VERIFY with a plaintext PIN block: 00 20 00 80 08 <block>; without data, the verification status. */
export function verifyPin(apdu: CommandApdu, context: AppletContext): AppletResponse {
  if (apdu.p1 !== 0 || apdu.p2 !== P2_80_PIN) return { sw: SW.SW_6A86_WRONG_P1_P2 };
  const { store } = context;
  const left = triesLeft(context, KEY.PIN_TRIES);
  if (left === 0) return { sw: SW.SW_6983_AUTH_METHOD_BLOCKED };
  if (apdu.data.length === 0) return { sw: verifiedBy(context) === 'pin' ? SW.SW_9000_NO_ERROR : SW.SW_63C0_TRIES_LEFT | left };
  const offered = readPlaintextPinBlock(apdu.data);
  if (offered === undefined) return { sw: SW.SW_6A80_WRONG_DATA };
  store.writeNow(KEY.PIN_TRIES, Uint8Array.of(left - 1));
  setVerified(context, undefined);
  if (!constantTimeEqual(new TextEncoder().encode(offered), store.get(KEY.PIN) ?? new Uint8Array(0))) {
    return { sw: SW.SW_63C0_TRIES_LEFT | (left - 1) };
  }
  store.writeNow(KEY.PIN_TRIES, store.get(KEY.PIN_TRY_LIMIT) ?? Uint8Array.of(left));
  store.writeNow(KEY.BIO_TRIES, store.get(KEY.BIO_TRY_LIMIT) ?? Uint8Array.of(1));
  setVerified(context, 'pin');
  return { sw: SW.SW_9000_NO_ERROR };
}

/** VERIFY with a biometric probe: 00 21 00 91 Lc 7F2E { 81 <template> }; without data, the verification status. */
export function verifyBiometric(apdu: CommandApdu, context: AppletContext, matcher: BiometricMatcher): AppletResponse {
  if (apdu.p1 !== 0 || apdu.p2 !== P2_91_BIOMETRIC) return { sw: SW.SW_6A86_WRONG_P1_P2 };
  const { store } = context;
  const left = triesLeft(context, KEY.BIO_TRIES);
  if (left === 0) return { sw: SW.SW_6983_AUTH_METHOD_BLOCKED };
  if (apdu.data.length === 0) {
    return { sw: verifiedBy(context) === 'biometric' ? SW.SW_9000_NO_ERROR : SW.SW_63C0_TRIES_LEFT | left };
  }
  let probe: Uint8Array | undefined;
  try {
    const nodes = decodeTlv(apdu.data);
    if (nodes.length === 1) probe = findTlv(nodes, [TAG_7F2E_BIOMETRIC_DATA_TEMPLATE, TAG_81_BIOMETRIC_DATA])?.value;
  } catch {
    probe = undefined;
  }
  if (probe === undefined || probe.length === 0) return { sw: SW.SW_6A80_WRONG_DATA };
  store.writeNow(KEY.BIO_TRIES, Uint8Array.of(left - 1));
  setVerified(context, undefined);
  let matched = false;
  try {
    matched = matcher(probe.slice(), store.get(KEY.FINGERPRINT) ?? new Uint8Array(0)) === true;
  } catch {
    matched = false; // a failing matcher is a failed match, never a verified cardholder
  }
  if (!matched) return { sw: SW.SW_63C0_TRIES_LEFT | (left - 1) };
  store.writeNow(KEY.BIO_TRIES, store.get(KEY.BIO_TRY_LIMIT) ?? Uint8Array.of(left));
  setVerified(context, 'biometric');
  return { sw: SW.SW_9000_NO_ERROR };
}
