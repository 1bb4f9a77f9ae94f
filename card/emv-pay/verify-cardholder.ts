/**
 * VERIFY for the offline CVMs: plaintext PIN (00 20 00 80 08 <PIN block>) and finger biometric (00 20 00 <P2
 * biometric> Lc <Biometric Verification Data Template>), each against its own persistent try counter, spent before
 * comparing and outside the transaction (`writeNow`), so a power cut never gives a try back. A correct PIN
 * restores the finger tries too (as KARTGOV does): the PIN is the fallback that keeps a cardholder whose finger
 * fails from being locked out silently. Without data, VERIFY answers the status (9000 verified, 63Cx tries left).
 *
 * The finger template is enciphered for the card under the ICC key and bound to the card's last GET CHALLENGE
 * number: a template without a fresh challenge (a replay) is refused with 6985 and costs no try; one that does not
 * decipher, or is bound to another challenge, is 6A80 and costs no try either (no comparison took place).
 *
 * @remarks See EMV 4.4 Book 3, 6.5.12 (VERIFY: 63Cx, 6983), 10.5.1 (offline PIN), EMV 4.4 Book 2, 7.3
 * (biometric data encipherment, steps 6 to 9); ISO/IEC 7816-4:2020, 11.5.6 (VERIFY without data).
 */
import type { AppletContext, AppletResponse } from '../applet.ts';
import type { CommandApdu } from '../command-apdu.ts';
import { readPlaintextPinBlock } from '../plaintext-pin-block.ts';
import * as SW from '../status-word.ts';
import { openBiometricVerificationData } from '../../emv/biometric/biometric-verification-data.ts';
import { BIOMETRIC_TYPE_FINGER } from '../../emv/biometric/biometric-data-objects.ts';
import { EmvError } from '../../emv/errors.ts';
import { constantTimeEqual } from '../gov/gov-session.ts';
import type { BiometricMatcher } from '../gov/verify-cardholder.ts';
import type { PaymentSession } from './payment-session.ts';
import { KEY, PaymentStore } from './payment-store.ts';

const triesLeft = (context: AppletContext, key: string): number => context.store.get(key)?.[0] ?? 0;

/** VERIFY P2 80: plaintext PIN. */
export function verifyPin(apdu: CommandApdu, context: AppletContext, session: PaymentSession): AppletResponse {
  const { store } = context;
  const left = triesLeft(context, KEY.PIN_TRIES);
  // See Book 3, 6.5.12.4: 6983 when the PIN try counter is zero.
  if (left === 0) return { sw: SW.SW_6983_AUTH_METHOD_BLOCKED };
  if (apdu.data.length === 0) return { sw: session.verifiedBy === 'pin' ? SW.SW_9000_NO_ERROR : SW.SW_63C0_TRIES_LEFT | left };
  const offered = readPlaintextPinBlock(apdu.data);
  if (offered === undefined) return { sw: SW.SW_6A80_WRONG_DATA };
  store.writeNow(KEY.PIN_TRIES, Uint8Array.of(left - 1));
  session.verifiedBy = undefined;
  session.offlinePinPerformed = true;
  if (!constantTimeEqual(new TextEncoder().encode(offered), store.get(KEY.PIN) ?? new Uint8Array(0))) {
    session.offlinePinFailed = true;
    return { sw: SW.SW_63C0_TRIES_LEFT | (left - 1) };
  }
  store.writeNow(KEY.PIN_TRIES, store.get(KEY.PIN_TRY_LIMIT) ?? Uint8Array.of(left));
  store.writeNow(KEY.FINGER_TRIES, store.get(KEY.FINGER_TRY_LIMIT) ?? Uint8Array.of(1));
  session.offlinePinFailed = false;
  session.verifiedBy = 'pin';
  return { sw: SW.SW_9000_NO_ERROR };
}

/** VERIFY P2 biometric: the finger, enciphered for the card, matched on card. */
export function verifyFinger(
  apdu: CommandApdu,
  context: AppletContext,
  session: PaymentSession,
  challenge: Uint8Array | undefined,
  matcher: BiometricMatcher,
): AppletResponse {
  const { store } = context;
  const left = triesLeft(context, KEY.FINGER_TRIES);
  if (left === 0) return { sw: SW.SW_6983_AUTH_METHOD_BLOCKED };
  if (apdu.data.length === 0) return { sw: session.verifiedBy === 'finger' ? SW.SW_9000_NO_ERROR : SW.SW_63C0_TRIES_LEFT | left };
  // See Book 2, 7.3: the template carries the ICC Unpredictable Number of the GET CHALLENGE just before.
  if (challenge === undefined) return { sw: SW.SW_6985_CONDITIONS_NOT_SATISFIED };
  let probe: Uint8Array;
  try {
    const plain = openBiometricVerificationData(apdu.data, { unpredictableNumber: challenge, recipientKey: new PaymentStore(store).iccKey() });
    if (!constantTimeEqual(plain.biometricType, BIOMETRIC_TYPE_FINGER)) return { sw: SW.SW_6A80_WRONG_DATA };
    probe = plain.bdb;
  } catch (error) {
    if (error instanceof EmvError) return { sw: SW.SW_6A80_WRONG_DATA };
    throw error;
  }
  if (probe.length === 0) return { sw: SW.SW_6A80_WRONG_DATA };
  store.writeNow(KEY.FINGER_TRIES, Uint8Array.of(left - 1));
  session.verifiedBy = undefined;
  session.offlineFingerPerformed = true;
  let matched = false;
  try {
    matched = matcher(probe, store.get(KEY.FINGER) ?? new Uint8Array(0)) === true;
  } catch {
    matched = false; // a failing matcher is a failed match, never a verified cardholder
  } finally {
    probe.fill(0);
  }
  if (!matched) {
    session.offlineFingerFailed = true;
    return { sw: SW.SW_63C0_TRIES_LEFT | (left - 1) };
  }
  store.writeNow(KEY.FINGER_TRIES, store.get(KEY.FINGER_TRY_LIMIT) ?? Uint8Array.of(left));
  session.offlineFingerFailed = false;
  session.verifiedBy = 'finger';
  return { sw: SW.SW_9000_NO_ERROR };
}
