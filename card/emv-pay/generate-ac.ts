/**
 * GENERATE AC, first and second: 80 AE <P1> 00 Lc <CDOL data> 00. P1 b8-b7 asks for AAC (00), TC (40) or ARQC
 * (80); b5 (10) asks for a CDA signature. The card applies its risk management (`card-risk-management.ts`),
 * computes the cryptogram under the session key of this ATC and answers format 2:
 * 77 { 9F27 CID, 9F36 ATC, 9F26 AC, 9F10 IAD }, or with CDA for a TC or ARQC 77 { 9F27, 9F36, 9F4B, 9F10 }
 * (the cryptogram then travels only inside the signature, Book 2 Table 20).
 *
 * The ATC was counted by GET PROCESSING OPTIONS; the first GENERATE AC updates the consecutive offline counter and
 * the risk flags inside the command's transaction: a power cut mid-command leaves all of them as they were.
 *
 * @remarks See EMV 4.4 Book 3, 6.5.5 (GENERATE AC), 9.3 (CDOL), 10.8 (card action analysis), 10.9 (online
 * processing: Issuer Authentication Data in CDOL2); Book 2, 6.6 (CDA), 8.1 (application cryptogram), 8.2 (ARPC).
 */
import type { AppletContext, AppletResponse } from '../applet.ts';
import { berTlv, concat } from '../ber-tlv.ts';
import type { CommandApdu } from '../command-apdu.ts';
import * as SW from '../status-word.ts';
import { applicationCryptogram, arpcMethod1 } from '../../emv/cryptogram/application-cryptogram.ts';
import type { CryptogramInput } from '../../emv/cryptogram/application-cryptogram.ts';
import {
  emptyCvr, encodeCvr, encodeIssuerApplicationData, KART_CVN_01, type CardVerificationResults,
} from '../../emv/cryptogram/issuer-application-data.ts';
import { deriveSessionKey } from '../../emv/cryptogram/keys.ts';
import { cdaIccDynamicData, signDynamicApplicationData, transactionDataHashCode } from '../../emv/oda/certificates.ts';
import { parseDol } from '../../emv/tlv/parse-dol.ts';
import * as T from '../../emv/tlv/tags.ts';
import { firstAcDecision, secondAcDecision } from './card-risk-management.ts';
import { dolLength } from './get-processing-options.ts';
import { constantTimeEqual } from '../gov/gov-session.ts';
import { AC_TYPE, CID, P1_10_CDA_REQUESTED, P1_AC_TYPE_MASK, type AcType } from './payment-constants.ts';
import type { PaymentSession } from './payment-session.ts';
import { KEY, PaymentStore, RISK_FLAG } from './payment-store.ts';

/** Authorisation Response Codes the card takes as an issuer approval. See Book 4, Annex A6; ISO 8583:1987 field 39. */
const APPROVING_ARCS = new Set(['00', '10', '11']);
/** Codes the terminal sets when it could not go online. See EMV 4.4 Book 4, Annex A6 (Y3, Z3). */
const UNABLE_TO_GO_ONLINE_ARCS = new Set(['Y3', 'Z3']);

const two = (value: number): Uint8Array => Uint8Array.of(value >> 8, value & 0xff);
const ascii2 = (bytes: Uint8Array): string => String.fromCharCode(bytes[0] ?? 0, bytes[1] ?? 0);

/** The values of a DOL's data string, by tag (the lengths come from the DOL). */
export function dolValues(dol: Uint8Array, data: Uint8Array): Map<number, Uint8Array> {
  const values = new Map<number, Uint8Array>();
  let at = 0;
  for (const entry of parseDol(dol)) {
    values.set(entry.tag, data.slice(at, at + entry.length));
    at += entry.length;
  }
  return values;
}

/** Dispatches to the first or second GENERATE AC by the session's phase. */
export function generateAc(apdu: CommandApdu, context: AppletContext, session: PaymentSession): AppletResponse {
  // See Book 3, 6.5.5.2, Table 12: P1 b8-b7 type (11 RFU), b5 CDA, the other bits RFU; P2 00.
  if (apdu.p2 !== 0 || (apdu.p1 & 0x2f) !== 0 || (apdu.p1 & P1_AC_TYPE_MASK) === 0xc0) return { sw: SW.SW_6A86_WRONG_P1_P2 };
  const requested = (Object.keys(AC_TYPE) as AcType[]).find((k) => AC_TYPE[k] === (apdu.p1 & P1_AC_TYPE_MASK))!;
  const cda = (apdu.p1 & P1_10_CDA_REQUESTED) !== 0;
  if (session.phase === 'processing') return firstGenerateAc(apdu.data, requested, cda, context, session);
  if (session.phase === 'online') return secondGenerateAc(apdu.data, requested, cda, context, session);
  return { sw: SW.SW_6985_CONDITIONS_NOT_SATISFIED };
}

