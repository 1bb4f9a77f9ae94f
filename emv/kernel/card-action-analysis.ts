import { generateAc, type CdaRequest, type GenerateAcResult } from './generate-ac.ts';
import type { CryptogramType } from './terminal-action-analysis.ts';
import { logStep, type TransactionContext } from './transaction-context.ts';
import { TSI } from './tsi.ts';
import { setBit } from './tvr.ts';

export interface CardActionAnalysisInput {
  /** What terminal action analysis asked for. */
  readonly requested: CryptogramType;
  /** CDOL1 (8C). */
  readonly cdol1: Uint8Array;
  /** CDA to request (TC or ARQC only; the kernel never asks CDA on an AAC). */
  readonly cda?: CdaRequest;
  readonly defaultTdol: Uint8Array;
}

/**
 * Card Action Analysis: the first GENERATE AC with the type terminal action analysis chose; the card's answer
 * (CID) says decline offline (AAC), approve offline (TC) or go online (ARQC). Sets the TSI bit 'card risk
 * management was performed'. The advice bit (CID b4) is logged only: this kernel keeps no advice store.
 * @remarks See EMV 4.4 Book 3, 10.8 (Card Action Analysis) and 6.5.5.4 (CID).
 */
export async function cardActionAnalysis(context: TransactionContext, input: CardActionAnalysisInput): Promise<GenerateAcResult> {
  setBit(context.tsi, TSI.CARD_RISK_MANAGEMENT_PERFORMED);
  const result = await generateAc(context, {
    type: input.requested,
    cdol: input.cdol1,
    second: false,
    ...(input.cda && input.requested !== 'AAC' ? { cda: input.cda } : {}),
    defaultTdol: input.defaultTdol,
  });
  if (result.cid & 0x08) logStep(context, 'card action analysis: the card asks for an advice (not supported, logged)');
  return result;
}

