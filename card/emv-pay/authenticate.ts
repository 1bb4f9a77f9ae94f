/**
 * INTERNAL AUTHENTICATE for DDA and EXTERNAL AUTHENTICATE for issuer authentication.
 *
 * INTERNAL AUTHENTICATE (00 88 00 00 Lc <DDOL data> 00) signs the terminal's dynamic data with the ICC private key
 * and a fresh ICC Dynamic Number: 77 { 9F4B Signed Dynamic Application Data }.
 *
 * EXTERNAL AUTHENTICATE (00 82 00 00 0A <ARPC || ARC>) is accepted once, after a first GENERATE AC that answered
 * ARQC: 9000 when the ARPC checks out, 6300 when it does not (the second GENERATE AC then declines). KARTPAY's
 * AIP asks for the Issuer Authentication Data in CDOL2 instead; this command stays for terminals that use it.
 *
 * @remarks See EMV 4.4 Book 3, 6.5.9 (INTERNAL AUTHENTICATE), 6.5.4 (EXTERNAL AUTHENTICATE), 10.9; Book 2, 6.5
 * (dynamic signature generation, Tables 17 and 18), 8.2.1 (ARPC Method 1).
 */
import type { AppletContext, AppletResponse } from '../applet.ts';
import { berTlv } from '../ber-tlv.ts';
import type { CommandApdu } from '../command-apdu.ts';
import * as SW from '../status-word.ts';
import { arpcMethod1 } from '../../emv/cryptogram/application-cryptogram.ts';
import { deriveSessionKey } from '../../emv/cryptogram/keys.ts';
import { signDynamicApplicationData } from '../../emv/oda/certificates.ts';
import { TAG_77_RESPONSE_TEMPLATE_FORMAT_2, TAG_9F4B_SIGNED_DYNAMIC_APPLICATION_DATA } from '../../emv/tlv/tags.ts';
import { constantTimeEqual } from '../gov/gov-session.ts';
import type { PaymentSession } from './payment-session.ts';
import { KEY, PaymentStore, RISK_FLAG } from './payment-store.ts';

/** Status 6300: authentication failed. See Book 3, 6.5.4.4. */
const SW_6300_AUTHENTICATION_FAILED = 0x6300;
/** Longest terminal dynamic data accepted (Book 2, 6.5.1 puts no bound; 128 keeps the hash input sane). */
const MAX_DDOL_DATA = 128;

export function internalAuthenticate(apdu: CommandApdu, context: AppletContext, session: PaymentSession): AppletResponse {
  if (apdu.p1 !== 0 || apdu.p2 !== 0) return { sw: SW.SW_6A86_WRONG_P1_P2 };
  if (apdu.data.length === 0 || apdu.data.length > MAX_DDOL_DATA) return { sw: SW.SW_6700_WRONG_LENGTH };
  // See Book 2, 6.5.1 and Table 18: ICC Dynamic Data = ICC Dynamic Number length and value (here 8 random bytes).
  const iccDynamicNumber = context.random(8);
  const signed = signDynamicApplicationData(new PaymentStore(context.store).iccKey(), Uint8Array.of(8, ...iccDynamicNumber), apdu.data);
  session.offlineDataAuthenticationPerformed = true;
  return { data: berTlv(TAG_77_RESPONSE_TEMPLATE_FORMAT_2, berTlv(TAG_9F4B_SIGNED_DYNAMIC_APPLICATION_DATA, signed)), sw: SW.SW_9000_NO_ERROR };
}

export function externalAuthenticate(apdu: CommandApdu, context: AppletContext, session: PaymentSession): AppletResponse {
  if (apdu.p1 !== 0 || apdu.p2 !== 0) return { sw: SW.SW_6A86_WRONG_P1_P2 };
  if (apdu.data.length < 10 || apdu.data.length > 16) return { sw: SW.SW_6700_WRONG_LENGTH };
  // See Book 3, 6.5.4.1: once per transaction, after an ARQC.
  if (session.phase !== 'online' || session.externalAuthenticateDone || !session.arqc || session.atc === undefined) {
    return { sw: SW.SW_6985_CONDITIONS_NOT_SATISFIED };
  }
  session.externalAuthenticateDone = true;
  const store = new PaymentStore(context.store);
  const expected = arpcMethod1(deriveSessionKey(store.bytes(KEY.ICC_MK), session.atc), session.arqc, apdu.data.subarray(8, 10));
  if (!constantTimeEqual(expected, apdu.data.subarray(0, 8))) {
    session.issuerAuthentication = 'failed';
    store.setFlag(RISK_FLAG.ISSUER_AUTH_FAILED_LAST_ONLINE, true);
    return { sw: SW_6300_AUTHENTICATION_FAILED };
  }
  session.issuerAuthentication = 'ok';
  return { sw: SW.SW_9000_NO_ERROR };
}
