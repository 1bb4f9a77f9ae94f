import { randomBytes as nodeRandomBytes } from 'node:crypto';
import type { EmvReasonCode, EmvTransactionIo, EmvTransactionRequest, EmvTransactionResult } from './transaction-types.ts';
import { parseCardBitGroupTemplate } from '../biometric/biometric-data-objects.ts';
import { EmvError } from '../errors.ts';
import { toHex } from '../tlv/hex.ts';
import * as T from '../tlv/tags.ts';
import type { Transceiver } from '../transceiver.ts';
import { buildCandidateList } from './application-selection.ts';
import type { RsaPublicKey } from '../oda/index.ts';
import { biometricEnciphermentKey } from './biometric-key.ts';
import { cardActionAnalysis } from './card-action-analysis.ts';
import { cardholderVerification, type CardBitGroup } from './cardholder-verification.ts';
import { completion } from './completion.ts';
import { CVM_NOT_PERFORMED } from './cvm-list.ts';
import { finalSelection } from './final-selection.ts';
import type { CdaRequest, GenerateAcResult } from './generate-ac.ts';
import { initiateApplicationProcessing } from './initiate-application-processing.ts';
import { issuerScriptProcessing } from './issuer-script-processing.ts';
import { offlineDataAuthentication } from './offline-data-authentication.ts';
import { onlineProcessing } from './online-processing.ts';
import { processingRestrictions } from './processing-restrictions.ts';
import { panDigits, readApplicationData } from './read-application-data.ts';
import { defaultActionAnalysis, terminalActionAnalysis, type CryptogramType } from './terminal-action-analysis.ts';
import { isOfflineOnly, isUnattended, type EmvTerminalConfig } from './terminal-config.ts';
import { supportedCvms, terminalData } from './terminal-data.ts';
import { terminalRiskManagement } from './terminal-risk-management.ts';
import { createTransactionContext, logStep, type TransactionContext } from './transaction-context.ts';
import { TVR, setBit } from './tvr.ts';
import { AIP1 } from './aip.ts';

export type { EmvReasonCode, EmvTransactionIo, EmvTransactionRequest, EmvTransactionResult } from './transaction-types.ts';

/** A transceiver failure, carried through the steps untouched and rethrown as it was. */
class TransceiverFailure extends Error {
  constructor(readonly original: unknown) {
    super('transceiver failure');
  }
}

/**
 * Runs one EMV contact transaction over `io.trx`, from application selection to completion. Declines and
 * approvals are outcomes; a card fault (malformed answer, unexpected status word, missing mandatory data) ends
 * the transaction with outcome 'terminated' and its error code; what the transceiver, PIN pad, biometric
 * verifier or online link throw propagates.
 * @remarks See EMV 4.4 Book 1, 12 (application selection); Book 3, 10.1-10.11 (the functions, in order).
 */
export async function runEmvTransaction(
  config: EmvTerminalConfig,
  request: EmvTransactionRequest,
  io: EmvTransactionIo,
): Promise<EmvTransactionResult> {
  const trx: Transceiver = async (capdu) => {
    try {
      return await io.trx(capdu);
    } catch (error) {
      throw new TransceiverFailure(error);
    }
  };
  const unpredictableNumber = (io.randomBytes ?? ((n: number) => new Uint8Array(nodeRandomBytes(n))))(4);
  const context = createTransactionContext(trx, terminalData(config, request, unpredictableNumber));
  const state: RunState = { cvmResults: Uint8Array.of(CVM_NOT_PERFORMED, 0, 0), signatureRequired: false, online: false };
  try {
    const ended = await transaction(context, config, request, io, state);
    return result(context, state, ended);
  } catch (error) {
    if (error instanceof TransceiverFailure) throw error.original;
    if (!(error instanceof EmvError)) throw error;
    logStep(context, `terminated: ${error.code}: ${error.message}`);
    return result(context, state, { outcome: 'terminated', reasonCode: error.code, reason: error.message });
  }
}

interface RunState {
  cvmResults: Uint8Array;
  signatureRequired: boolean;
  online: boolean;
  cryptogramType?: CryptogramType;
}

interface Ending {
  readonly outcome: EmvTransactionResult['outcome'];
  readonly reasonCode: EmvReasonCode;
  readonly reason: string;
}

