/**
 * The grocer's (بدال) ration basket: item lines from the month's catalogue paid from the household's monthly ration
 * entitlement and its bread points, through the shared transaction (`run-transaction.ts`). Lines must be in
 * increasing item-code order (the card's rule); they are sorted here. With `allowPartial`, lines over a cap or
 * past the balance are cut instead of declining the basket (the receipt shows what was granted).
 */
import type { ItemLine } from '../schemas/service.ts';
import type { PointsChoice } from '../auth/auth-types.ts';
import type { TransactionOptions, TransactionResult } from './transaction-types.ts';
import type { TransactionRunner } from './run-transaction.ts';

export interface Basket {
  readonly lines: readonly ItemLine[];
  readonly allowPartial?: boolean;
  /** How bread points pay (default `first`, as the card spends its money: the total is what matters). */
  readonly points?: PointsChoice;
}

/** Serves `basket` to the card presented next. */
export function serveBasket(runner: TransactionRunner, basket: Basket, options: TransactionOptions = {}): Promise<TransactionResult> {
  const lines = [...basket.lines].sort((a, b) => a[0] - b[0]);
  return runner.run({ service: 'ration', lines, points: basket.points ?? 'first', allowPartial: basket.allowPartial ?? false }, options);
}
