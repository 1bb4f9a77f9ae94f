import { generateAc, type CdaRequest, type GenerateAcResult } from './generate-ac.ts';
import type { TransactionContext } from './transaction-context.ts';

export interface CompletionInput {
  /** TC when the issuer approved (or the default analysis allows offline approval), else AAC. */
  readonly requested: 'TC' | 'AAC';
  /** CDOL2 (8D). */
  readonly cdol2: Uint8Array;
  /** CDA on the second GENERATE AC (TC only), with the first GENERATE AC's CDOL1 data. */
  readonly cda?: CdaRequest;
  readonly defaultTdol: Uint8Array;
}

/**
 * Completion: the second GENERATE AC after online processing (or after failing to go online), with the ARC and
 * the issuer data in CDOL2; the card's TC approves, its AAC declines. A card answering ARQC here is a card fault.
 * @remarks See EMV 4.4 Book 3, 10.11 (Completion) and 9.3 (second GENERATE AC).
 */
export async function completion(context: TransactionContext, input: CompletionInput): Promise<GenerateAcResult> {
  return generateAc(context, {
    type: input.requested,
    cdol: input.cdol2,
    second: true,
    ...(input.cda && input.requested === 'TC' ? { cda: input.cda } : {}),
    defaultTdol: input.defaultTdol,
  });
}
