/**
 * DEBIT ENTITLEMENT: 80 DE 00 00 Lc <TLVs> Le. Data: DF31 challenge (16), DF32 terminal id (4), 9A date (YYMMDD),
 * DF33 service (1), and DF34 quantity (4: loaves, or 1 visit) for bread and health, or DF35 item lines (n × 8:
 * code, quantity) for ration goods, optionally with DF36 (4: the bread points to spend, piastres; absent = the card's
 * default, entitlement first). Checks in order: card status, date (never backwards), expiry, service active
 * on that date, cardholder verified in this session, ATC, then the entitlement rules. On success, inside the
 * command's one transaction: counters, accepted date, ATC and log; the answer is DF50 <debit proof CBOR> (version 3:
 * ration amount = entitlement part, plus the points part, and how the holder was verified), signed with the card key.
 * A supervised session (VERIFY SUPERVISED) serves only the debit its authorization names, once. A refusal writes
 * nothing.
 */
import type { AppletContext, AppletResponse } from '../applet.ts';
import { berTlv } from '../ber-tlv.ts';
import type { CommandApdu } from '../command-apdu.ts';
import * as SW from '../status-word.ts';
import { decodeTlv } from '../../emv/tlv/decode-tlv.ts';
import { CHALLENGE_LENGTH, DEBIT_PROOF_VERSION, debitProofCodec, PROOF_CVM } from '../../terminal/schemas/debit-proof.ts';
import type { ProofCvm } from '../../terminal/schemas/debit-proof.ts';
import { privateKeyFromScalar } from '../../terminal/schemas/p256.ts';
import { MAX_ITEM_LINES, SERVICE, SERVICES } from '../../terminal/schemas/service.ts';
import type { ItemLine, Service } from '../../terminal/schemas/service.ts';
import { acceptDate } from './accept-date.ts';
import { decideBread, decideRation } from './entitlement-rules.ts';
import type { EntitlementDecision, EntitlementRefusal } from './entitlement-rules.ts';
import { STATUS_CODE } from './gov-card-data.ts';
import { yymmddToDay } from './gov-date.ts';
import { constantTimeEqual, setVerified, supervisionOf, verifiedBy } from './gov-session.ts';
import type { Verification } from './gov-session.ts';
import * as GSW from './gov-status-words.ts';
import { GovStore, KEY } from './gov-store.ts';
import * as T from './gov-tags.ts';
import { appendToLog } from './read-log.ts';

/** A parsed DEBIT request. */
export interface DebitRequest {
  readonly challenge: Uint8Array;
  readonly terminalId: number;
  readonly day: number;
  readonly service: Service;
  readonly quantity: number;
  readonly lines: readonly ItemLine[];
  /** Ration: the bread points to spend (DF36), or null for the card's default split. */
  readonly pointsPiastres: number | null;
}

const REFUSAL_SW: Readonly<Record<EntitlementRefusal, number>> = {
  BREAD_EXHAUSTED: GSW.SW_9D05_ENTITLEMENT_EXHAUSTED,
  BREAD_AHEAD_LIMIT: GSW.SW_9D06_COLLECTION_AHEAD_REFUSED,
  RATION_NOT_LOADED: GSW.SW_9D0C_ENTITLEMENT_NOT_LOADED,
  RATION_ITEM_UNKNOWN: GSW.SW_9D0A_ITEM_NOT_IN_CATALOGUE,
  RATION_ITEM_CAP: GSW.SW_9D09_ITEM_CAP_REACHED,
  RATION_EXHAUSTED: GSW.SW_9D05_ENTITLEMENT_EXHAUSTED,
  RATION_POINTS_INSUFFICIENT: GSW.SW_9D0D_POINTS_INSUFFICIENT,
  RATION_POINTS_OVER_VALUE: SW.SW_6A80_WRONG_DATA,
};

/** How the session verified the holder, as the proof (version 3) signs it. */
const PROOF_CVM_OF: Readonly<Record<Verification, ProofCvm>> = {
  biometric: PROOF_CVM.FINGERPRINT, pin: PROOF_CVM.PIN, supervised: PROOF_CVM.SUPERVISED_EXCEPTION,
};

const u32 = (b: Uint8Array, at = 0): number => ((b[at]! << 24) >>> 0) + (b[at + 1]! << 16) + (b[at + 2]! << 8) + b[at + 3]!;