function result(context: TransactionContext, state: RunState, ending: Ending): EmvTransactionResult {
  const data = new Map(context.data);
  data.set(T.TAG_95_TERMINAL_VERIFICATION_RESULTS, Uint8Array.from(context.tvr));
  data.set(T.TAG_9B_TRANSACTION_STATUS_INFORMATION, Uint8Array.from(context.tsi));
  data.set(T.TAG_9F34_CVM_RESULTS, Uint8Array.from(state.cvmResults));
  return {
    ...ending,
    ...(state.cryptogramType ? { cryptogramType: state.cryptogramType } : {}),
    online: state.online,
    tvr: Uint8Array.from(context.tvr),
    tsi: Uint8Array.from(context.tsi),
    cvmResults: Uint8Array.from(state.cvmResults),
    data,
    signatureRequired: ending.outcome === 'approved' && state.signatureRequired,
    steps: [...context.steps],
  };
}

/** Card BIT Group Template (EMV 4.4). See Book 3, Annex C8. */
const TAG_9F31_CARD_BIT_GROUP_TEMPLATE = 0x9f31;

async function transaction(
  context: TransactionContext,
  config: EmvTerminalConfig,
  request: EmvTransactionRequest,
  io: EmvTransactionIo,
  state: RunState,
): Promise<Ending> {
  const terminalOnly = new Map(context.data);
  // See Book 1, 12.3: the candidate list.
  const list = await buildCandidateList(context.trx, config.applications);
  context.steps.push(...list.log);
  const candidates = list.candidates;
  // See Book 1, 12.4 and Book 3, 10.1: final selection, then GET PROCESSING OPTIONS; 6985 drops the candidate.
  let selected;
  let processing;
  for (;;) {
    selected = await finalSelection(context.trx, candidates, io.chooseApplication, context.steps);
    context.data.clear();
    for (const [tag, value] of terminalOnly) context.data.set(tag, value);
    for (const [tag, value] of selected.fciData) context.data.set(tag, value);
    context.data.set(T.TAG_4F_APPLICATION_IDENTIFIER, selected.dfName);
    context.data.set(T.TAG_9F06_TERMINAL_AID, selected.candidate.terminalApplication.aid);
    context.data.set(T.TAG_9F09_TERMINAL_APPLICATION_VERSION_NUMBER, selected.candidate.terminalApplication.applicationVersion);
    processing = await initiateApplicationProcessing(context, selected.fciData.get(T.TAG_9F38_PDOL));
    if (processing.ok) break;
    candidates.splice(candidates.indexOf(selected.candidate), 1);
  }
  const { aip, afl, pdolData } = processing;
  // See Book 3, 10.2.
  const { odaRecords } = await readApplicationData(context, afl);
  const pan = panDigits(context.data.get(T.TAG_5A_PAN)!);
  const psnValue = context.data.get(T.TAG_5F34_PAN_SEQUENCE_NUMBER);
  const panSequenceNumber = psnValue?.length === 1 ? Number(toHex(psnValue)) || 0 : 0;
  const now = request.now ?? new Date();
  const today = { year: now.getUTCFullYear(), month: now.getUTCMonth() + 1 };
  // See Book 3, 10.3.
  const oda = await offlineDataAuthentication(context, {
    caKeys: config.caKeys,
    rid: selected.dfName.slice(0, 5),
    odaRecords,
    terminalCapabilities: config.terminalCapabilities,
    defaultDdol: config.defaultDdol,
    today,
  });
  // See Book 3, 10.4.
  processingRestrictions(context, {
    terminalApplicationVersion: selected.candidate.terminalApplication.applicationVersion,
    terminalCountryCode: config.terminalCountryCode,
    transactionType: request.transactionType ?? 'purchase',
    transactionDate: now.toISOString().slice(0, 10),
  });
  // See Book 3, 10.5: only when the AIP says cardholder verification is supported (byte 1 b5).
  let onlineBiometric: Uint8Array | undefined;
  if (aip[0]! & AIP1.CARDHOLDER_VERIFICATION_SUPPORTED) {
    const cv = await cardholderVerification({
      config: {
        supportedCvms: supportedCvms(config),
        unattended: isUnattended(config.terminalType),
        transactionType: request.transactionType ?? 'purchase',
        amountAuthorised: request.amountAuthorised,
        transactionCurrencyCode: config.transactionCurrencyCode,
        applicationCurrencyCode: currencyCode(context.data.get(T.TAG_9F42_APPLICATION_CURRENCY_CODE)),
      },
      cvmList: context.data.get(T.TAG_8E_CVM_LIST),
      trx: context.trx,
      pinPad: io.pinPad,
      biometricVerifier: io.biometricVerifier,
      biometric: {
        ...optionalKey(biometricEnciphermentKey(context, oda, today)),
        ...cardBitGroup(context),
      },
      tvr: context.tvr,
      tsi: context.tsi,
    });
    context.tvr.set(cv.tvr);
    context.tsi.set(cv.tsi);
    state.cvmResults = cv.cvmResults;
    state.signatureRequired = cv.signatureRequired;
    onlineBiometric = cv.onlineBiometric;
    logStep(context, `cardholder verification: CVM Results ${toHex(cv.cvmResults)}${cv.signatureRequired ? ', signature' : ''}`);
  } else {
    logStep(context, 'cardholder verification: not supported by the card (AIP)');
  }
  context.data.set(T.TAG_9F34_CVM_RESULTS, state.cvmResults);
  // See Book 3, 10.6: when the AIP asks for it (byte 1 b4); the merchant's forced online in any case.
  if (request.forceOnline) setBit(context.tvr, TVR.MERCHANT_FORCED_ONLINE);
  if (aip[0]! & AIP1.TERMINAL_RISK_MANAGEMENT_TO_BE_PERFORMED) {
    await terminalRiskManagement(context, {
      amountAuthorised: request.amountAuthorised,
      floorLimit: config.floorLimit,
      randomSelection: config.randomSelection,
      random: io.random ?? Math.random,
    });
  }
  // See Book 3, 10.7.
  const decision = terminalActionAnalysis({
    tvr: context.tvr,
    iac: {
      ...optional('denial', context.data.get(T.TAG_9F0E_IAC_DENIAL)),
      ...optional('online', context.data.get(T.TAG_9F0F_IAC_ONLINE)),
      ...optional('default', context.data.get(T.TAG_9F0D_IAC_DEFAULT)),
    },
    tac: { denial: config.tacDenial, online: config.tacOnline, default: config.tacDefault },
    terminalType: config.terminalType,
  });
  logStep(context, `terminal action analysis: ${decision.cryptogram} (${decision.reason})`);
  const cda: CdaRequest | undefined = oda.cdaRequested && oda.iccPublicKey ? { iccPublicKey: oda.iccPublicKey, pdolData } : undefined;
  if (cda && decision.cryptogram === 'AAC') {
    // See Book 2, 6.6.3, Figure 3: an AAC is asked without CDA, and 'ODA was not performed' is set.
    setBit(context.tvr, TVR.OFFLINE_DATA_AUTHENTICATION_NOT_PERFORMED);
  }
  // See Book 3, 10.8.
  const first = await cardActionAnalysis(context, {
    requested: decision.cryptogram,
    cdol1: context.data.get(T.TAG_8C_CDOL1)!,
    ...(cda ? { cda } : {}),
    defaultTdol: config.defaultTdol,
  });
  state.cryptogramType = first.cryptogram;
  if (first.cdaVerified === false) {
    // See Book 2, 6.6.2 and Book 3, 10.8: a CDA failure declines; an ARQC is closed with an AAC.
    if (first.cryptogram === 'ARQC') await closeWithAac(context, config, state);
    return { outcome: 'declined', reasonCode: 'CDA_FAILED', reason: 'the CDA signature on the first GENERATE AC did not verify' };
  }
  if (first.cryptogram === 'AAC') return { outcome: 'declined', reasonCode: 'OFFLINE_DECLINED', reason: 'the card declined offline (AAC)' };
  if (first.cryptogram === 'TC') return { outcome: 'approved', reasonCode: 'OFFLINE_APPROVED', reason: 'approved offline (TC)' };
  // See Book 3, 10.9: ARQC: online.
  const cda2 = cda ? { ...cda, cdol1Data: first.cdolData } : undefined;
  const online = isOfflineOnly(config.terminalType)
    ? ({ kind: 'unable' } as const)
    : await onlineProcessing(context, {
        goOnline: io.goOnline,
        pan,
        panSequenceNumber,
        ...(onlineBiometric ? { onlineBiometric } : {}),
      });
  let requested: 'TC' | 'AAC';
  let issuerApproved = false;
  if (online.kind === 'unable') {
    // See Book 3, 10.7 / 10.9: unable to go online: the default action codes; ARC Y3 / Z3 (Book 4, Annex A6).
    const fallback = defaultActionAnalysis(context.tvr, context.data.get(T.TAG_9F0D_IAC_DEFAULT), config.tacDefault);
    requested = fallback.cryptogram === 'TC' ? 'TC' : 'AAC';
    context.data.set(T.TAG_8A_AUTHORISATION_RESPONSE_CODE, new TextEncoder().encode(requested === 'TC' ? 'Y3' : 'Z3'));
    logStep(context, `default action analysis: ${requested} (${fallback.reason})`);
  } else {
    state.online = true;
    issuerApproved = online.approved;
    requested = online.approved ? 'TC' : 'AAC';
    // See Book 3, 10.10: scripts in 71 before the second GENERATE AC.
    await issuerScriptProcessing(context, online.issuerScripts, T.TAG_71_ISSUER_SCRIPT_TEMPLATE_1);
  }
  // See Book 3, 10.11.
  const second: GenerateAcResult = await completion(context, {
    requested,
    cdol2: context.data.get(T.TAG_8D_CDOL2)!,
    ...(cda2 ? { cda: cda2 } : {}),
    defaultTdol: config.defaultTdol,
  });
  state.cryptogramType = second.cryptogram;
  // See Book 3, 10.10: scripts in 72 after it.
  if (online.kind === 'answered') await issuerScriptProcessing(context, online.issuerScripts, T.TAG_72_ISSUER_SCRIPT_TEMPLATE_2);
  if (second.cdaVerified === false) {
    return { outcome: 'declined', reasonCode: 'CDA_FAILED', reason: 'the CDA signature on the second GENERATE AC did not verify' };
  }
  const approved = second.cryptogram === 'TC';
  if (online.kind === 'unable') {
    return approved
      ? { outcome: 'approved', reasonCode: 'UNABLE_ONLINE_APPROVED', reason: 'issuer unreachable; approved offline (TC)' }
      : { outcome: 'declined', reasonCode: 'UNABLE_ONLINE_DECLINED', reason: 'issuer unreachable; declined offline (AAC)' };
  }
  if (approved) return { outcome: 'approved', reasonCode: 'ONLINE_APPROVED', reason: `approved by the issuer (ARC ${online.authorisationResponseCode})` };
  if (issuerApproved) {
    return { outcome: 'declined', reasonCode: 'CARD_DECLINED_AFTER_ONLINE_APPROVAL', reason: 'the issuer approved but the card declined (AAC)' };
  }
  return {
    outcome: 'declined',
    reasonCode: 'ONLINE_DECLINED',
    reason: `declined by the issuer (ARC ${online.authorisationResponseCode}${online.reason ? `: ${online.reason}` : ''})`,
  };
}