function firstGenerateAc(data: Uint8Array, requested: AcType, cda: boolean, context: AppletContext, session: PaymentSession): AppletResponse {
  const store = new PaymentStore(context.store);
  const cdol1 = store.bytes(KEY.CDOL1);
  if (data.length !== dolLength(cdol1)) return { sw: SW.SW_6700_WRONG_LENGTH };
  // The ATC of this transaction, counted at GET PROCESSING OPTIONS.
  const atc = session.atc;
  if (atc === undefined) return { sw: SW.SW_6985_CONDITIONS_NOT_SATISFIED };
  const values = dolValues(cdol1, data);
  const terminalType = dolValues(store.bytes(KEY.PDOL), session.pdolData ?? new Uint8Array(0)).get(T.TAG_9F35_TERMINAL_TYPE)?.[0] ?? 0;
  const { lower, upper } = store.limits();
  const offlineCount = store.byte(KEY.OFFLINE_COUNT);
  const pinLeft = store.byte(KEY.PIN_TRIES);
  const fingerLeft = store.byte(KEY.FINGER_TRIES);
  const issuerAuthFailedLast = store.flag(RISK_FLAG.ISSUER_AUTH_FAILED_LAST_ONLINE);
  const lastOnlineNotCompleted = store.flag(RISK_FLAG.ONLINE_PENDING);
  const { decision } = firstAcDecision({
    requested,
    offlineCount,
    lowerLimit: lower,
    upperLimit: upper,
    neverOnline: store.lastOnlineAtc() === 0,
    issuerAuthenticationFailedLastOnline: issuerAuthFailedLast,
    lastOnlineTransactionNotCompleted: lastOnlineNotCompleted,
    pinTryLimitExceeded: pinLeft === 0,
    fingerTryLimitExceeded: fingerLeft === 0,
    offlineCvmFailed: session.offlinePinFailed || session.offlineFingerFailed,
    // See Book 4, Annex A1: Terminal Type second digit 3 or 6 is offline only.
    terminalOfflineOnly: (terminalType & 0x0f) === 3 || (terminalType & 0x0f) === 6,
  });
  // Card risk state for the next transactions, inside this command's transaction.
  const nextOffline = decision === 'TC' ? Math.min(offlineCount + 1, 0xff) : offlineCount;
  store.setByte(KEY.OFFLINE_COUNT, nextOffline);
  store.setFlag(RISK_FLAG.ONLINE_PENDING, decision === 'ARQC');

  const cvr: CardVerificationResults = {
    ...emptyCvr(decision),
    issuerAuthenticationFailedLastOnline: issuerAuthFailedLast,
    lastOnlineTransactionNotCompleted: lastOnlineNotCompleted,
    pinTryCounter: Math.min(pinLeft, 15),
    offlinePinPerformed: session.offlinePinPerformed,
    offlinePinFailed: session.offlinePinFailed,
    pinTryLimitExceeded: pinLeft === 0,
    offlineFingerPerformed: session.offlineFingerPerformed,
    offlineFingerFailed: session.offlineFingerFailed,
    fingerTryLimitExceeded: fingerLeft === 0,
    lowerConsecutiveOfflineLimitExceeded: offlineCount >= lower,
    upperConsecutiveOfflineLimitExceeded: offlineCount >= upper,
    transactionDeclinedOffline: decision === 'AAC',
    transactionApprovedOffline: decision === 'TC',
    offlineDataAuthenticationPerformed: session.offlineDataAuthenticationPerformed || (cda && decision !== 'AAC'),
  };
  const input = cryptogramInput(values, values, store.bytes(KEY.AIP), atc, encodeCvr(cvr));
  const ac = applicationCryptogram(deriveSessionKey(store.bytes(KEY.ICC_MK), atc), input);
  session.cdol1Data = data.slice();
  session.firstAcType = decision;
  session.cvr = cvr;
  if (decision === 'ARQC') {
    session.phase = 'online';
    session.arqc = ac;
  } else {
    session.phase = 'completed';
  }
  return acResponse(context, store, {
    cid: CID[decision], atc, ac, cvr: encodeCvr(cvr), cda: cda && decision !== 'AAC',
    unpredictableNumber: input.unpredictableNumber, pdolData: session.pdolData ?? new Uint8Array(0), cdol1Data: data,
  });
}

