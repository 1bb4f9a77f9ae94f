/**
 * KARTPAY, the card's EMV payment application (AID `KARTPAY_AID`): SELECT (FCI), GET PROCESSING OPTIONS, READ
 * RECORD, GET DATA, GET CHALLENGE, VERIFY (plaintext PIN, finger biometric), INTERNAL AUTHENTICATE (DDA),
 * EXTERNAL AUTHENTICATE, GENERATE AC (first and second, with CDA). Its data, card risk management and choices are
 * described in `PAYMENT-APP.md`.
 *
 * @remarks See EMV 4.4 Book 3, 6.5 (commands), 10 (transaction flow), Annex A (data elements); Book 2 (ODA,
 * cryptograms, biometric encipherment); Book 1, 11.3 (SELECT and the FCI).
 */
import type { Applet, AppletContext, AppletResponse } from '../applet.ts';
import { berTlv, concat } from '../ber-tlv.ts';
import type { CommandApdu } from '../command-apdu.ts';
import * as SW from '../status-word.ts';
import { VERIFY_P2_BIOMETRIC } from '../../emv/biometric/biometric-commands.ts';
import * as T from '../../emv/tlv/tags.ts';
import { isoTemplateMatcher } from '../gov/iso-matcher.ts';
import type { BiometricMatcher } from '../gov/verify-cardholder.ts';
import { externalAuthenticate, internalAuthenticate } from './authenticate.ts';
import { generateAc } from './generate-ac.ts';
import { getData } from './get-data.ts';
import { getProcessingOptions } from './get-processing-options.ts';
import * as C from './payment-constants.ts';
import type { PaymentPersonalization } from './payment-personalization.ts';
import { endSession, newSession, sessionOf, setChallenge, takeChallenge } from './payment-session.ts';
import { installPayment, KEY } from './payment-store.ts';
import { readRecord } from './read-record.ts';
import { verifyFinger, verifyPin } from './verify-cardholder.ts';

export interface PaymentAppletOptions {
  /** Written at install, when the card's memory has nothing for the applet yet (a fresh card). */
  readonly personalization?: PaymentPersonalization;
  /** Match-on-card comparison for the finger. Default `isoTemplateMatcher`, the one KARTGOV uses. */
  readonly matcher?: BiometricMatcher;
  /** Application Priority Indicator (87) in the FCI, 1 to 15. Default 1. */
  readonly priority?: number;
}

const ascii = (text: string): Uint8Array => new TextEncoder().encode(text);
/** Command chaining: CLA b5 set on every command of a chain but the last. See ISO/IEC 7816-4:2020, 5.4.1. */
const CLA_10_CHAINING = 0x10;
/** The longest Biometric Verification Data Template the card assembles from a chain (a 1984-bit key and a record). */
const MAX_CHAINED_VERIFY = 4096;
const RAM_VERIFY_CHAIN = 'verify-chain';

/** Creates KARTPAY. Installing it on a fresh card without `personalization` fails (the card OS: `CARD_CONFIG_INVALID`). */
export function createPaymentApplet(options: PaymentAppletOptions = {}): Applet {
  const matcher = options.matcher ?? isoTemplateMatcher;
  const priority = options.priority ?? 1;
  if (!Number.isInteger(priority) || priority < 1 || priority > 15) throw new RangeError('priority must be 1 to 15');
  return {
    aid: C.KARTPAY_AID.slice(),
    acceptsChaining: true,
    install(store) {
      if (!options.personalization) throw new Error('payment applet: a fresh card needs a personalisation');
      installPayment(store, options.personalization);
    },
    select(_apdu, context) {
      newSession(context);
      context.ram.delete(RAM_VERIFY_CHAIN);
      // See Book 1, 11.3.4, Table 8 and Book 3, Annex A: 6F { 84 DF name, A5 { 50, 87, 9F38 PDOL, 5F2D } }.
      const fci = berTlv(
        T.TAG_6F_FCI_TEMPLATE,
        berTlv(T.TAG_84_DF_NAME, C.KARTPAY_AID),
        berTlv(
          T.TAG_A5_FCI_PROPRIETARY_TEMPLATE,
          berTlv(T.TAG_50_APPLICATION_LABEL, ascii(C.KARTPAY_LABEL)),
          berTlv(T.TAG_87_APPLICATION_PRIORITY_INDICATOR, Uint8Array.of(priority)),
          berTlv(T.TAG_9F38_PDOL, context.store.get(KEY.PDOL) ?? new Uint8Array(0)),
          berTlv(T.TAG_5F2D_LANGUAGE_PREFERENCE, ascii('aren')), // Arabic, then English. See ISO 639-1.
        ),
      );
      return { data: fci, sw: SW.SW_9000_NO_ERROR };
    },
    deselect: (context) => {
      endSession(context);
      context.ram.delete(RAM_VERIFY_CHAIN);
    },
    process: (apdu, context) => dispatch(apdu, context, matcher),
  };
}