/** Second GENERATE AC asking for an AAC, to close the card's transaction after a failed CDA on an ARQC. */
async function closeWithAac(context: TransactionContext, config: EmvTerminalConfig, state: RunState): Promise<void> {
  context.data.set(T.TAG_8A_AUTHORISATION_RESPONSE_CODE, new TextEncoder().encode('Z3'));
  const second = await completion(context, { requested: 'AAC', cdol2: context.data.get(T.TAG_8D_CDOL2)!, defaultTdol: config.defaultTdol });
  state.cryptogramType = second.cryptogram;
}

function optional<K extends string>(key: K, value: Uint8Array | undefined): { [P in K]?: Uint8Array } {
  return (value?.length === 5 ? { [key]: value } : {}) as { [P in K]?: Uint8Array };
}

function optionalKey(key: RsaPublicKey | undefined): { iccPublicKey?: RsaPublicKey } {
  return key ? { iccPublicKey: key } : {};
}

function currencyCode(value: Uint8Array | undefined): number | undefined {
  if (value?.length !== 2) return undefined;
  const digits = toHex(value);
  return /^[0-9]{4}$/.test(digits) ? Number(digits) : undefined;
}

/** The card's 9F31, parsed; a malformed one is left out (the finger CVMs then see no bit group). */
function cardBitGroup(context: TransactionContext): { cardBitGroup?: CardBitGroup } {
  const value = context.data.get(TAG_9F31_CARD_BIT_GROUP_TEMPLATE);
  if (!value) return {};
  try {
    return { cardBitGroup: parseCardBitGroupTemplate(value) };
  } catch (error) {
    if (!(error instanceof EmvError)) throw error;
    logStep(context, `Card BIT Group Template (9F31) unreadable: ${error.code}`);
    return {};
  }
}