function secondGenerateAc(data: Uint8Array, requested: AcType, cda: boolean, context: AppletContext, session: PaymentSession): AppletResponse {
  // See Book 3, 6.5.5.2 and 9.3: the second GENERATE AC asks for a TC or an AAC, never an ARQC.
  if (requested === 'ARQC') return { sw: SW.SW_6A86_WRONG_P1_P2 };
  const store = new PaymentStore(context.store);
  const cdol2 = store.bytes(KEY.CDOL2);
  if (data.length !== dolLength(cdol2)) return { sw: SW.SW_6700_WRONG_LENGTH };
  const values = dolValues(cdol2, data);
  const atc = session.atc!;
  const arqc = session.arqc!;
  const sessionKey = deriveSessionKey(store.bytes(KEY.ICC_MK), atc);
  const arc = values.get(T.TAG_8A_AUTHORISATION_RESPONSE_CODE) ?? new Uint8Array(2);
  const issuerData = values.get(T.TAG_91_ISSUER_AUTHENTICATION_DATA) ?? new Uint8Array(0);
  // See Book 3, 10.9 and Book 2, 8.2.1: 91 = ARPC (8) || ARC (2); all zeros when the terminal received none.
  let issuerAuthentication: 'ok' | 'failed' | 'absent' = session.issuerAuthentication ?? 'absent';
  let issuerArc = arc;
  if (issuerData.length >= 10 && issuerData.some((b) => b !== 0)) {
    issuerArc = issuerData.subarray(8, 10);
    const good = constantTimeEqual(arpcMethod1(sessionKey, arqc, issuerArc), issuerData.subarray(0, 8));
    issuerAuthentication = good ? 'ok' : 'failed';
  }
  const arcText = ascii2(arc);
  const unableToGoOnline = UNABLE_TO_GO_ONLINE_ARCS.has(arcText) && issuerAuthentication === 'absent';
  const offlineCount = store.byte(KEY.OFFLINE_COUNT);
  const { upper } = store.limits();
  const { decision } = secondAcDecision({
    requested: requested === 'TC' ? 'TC' : 'AAC',
    unableToGoOnline,
    issuerAuthentication,
    issuerApproved: APPROVING_ARCS.has(arcText) && constantTimeEqual(issuerArc, arc),
    offlineCount,
    upperLimit: upper,
  });
  // Card risk state: an authenticated issuer resets the failure flag and the Last Online ATC Register; an online
  // approval resets the consecutive offline counter; a failed or missing ARPC is remembered for next time.
  store.setFlag(RISK_FLAG.ONLINE_PENDING, false);
  if (!unableToGoOnline) store.setFlag(RISK_FLAG.ISSUER_AUTH_FAILED_LAST_ONLINE, issuerAuthentication !== 'ok');
  if (issuerAuthentication === 'ok') store.setLastOnlineAtc(atc);
  if (issuerAuthentication === 'ok' && decision === 'TC') store.setByte(KEY.OFFLINE_COUNT, 0);
  if (unableToGoOnline && decision === 'TC') store.setByte(KEY.OFFLINE_COUNT, Math.min(offlineCount + 1, 0xff));

  const cvr: CardVerificationResults = {
    ...session.cvr!,
    secondGenerateAcType: decision === 'TC' ? 'TC' : 'AAC',
    issuerAuthenticationPerformed: issuerAuthentication !== 'absent',
    issuerAuthenticationFailed: issuerAuthentication === 'failed',
    unableToGoOnline,
    pinTryCounter: Math.min(store.byte(KEY.PIN_TRIES), 15),
    transactionApprovedOffline: unableToGoOnline && decision === 'TC',
    transactionDeclinedOffline: unableToGoOnline && decision === 'AAC',
  };
  const cdol1 = dolValues(store.bytes(KEY.CDOL1), session.cdol1Data!);
  const input = cryptogramInput(cdol1, values, store.bytes(KEY.AIP), atc, encodeCvr(cvr));
  const ac = applicationCryptogram(sessionKey, input);
  session.phase = 'completed';
  session.cvr = cvr;
  return acResponse(context, store, {
    cid: CID[decision], atc, ac, cvr: encodeCvr(cvr), cda: cda && decision !== 'AAC', unpredictableNumber: input.unpredictableNumber,
    pdolData: session.pdolData ?? new Uint8Array(0), cdol1Data: session.cdol1Data!, cdol2Data: data,
  });
}

