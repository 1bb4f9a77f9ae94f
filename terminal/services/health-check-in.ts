/**
 * The health unit's check-in under universal health insurance: one visit debited on the card, after the
 * fingerprint check every visit needs (PIN and supervised exception as fallbacks), through the shared transaction.
 * Check-ins debit no entitlement and stay available whatever the offline limits.
 */
import type { TransactionOptions, TransactionResult } from './transaction-types.ts';
import type { TransactionRunner } from './run-transaction.ts';

/** Checks in the cardholder of the card presented next. */
export function checkInHealthVisit(runner: TransactionRunner, options: TransactionOptions = {}): Promise<TransactionResult> {
  return runner.run({ service: 'health' }, options);
}
