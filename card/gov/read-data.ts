/**
 * READ DATA (80 CA P1-P2 = tag) and GET DATA of the biometric reference (00 CB 3F FF, tag list 7F2E).
 * The national ID comes in full (DF11) only after cardholder verification in this session, else redacted to its
 * last 4 digits (DF12). The fingerprint reference leaves the card only after a PIN verification in this session
 * (match on the terminal with the holder's consent; the secure condition to replace it is terminal authentication).
 *
 * @remarks See ISO/IEC 7816-4:2020, 11.4.3 (GET DATA, even and odd INS; 5C tag list); ISO/IEC 7816-11:2017, 8.
 */
import type { AppletContext, AppletResponse } from '../applet.ts';
import { berTlv, concat as concatAll } from '../ber-tlv.ts';
import type { CommandApdu } from '../command-apdu.ts';
import * as SW from '../status-word.ts';
import { decodeTlv } from '../../emv/tlv/decode-tlv.ts';
import { dayToYymmdd } from './gov-date.ts';
import { verifiedBy } from './gov-session.ts';
import { SW_6982_SECURITY_STATUS_NOT_SATISFIED } from './gov-status-words.ts';
import { GovStore, KEY } from './gov-store.ts';
import * as T from './gov-tags.ts';

const utf8 = (text: string): Uint8Array => new TextEncoder().encode(text);
const u32 = (n: number): Uint8Array => Uint8Array.of(n >>> 24, (n >>> 16) & 0xff, (n >>> 8) & 0xff, n & 0xff);
const INACTIVE = 0xffff_ffff;
const concat = (...parts: Uint8Array[]): Uint8Array => concatAll(parts);

/** READ DATA: 80 CA P1 P2 [Le]; the answer is the data object P1-P2, or 6A88. */
export function readData(apdu: CommandApdu, context: AppletContext): AppletResponse {
  if (apdu.data.length > 0) return { sw: SW.SW_6700_WRONG_LENGTH };
  const tag = (apdu.p1 << 8) | apdu.p2;
  const value = dataObject(tag, context);
  return value ? { data: berTlv(tag, value), sw: SW.SW_9000_NO_ERROR } : { sw: SW.SW_6A88_DATA_NOT_FOUND };
}

function dataObject(tag: number, context: AppletContext): Uint8Array | undefined {
  const gov = new GovStore(context.store);
  switch (tag) {
    case T.TAG_BF41_CARDHOLDER: {
      const p = gov.profile();
      const holder = verifiedBy(context);
      const nationalId = holder === 'pin' || holder === 'biometric' // a supervisor's authorization releases nothing
        ? berTlv(T.TAG_DF11_NATIONAL_ID, utf8(p.nationalId))
        : berTlv(T.TAG_DF12_NATIONAL_ID_REDACTED, utf8(`${'*'.repeat(p.nationalId.length - 4)}${p.nationalId.slice(-4)}`));
      return concat(berTlv(T.TAG_DF10_CARD_ID, p.cardId), nationalId, berTlv(T.TAG_5F20_NAME_LATIN, utf8(p.nameEn)), berTlv(T.TAG_DF13_NAME_ARABIC, utf8(p.nameAr)));
    }
    case T.TAG_BF42_HOUSEHOLD: {
      const p = gov.profile();
      return concat(
        berTlv(T.TAG_DF21_HOUSEHOLD_ID, p.householdId),
        berTlv(T.TAG_DF22_RATION_CARD_NUMBER, utf8(p.rationCardNumber)),
        berTlv(T.TAG_DF23_ROLE, Uint8Array.of(p.roleCode)),
        berTlv(T.TAG_DF24_CARRIES_RATION, Uint8Array.of(p.carriesRation ? 1 : 0)),
        berTlv(T.TAG_DF25_ENTITLEMENT_GRANT, gov.bytes(KEY.GRANT)),
      );
    }
    case T.TAG_BF43_SERVICES:
      return concat(...[...gov.services()].map(([service, day]) => berTlv(T.TAG_DF26_SERVICE_ACTIVATION, Uint8Array.of(service), u32(day ?? INACTIVE))));
    case T.TAG_DF44_CARD_STATUS:
      return Uint8Array.of(gov.number(KEY.STATUS));
    case T.TAG_5F24_EXPIRY:
      return dayToYymmdd(gov.number(KEY.EXPIRY));
    case T.TAG_DF48_LAST_DATE:
      return dayToYymmdd(gov.number(KEY.LAST_DATE));
    case T.TAG_BF45_COUNTERS:
      return concat(
        berTlv(T.TAG_DF46_ENTITLEMENT_STATE, gov.bytes(KEY.COUNTERS)),
        berTlv(T.TAG_DF47_ENTITLEMENT_PARAMS, gov.bytes(KEY.PARAMS)),
        berTlv(T.TAG_DF48_LAST_DATE, dayToYymmdd(gov.number(KEY.LAST_DATE))),
      );
    case T.TAG_BF4A_CERTIFICATES:
      return concat(berTlv(T.TAG_DF4B_ISSUER_CERTIFICATE, gov.bytes(KEY.ISSUER_CERT)), berTlv(T.TAG_DF4C_CARD_CERTIFICATE, gov.bytes(KEY.CARD_CERT)));
    case T.TAG_9F36_ATC: {
      const atc = context.atc.value;
      return Uint8Array.of(atc >> 8, atc & 0xff);
    }
    case T.TAG_9F17_PIN_TRIES:
      return Uint8Array.of(context.store.get(KEY.PIN_TRIES)?.[0] ?? 0);
    case T.TAG_DF18_BIOMETRIC_TRIES:
      return Uint8Array.of(context.store.get(KEY.BIO_TRIES)?.[0] ?? 0);
    default:
      return undefined;
  }
}

/** GET DATA of the biometric reference template: 00 CB 3F FF 04 5C 02 7F 2E 00 → 7F2E { 81 reference }. */
export function getBiometricReference(apdu: CommandApdu, context: AppletContext): AppletResponse {
  if (apdu.p1 !== 0x3f || apdu.p2 !== 0xff) return { sw: SW.SW_6A86_WRONG_P1_P2 };
  let listed: number | undefined;
  try {
    const nodes = decodeTlv(apdu.data, { recurse: false });
    const list = nodes.length === 1 && nodes[0]!.tag === T.TAG_5C_TAG_LIST ? nodes[0]!.value : undefined;
    if (list?.length === 2) listed = (list[0]! << 8) | list[1]!;
  } catch {
    listed = undefined;
  }
  if (listed === undefined) return { sw: SW.SW_6A80_WRONG_DATA };
  if (listed !== T.TAG_7F2E_BIOMETRIC_DATA_TEMPLATE) return { sw: SW.SW_6A88_DATA_NOT_FOUND };
  if (verifiedBy(context) !== 'pin') return { sw: SW_6982_SECURITY_STATUS_NOT_SATISFIED };
  const reference = context.store.get(KEY.FINGERPRINT) ?? new Uint8Array(0);
  return { data: berTlv(T.TAG_7F2E_BIOMETRIC_DATA_TEMPLATE, berTlv(T.TAG_81_BIOMETRIC_DATA, reference)), sw: SW.SW_9000_NO_ERROR };
}