/**
 * The cryptogram input: the transaction data of CDOL1, with the TVR and Unpredictable Number of `latest` (CDOL2
 * for the second GENERATE AC: the terminal's TVR after online processing and a fresh number).
 */
function cryptogramInput(cdol1: Map<number, Uint8Array>, latest: Map<number, Uint8Array>, aip: Uint8Array, atc: number, cvr: Uint8Array): CryptogramInput {
  const get = (m: Map<number, Uint8Array>, tag: number, length: number): Uint8Array => {
    const v = m.get(tag) ?? new Uint8Array(length);
    return v.length === length ? v : new Uint8Array(length);
  };
  return {
    amountAuthorised: get(cdol1, T.TAG_9F02_AMOUNT_AUTHORISED, 6),
    amountOther: get(cdol1, T.TAG_9F03_AMOUNT_OTHER, 6),
    terminalCountryCode: get(cdol1, T.TAG_9F1A_TERMINAL_COUNTRY_CODE, 2),
    tvr: get(latest, T.TAG_95_TERMINAL_VERIFICATION_RESULTS, 5),
    transactionCurrencyCode: get(cdol1, T.TAG_5F2A_TRANSACTION_CURRENCY_CODE, 2),
    transactionDate: get(cdol1, T.TAG_9A_TRANSACTION_DATE, 3),
    transactionType: get(cdol1, T.TAG_9C_TRANSACTION_TYPE, 1)[0]!,
    unpredictableNumber: get(latest, T.TAG_9F37_UNPREDICTABLE_NUMBER, 4),
    aip,
    atc,
    cvr,
  };
}

interface AcAnswer {
  readonly cid: number;
  readonly atc: number;
  readonly ac: Uint8Array;
  readonly cvr: Uint8Array;
  readonly cda: boolean;
  readonly unpredictableNumber: Uint8Array;
  readonly pdolData: Uint8Array;
  readonly cdol1Data: Uint8Array;
  readonly cdol2Data?: Uint8Array;
}

function acResponse(context: AppletContext, store: PaymentStore, a: AcAnswer): AppletResponse {
  const cid = berTlv(T.TAG_9F27_CRYPTOGRAM_INFORMATION_DATA, Uint8Array.of(a.cid));
  const atc = berTlv(T.TAG_9F36_ATC, two(a.atc));
  const iad = berTlv(
    T.TAG_9F10_ISSUER_APPLICATION_DATA,
    encodeIssuerApplicationData({ derivationKeyIndex: store.byte(KEY.DKI), cryptogramVersion: KART_CVN_01, cvr: a.cvr }),
  );
  if (!a.cda) {
    // See Book 3, 6.5.5.4 (format 2) and Book 2, Table 21.
    return { data: berTlv(T.TAG_77_RESPONSE_TEMPLATE_FORMAT_2, cid, atc, berTlv(T.TAG_9F26_APPLICATION_CRYPTOGRAM, a.ac), iad), sw: SW.SW_9000_NO_ERROR };
  }
  // See Book 2, 6.6.1 and Table 20: the hash covers PDOL, CDOL1 (and CDOL2) data and the response TLVs but 9F4B.
  const hash = transactionDataHashCode(a.pdolData, a.cdol1Data, concat([cid, atc, iad]), a.cdol2Data);
  const dynamic = cdaIccDynamicData({
    iccDynamicNumber: context.random(8), cryptogramInformationData: a.cid, applicationCryptogram: a.ac, transactionDataHashCode: hash,
  });
  const sdad = signDynamicApplicationData(store.iccKey(), dynamic, a.unpredictableNumber);
  return { data: berTlv(T.TAG_77_RESPONSE_TEMPLATE_FORMAT_2, cid, atc, berTlv(T.TAG_9F4B_SIGNED_DYNAMIC_APPLICATION_DATA, sdad), iad), sw: SW.SW_9000_NO_ERROR };
}
