import type { Transceiver } from '../transceiver.ts';
import { TAG_95_TERMINAL_VERIFICATION_RESULTS, TAG_9B_TRANSACTION_STATUS_INFORMATION } from '../tlv/tags.ts';
import { emptyTsi } from './tsi.ts';
import { emptyTvr } from './tvr.ts';

/**
 * The state one transaction carries from step to step: every data object (card, terminal, issuer) by tag,
 * the TVR and TSI (changed in place by the steps), and a readable log of the steps.
 * @remarks See EMV 4.4 Book 3, 10 (the functions share one set of data objects) and Annex C5/C6 (TVR, TSI).
 */
export interface TransactionContext {
  readonly trx: Transceiver;
  /** Data objects of the transaction by tag; the live TVR (95) and TSI (9B) are read from `tvr` / `tsi`. */
  readonly data: Map<number, Uint8Array>;
  readonly tvr: Uint8Array;
  readonly tsi: Uint8Array;
  /** One line per step or notable event, for the journal and for people; never holds PINs, keys or biometrics. */
  readonly steps: string[];
}

/** A fresh context: empty data, all-zero TVR and TSI. */
export function createTransactionContext(trx: Transceiver, data?: ReadonlyMap<number, Uint8Array>): TransactionContext {
  return { trx, data: new Map(data), tvr: emptyTvr(), tsi: emptyTsi(), steps: [] };
}

/** Looks a tag up the way DOLs need it: the live TVR and TSI, else the data map. */
export function lookupData(context: TransactionContext, tag: number): Uint8Array | undefined {
  if (tag === TAG_95_TERMINAL_VERIFICATION_RESULTS) return Uint8Array.from(context.tvr);
  if (tag === TAG_9B_TRANSACTION_STATUS_INFORMATION) return Uint8Array.from(context.tsi);
  return context.data.get(tag);
}

/** Appends a line to the step log. */
export function logStep(context: TransactionContext, line: string): void {
  context.steps.push(line);
}