function dispatch(apdu: CommandApdu, context: AppletContext, matcher: BiometricMatcher): AppletResponse {
  const session = sessionOf(context);
  const chained = (apdu.cla & CLA_10_CHAINING) !== 0;
  const chain = context.ram.get(RAM_VERIFY_CHAIN) as Uint8Array | undefined;
  const isVerify = apdu.ins === C.INS_20_VERIFY && (apdu.cla & 0x80) === 0;
  // See Book 3, 6.5.13: a chain is one command; anything else breaks it off. The challenge waits for its end.
  if (chained || (chain && isVerify)) {
    if (!isVerify || apdu.p1 !== 0 || apdu.p2 !== VERIFY_P2_BIOMETRIC) {
      context.ram.delete(RAM_VERIFY_CHAIN);
      takeChallenge(context);
      return { sw: chained ? SW.SW_6884_CHAINING_NOT_SUPPORTED : SW.SW_6A86_WRONG_P1_P2 };
    }
    const assembled = concat([chain ?? new Uint8Array(0), apdu.data]);
    if (assembled.length > MAX_CHAINED_VERIFY) {
      context.ram.delete(RAM_VERIFY_CHAIN);
      takeChallenge(context);
      return { sw: SW.SW_6700_WRONG_LENGTH };
    }
    if (chained) {
      context.ram.set(RAM_VERIFY_CHAIN, assembled);
      return { sw: SW.SW_9000_NO_ERROR };
    }
    context.ram.delete(RAM_VERIFY_CHAIN);
    return verifyFinger({ ...apdu, data: assembled }, context, session, takeChallenge(context), matcher);
  }
  context.ram.delete(RAM_VERIFY_CHAIN);
  // See Book 2, 7.2 step 2 and 7.3 step 2: the GET CHALLENGE number serves the very next command only.
  const challenge = takeChallenge(context);
  const proprietary = (apdu.cla & 0x80) !== 0;
  const iso = (handler: () => AppletResponse): AppletResponse => (proprietary ? { sw: SW.SW_6E00_CLA_NOT_SUPPORTED } : handler());
  const own = (handler: () => AppletResponse): AppletResponse => (proprietary ? handler() : { sw: SW.SW_6E00_CLA_NOT_SUPPORTED });
  // See Book 3, 6.3.2, Table 11 / 6.5: class 80 for GPO, GENERATE AC, GET DATA; class 00 for the ISO commands.
  switch (apdu.ins) {
    case C.INS_A8_GET_PROCESSING_OPTIONS:
      return own(() => getProcessingOptions(apdu, context, session));
    case C.INS_B2_READ_RECORD:
      return iso(() => readRecord(apdu, context.store, [C.SFI_1_AUTHENTICATED, C.SFI_2_CERTIFICATES]));
    case C.INS_CA_GET_DATA:
      return own(() => getData(apdu, context));
    case C.INS_84_GET_CHALLENGE:
      return iso(() => getChallenge(apdu, context));
    case C.INS_20_VERIFY:
      return iso(() => {
        if (apdu.p1 !== 0) return { sw: SW.SW_6A86_WRONG_P1_P2 };
        if (apdu.p2 === C.P2_80_PLAINTEXT_PIN) return verifyPin(apdu, context, session);
        if (apdu.p2 === VERIFY_P2_BIOMETRIC) return verifyFinger(apdu, context, session, challenge, matcher);
        return { sw: SW.SW_6A86_WRONG_P1_P2 };
      });
    case C.INS_88_INTERNAL_AUTHENTICATE:
      return iso(() => internalAuthenticate(apdu, context, session));
    case C.INS_82_EXTERNAL_AUTHENTICATE:
      return iso(() => externalAuthenticate(apdu, context, session));
    case C.INS_AE_GENERATE_AC:
      return own(() => generateAc(apdu, context, session));
    default:
      return { sw: SW.SW_6D00_INS_NOT_SUPPORTED };
  }
}

/** GET CHALLENGE: 00 84 00 00 00, 8 random bytes, kept for the next command. See Book 3, 6.5.6. */
function getChallenge(apdu: CommandApdu, context: AppletContext): AppletResponse {
  if (apdu.p1 !== 0 || apdu.p2 !== 0) return { sw: SW.SW_6A86_WRONG_P1_P2 };
  if (apdu.data.length > 0) return { sw: SW.SW_6700_WRONG_LENGTH };
  const challenge = context.random(8);
  setChallenge(context, challenge.slice());
  return { data: challenge, sw: SW.SW_9000_NO_ERROR };
}
