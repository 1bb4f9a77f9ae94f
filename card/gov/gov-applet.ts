/**
 * The government-services applet "KARTGOV" (AID F0 4B 41 52 54 47 4F 56): cardholder, household, services,
 * entitlement counters, card key and certificate chain, beside the card's EMV payment application. The command set
 * (class 00 for the ISO/IEC 7816 commands, class 80 for the proprietary ones) is in COMMANDS.md.
 *
 * @remarks See ISO/IEC 7816-4:2020 (SELECT, VERIFY, GET DATA, INTERNAL AUTHENTICATE), ISO/IEC 7816-11:2017
 * (biometric verification), and `card/gov/COMMANDS.md` for the proprietary commands and status words.
 */
import type { Applet, AppletContext, AppletResponse } from '../applet.ts';
import { berTlv } from '../ber-tlv.ts';
import type { CommandApdu } from '../command-apdu.ts';
import * as SW from '../status-word.ts';
import { debitEntitlement } from './debit-entitlement.ts';
import type { GovCardPersonalization } from './gov-card-data.ts';
import { STATUS_CODE } from './gov-card-data.ts';
import { setVerified } from './gov-session.ts';
import { SW_6283_SELECTED_FILE_DEACTIVATED } from './gov-status-words.ts';
import { GovStore, KEY } from './gov-store.ts';
import * as T from './gov-tags.ts';
import { installGovCard } from './install-gov-card.ts';
import { internalAuthenticate } from './internal-authenticate.ts';
import { loadEntitlements } from './load-entitlements.ts';
import { getBiometricReference, readData } from './read-data.ts';
import { readLog } from './read-log.ts';
import { setDate } from './set-date.ts';
import { supervise } from './supervise.ts';
import { verifySupervised } from './verify-supervised.ts';
import { isoTemplateMatcher } from './iso-matcher.ts';
import { verifyBiometric, verifyPin } from './verify-cardholder.ts';
import type { BiometricMatcher } from './verify-cardholder.ts';

export interface GovAppletOptions {
  /** Written at install, when the card's memory has nothing for the applet yet (a fresh card). */
  readonly personalization?: GovCardPersonalization;
  /**
   * Match-on-card comparison for VERIFY (biometric). Default: `isoTemplateMatcher` (ISO/IEC 19794-2 minutiae at
   * `MATCH_THRESHOLD`; a non-ISO reference matches only the same bytes). `exactTemplateMatcher` is still available.
   */
  readonly matcher?: BiometricMatcher;
}

const ascii = (text: string): Uint8Array => new TextEncoder().encode(text);

/** Creates the applet. Installing it on a fresh card without `personalization` fails (`CARD_CONFIG_INVALID`). */
export function createGovApplet(options: GovAppletOptions = {}): Applet {
  const matcher = options.matcher ?? isoTemplateMatcher;
  return {
    aid: T.GOV_AID.slice(),
    install(store) {
      if (!options.personalization) throw new Error('gov applet: a fresh card needs a personalisation');
      installGovCard(store, options.personalization);
    },
    select(_apdu, context) {
      const gov = new GovStore(context.store);
      const status = gov.number(KEY.STATUS);
      const fci = berTlv(
        T.TAG_6F_FCI,
        berTlv(T.TAG_84_DF_NAME, T.GOV_AID),
        berTlv(
          T.TAG_A5_FCI_PROPRIETARY,
          berTlv(T.TAG_50_LABEL, ascii(T.GOV_APPLICATION_LABEL)),
          berTlv(T.TAG_5F2D_LANGUAGE, ascii('aren')), // Arabic, then English. See ISO 639-1.
          berTlv(
            0xbf0c, // FCI issuer discretionary data. See EMV 4.4 Book 1, 11.3.4.
            berTlv(T.TAG_DF10_CARD_ID, gov.profile().cardId),
            berTlv(T.TAG_DF44_CARD_STATUS, Uint8Array.of(status)),
            berTlv(T.TAG_DF53_APPLET_VERSION, Uint8Array.of(1, 0)),
          ),
        ),
      );
      setVerified(context, undefined);
      return { data: fci, sw: status === STATUS_CODE.active ? SW.SW_9000_NO_ERROR : SW_6283_SELECTED_FILE_DEACTIVATED };
    },
    deselect: (context) => setVerified(context, undefined),
    process: (apdu, context) => dispatch(apdu, context, matcher),
  };
}

function dispatch(apdu: CommandApdu, context: AppletContext, matcher: BiometricMatcher): AppletResponse {
  const proprietary = (apdu.cla & 0x80) !== 0;
  const iso = (handler: () => AppletResponse): AppletResponse => (proprietary ? { sw: SW.SW_6E00_CLA_NOT_SUPPORTED } : handler());
  const own = (handler: () => AppletResponse): AppletResponse => (proprietary ? handler() : { sw: SW.SW_6E00_CLA_NOT_SUPPORTED });
  switch (apdu.ins) {
    case T.INS_20_VERIFY:
      return iso(() => verifyPin(apdu, context));
    case T.INS_21_VERIFY_BIOMETRIC:
      return iso(() => verifyBiometric(apdu, context, matcher));
    case T.INS_88_INTERNAL_AUTHENTICATE:
      return iso(() => internalAuthenticate(apdu, context));
    case T.INS_CB_GET_DATA_ODD:
      return iso(() => getBiometricReference(apdu, context));
    case T.INS_CA_READ_DATA:
      return own(() => readData(apdu, context));
    case T.INS_DA_SET_DATE:
      return own(() => setDate(apdu, context));
    case T.INS_DE_DEBIT_ENTITLEMENT:
      return own(() => debitEntitlement(apdu, context));
    case T.INS_B2_READ_LOG:
      return own(() => readLog(apdu, context));
    case T.INS_D4_LOAD_ENTITLEMENTS:
      return own(() => loadEntitlements(apdu, context));
    case T.INS_5A_VERIFY_SUPERVISED:
      return own(() => verifySupervised(apdu, context));
    case T.INS_5C_SUPERVISE:
      return own(() => supervise(apdu, context));
    default:
      return { sw: SW.SW_6D00_INS_NOT_SUPPORTED };
  }
}
