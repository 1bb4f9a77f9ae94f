/**
 * The bakery's sale of subsidized bread: one customer's card, a number of loaves, the cash at 20 piastres a loaf
 * (the parameter), through the shared transaction (`run-transaction.ts`). A queue is served by calling it once per
 * customer; each call waits for the next card.
 */
import type { TransactionOptions, TransactionResult } from './transaction-types.ts';
import type { TransactionRunner } from './run-transaction.ts';

export interface BreadOrder {
  readonly loaves: number;
  /** Cash handed over, piastres (default: exactly the price). */
  readonly cashTenderedPiastres?: number;
}

/** Sells `order.loaves` subsidized loaves to the card presented next. */
export function sellBread(runner: TransactionRunner, order: BreadOrder, options: TransactionOptions = {}): Promise<TransactionResult> {
  return runner.run(
    { service: 'bread', loaves: order.loaves, ...(order.cashTenderedPiastres !== undefined ? { cashTenderedPiastres: order.cashTenderedPiastres } : {}) },
    options,
  );
}
