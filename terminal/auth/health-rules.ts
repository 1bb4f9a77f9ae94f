/**
 * Health insurance check-in: the visit is recorded (who, where, when, how verified) and debits nothing, so it
 * needs no entitlement and is never stopped by an offline limit.
 */
import type { RuleResult } from './rule-input.ts';

/** Decides a health check-in: always a zero debit once the common checks have passed. */
export function healthRule(): RuleResult {
  return {
    ok: true,
    cuts: [],
    debit: {
      service: 'health', amount: 0, loaves: 0, breadAllocation: [], entitlementPiastres: 0, pointsPiastres: 0, items: [],
      valuePiastres: 0, cashDuePiastres: 0, changePiastres: 0,
    },
  };
}