/** Reads the command data; `undefined` for anything malformed, missing, duplicated or unknown. */
export function parseDebitRequest(data: Uint8Array): DebitRequest | undefined {
  const seen = new Map<number, Uint8Array>();
  try {
    for (const node of decodeTlv(data, { recurse: false })) {
      if (seen.has(node.tag)) return undefined;
      seen.set(node.tag, node.value);
    }
  } catch {
    return undefined;
  }
  const known = [T.TAG_DF31_CHALLENGE, T.TAG_DF32_TERMINAL_ID, T.TAG_9A_DATE, T.TAG_DF33_SERVICE, T.TAG_DF34_QUANTITY, T.TAG_DF35_ITEM_LINES, T.TAG_DF36_POINTS];
  if ([...seen.keys()].some((tag) => !known.includes(tag))) return undefined;
  const challenge = seen.get(T.TAG_DF31_CHALLENGE);
  const terminal = seen.get(T.TAG_DF32_TERMINAL_ID);
  const date = seen.get(T.TAG_9A_DATE);
  const service = seen.get(T.TAG_DF33_SERVICE);
  if (challenge?.length !== CHALLENGE_LENGTH || terminal?.length !== 4 || !date || service?.length !== 1) return undefined;
  const day = yymmddToDay(date);
  if (day === undefined || !(SERVICES as readonly number[]).includes(service[0]!)) return undefined;
  const base = { challenge, terminalId: u32(terminal), day, service: service[0] as Service, pointsPiastres: null };
  const points = seen.get(T.TAG_DF36_POINTS);
  if (base.service === SERVICE.RATION) {
    if (points !== undefined && points.length !== 4) return undefined;
    const raw = seen.get(T.TAG_DF35_ITEM_LINES);
    if (!raw || seen.has(T.TAG_DF34_QUANTITY) || raw.length === 0 || raw.length % 8 !== 0 || raw.length / 8 > MAX_ITEM_LINES) return undefined;
    const lines: ItemLine[] = [];
    for (let at = 0; at < raw.length; at += 8) lines.push([u32(raw, at), u32(raw, at + 4)]);
    const ordered = lines.every(([code, qty], i) => qty >= 1 && (i === 0 || code > lines[i - 1]![0]));
    return ordered ? { ...base, quantity: 0, lines, pointsPiastres: points ? u32(points) : null } : undefined;
  }
  if (points !== undefined) return undefined; // bread points pay for ration goods only
  const quantity = seen.get(T.TAG_DF34_QUANTITY);
  if (quantity?.length !== 4 || seen.has(T.TAG_DF35_ITEM_LINES)) return undefined;
  return { ...base, quantity: u32(quantity), lines: [] };
}

/** DEBIT ENTITLEMENT (80 DE): checks, debits atomically and returns the signed debit proof (DF50). */
export function debitEntitlement(apdu: CommandApdu, context: AppletContext): AppletResponse {
  if (apdu.p1 !== 0 || apdu.p2 !== 0) return { sw: SW.SW_6A86_WRONG_P1_P2 };
  const request = parseDebitRequest(apdu.data);
  if (!request) return { sw: SW.SW_6A80_WRONG_DATA };
  if (request.service === SERVICE.PAYMENT) return { sw: SW.SW_6A81_FUNCTION_NOT_SUPPORTED }; // the EMV application pays
  const gov = new GovStore(context.store);
  const status = gov.number(KEY.STATUS);
  if (status === STATUS_CODE.blocked) return { sw: GSW.SW_9D01_CARD_BLOCKED };
  if (status !== STATUS_CODE.active) return { sw: GSW.SW_9D02_CARD_DESTROYED };
  const accepted = acceptDate(gov, request.day);
  if (!accepted.ok) return { sw: accepted.sw };
  if (request.day > gov.number(KEY.EXPIRY)) return { sw: GSW.SW_9D03_CARD_EXPIRED };
  const profile = gov.profile();
  const activeFrom = gov.services().get(request.service) ?? null;
  const rationService = request.service === SERVICE.BREAD || request.service === SERVICE.RATION;
  if (activeFrom === null || activeFrom > request.day || (rationService && !profile.carriesRation)) {
    return { sw: GSW.SW_9D04_SERVICE_INACTIVE };
  }
  const holder = verifiedBy(context);
  if (!holder) return { sw: GSW.SW_6982_SECURITY_STATUS_NOT_SATISFIED };
  // A supervised exception serves exactly the debit it was signed for (VERIFY SUPERVISED).
  const supervision = supervisionOf(context);
  if (holder === 'supervised' && !(supervision && constantTimeEqual(supervision.challenge, request.challenge) &&
    supervision.terminalId === request.terminalId && supervision.date === request.day && supervision.atc === context.atc.value)) {
    return { sw: GSW.SW_6982_SECURITY_STATUS_NOT_SATISFIED };
  }
  if (context.atc.exhausted) return { sw: GSW.SW_6985_CONDITIONS_NOT_SATISFIED };

  const beneficiaries = accepted.grant.beneficiaries;
  let decision: EntitlementDecision;
  if (request.service === SERVICE.BREAD) {
    if (request.quantity < 1) return { sw: SW.SW_6A80_WRONG_DATA };
    decision = decideBread(gov.params(), accepted.counters, { beneficiaries, day: request.day, loaves: request.quantity });
  } else if (request.service === SERVICE.RATION) {
    decision = decideRation(accepted.counters, { beneficiaries, lines: request.lines, pointsPiastres: request.pointsPiastres });
  } else {
    if (request.quantity !== 1) return { sw: SW.SW_6A80_WRONG_DATA }; // one health visit per debit
    decision = { ok: true, state: accepted.counters, amount: 1, pointsPiastres: 0, balanceAfter: 0 };
  }
  if (!decision.ok) return { sw: REFUSAL_SW[decision.refusal] };

  const atc = context.atc.increment();
  if (atc === undefined) return { sw: GSW.SW_6985_CONDITIONS_NOT_SATISFIED };
  const proof = debitProofCodec.sign(
    {
      version: DEBIT_PROOF_VERSION, cardId: profile.cardId, atc, service: request.service, amount: decision.amount,
      items: request.lines, balanceAfter: decision.balanceAfter, date: request.day, terminalId: request.terminalId,
      challenge: request.challenge, pointsPiastres: decision.pointsPiastres, cvm: PROOF_CVM_OF[holder],
      supervisorCardId: holder === 'supervised' ? supervision!.supervisorCardId : null,
    },
    privateKeyFromScalar(gov.bytes(KEY.CARD_KEY)),
  );
  const encoded = debitProofCodec.encode(proof);
  accepted.commit(decision.state);
  appendToLog(gov, encoded);
  if (holder === 'supervised') setVerified(context, undefined); // one debit per authorization
  return { data: berTlv(T.TAG_DF50_DEBIT_PROOF, encoded), sw: SW.SW_9000_NO_ERROR };
}
