/**
 * SUPERVISE, on a supervisor's card: `80 5C 00 00 Lc <DF57 household card id, 9F36 its ATC, DF31 challenge,
 * 9A date, DF32 terminal id, DF58 reason> Le` → `DF55 <this card's certificate> DF56 <supervisor authorization>`.
 * The card signs only when its holder verified **their PIN** in this session (a fingerprint match alone is not a
 * supervisor's consent) and its own certificate carries the `SUPERVISE` usage (a cashier's or citizen's card
 * refuses, 6985). The authorization (terminal/schemas `supervisorAuthorization` v1) is signed with the card key.
 * Nothing is written: the household card decides (VERIFY SUPERVISED), and the terminal journals the exception.
 */
import type { AppletContext, AppletResponse } from '../applet.ts';
import { berTlv, concat } from '../ber-tlv.ts';
import type { CommandApdu } from '../command-apdu.ts';
import * as SW from '../status-word.ts';
import { decodeTlv } from '../../emv/tlv/decode-tlv.ts';
import { decodeCertificate, KEY_USAGE } from '../../terminal/schemas/certificate.ts';
import { privateKeyFromScalar } from '../../terminal/schemas/p256.ts';
import { SUPERVISION_REASON, SUPERVISOR_AUTHORIZATION_VERSION, supervisorAuthorizationCodec } from '../../terminal/schemas/supervisor-authorization.ts';
import type { SupervisionReason } from '../../terminal/schemas/supervisor-authorization.ts';
import { STATUS_CODE } from './gov-card-data.ts';
import { yymmddToDay } from './gov-date.ts';
import { verifiedBy } from './gov-session.ts';
import * as GSW from './gov-status-words.ts';
import { GovStore, KEY } from './gov-store.ts';
import * as T from './gov-tags.ts';

const uint = (b: Uint8Array): number => b.reduce((n, x) => n * 256 + x, 0);

/** The command's data objects, each exactly once and nothing else; `undefined` otherwise. */
export function uniqueTlvs(data: Uint8Array, known: readonly number[]): Map<number, Uint8Array> | undefined {
  const seen = new Map<number, Uint8Array>();
  try {
    for (const node of decodeTlv(data, { recurse: false })) {
      if (seen.has(node.tag) || !known.includes(node.tag)) return undefined;
      seen.set(node.tag, node.value);
    }
  } catch {
    return undefined;
  }
  return seen.size === known.length ? seen : undefined;
}

/** SUPERVISE (80 5C): signs a supervisor authorization for one debit of another card. */
export function supervise(apdu: CommandApdu, context: AppletContext): AppletResponse {
  if (apdu.p1 !== 0 || apdu.p2 !== 0) return { sw: SW.SW_6A86_WRONG_P1_P2 };
  const f = uniqueTlvs(apdu.data, [
    T.TAG_DF57_SUPERVISED_CARD_ID, T.TAG_9F36_ATC, T.TAG_DF31_CHALLENGE, T.TAG_9A_DATE, T.TAG_DF32_TERMINAL_ID, T.TAG_DF58_SUPERVISION_REASON,
  ]);
  const cardId = f?.get(T.TAG_DF57_SUPERVISED_CARD_ID);
  const atc = f?.get(T.TAG_9F36_ATC);
  const challenge = f?.get(T.TAG_DF31_CHALLENGE);
  const date = f?.get(T.TAG_9A_DATE);
  const terminal = f?.get(T.TAG_DF32_TERMINAL_ID);
  const reason = f?.get(T.TAG_DF58_SUPERVISION_REASON);
  const day = date ? yymmddToDay(date) : undefined;
  if (cardId?.length !== 8 || atc?.length !== 2 || challenge?.length !== 16 || terminal?.length !== 4 || reason?.length !== 1 || day === undefined) {
    return { sw: SW.SW_6A80_WRONG_DATA };
  }
  if (!(Object.values(SUPERVISION_REASON) as number[]).includes(reason[0]!)) return { sw: SW.SW_6A80_WRONG_DATA };
  const gov = new GovStore(context.store);
  const status = gov.number(KEY.STATUS);
  if (status === STATUS_CODE.blocked) return { sw: GSW.SW_9D01_CARD_BLOCKED };
  if (status !== STATUS_CODE.active) return { sw: GSW.SW_9D02_CARD_DESTROYED };
  if (verifiedBy(context) !== 'pin') return { sw: GSW.SW_6982_SECURITY_STATUS_NOT_SATISFIED };
  const own = decodeCertificate(gov.bytes(KEY.CARD_CERT));
  if ((own.keyUsage & KEY_USAGE.SUPERVISE) === 0) return { sw: GSW.SW_6985_CONDITIONS_NOT_SATISFIED };
  const supervisorCardId = gov.profile().cardId;
  if (supervisorCardId.every((b, i) => b === cardId[i])) return { sw: GSW.SW_6985_CONDITIONS_NOT_SATISFIED }; // never one's own
  const authorization = supervisorAuthorizationCodec.sign(
    {
      version: SUPERVISOR_AUTHORIZATION_VERSION, cardId, atc: uint(atc), challenge, date: day, terminalId: uint(terminal),
      reason: reason[0] as SupervisionReason, supervisorCardId,
    },
    privateKeyFromScalar(gov.bytes(KEY.CARD_KEY)),
  );
  return {
    data: concat([
      berTlv(T.TAG_DF55_SUPERVISOR_CERTIFICATE, gov.bytes(KEY.CARD_CERT)),
      berTlv(T.TAG_DF56_SUPERVISOR_AUTHORIZATION, supervisorAuthorizationCodec.encode(authorization)),
    ]),
    sw: SW.SW_9000_NO_ERROR,
  };
}
