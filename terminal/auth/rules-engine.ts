/**
 * The terminal's one rules engine for the unified card's services, used online and offline alike: online only
 * brings the ledger's fresher view of the household (`context.ledger`), merged with the card's counters and the
 * terminal's tallies. Pure: the same inputs give the same decision, and nothing here touches a device.
 *
 * Checks, in this fixed order (the first that fails is the decline):
 * 1. card genuine (CARD_NOT_GENUINE);
 * 2. status: destroyed (CARD_DESTROYED), blocked on the card (CARD_BLOCKED, source card), an old ration card of
 *    a household that has moved to the unified card (LEGACY_CARD_SWITCHED);
 * 3. expiry (CARD_EXPIRED after the last valid day; the warning EXPIRES_SOON inside the warning window);
 * 4. blocklist (CARD_BLOCKED, source blocklist);
 * 5. service on the card (NOT_ON_THIS_CARD) and active today (SERVICE_INACTIVE with its activation day);
 * 6. cardholder verified (CARDHOLDER_NOT_VERIFIED);
 * 7. entitlement available to the household (REQUEST_INVALID, QUOTA_EXHAUSTED, COLLECT_AHEAD_LIMIT,
 *    ITEM_CAP_REACHED, BALANCE_INSUFFICIENT, POINTS_INSUFFICIENT; partial ration baskets cut here);
 * 8. offline limits, offline only and not for health check-ins: hours without sync, offline approvals, the
 *    card's approvals today, the card's share of the household entitlement (may cut a partial basket further),
 *    offline value (OFFLINE_LIMIT_REACHED with `limit` and what the terminal still serves);
 * 9. payment at the counter: bread cash tendered covers the price (CASH_INSUFFICIENT); change is never negative.
 */
import type {
  AuthRequest, CardData, Decision, DeclineReason, LedgerEntry, ServiceName, TerminalContext, VerificationResult, Warning,
} from './auth-types.ts';
import { breadRule } from './bread-rules.ts';
import { WARNING_MESSAGES } from './decline-codes.ts';
import { healthRule } from './health-rules.ts';
import { offlineCapacity, offlineLimitFor } from './offline-limits.ts';
import type { Parameters } from './parameters.ts';
import { rationRule } from './ration-rules.ts';
import type { RuleInput, RuleResult } from './rule-input.ts';
import { reason } from './rule-input.ts';
import { mergeUsage } from './usage.ts';

/** Everything one decision reads. */
export interface AuthInput {
  readonly params: Parameters;
  readonly card: CardData;
  readonly context: TerminalContext;
  readonly verification: VerificationResult;
  /** The card id is on the terminal's blocklist. */
  readonly blocklisted: boolean;
  readonly request: AuthRequest;
}

function runRule(input: RuleInput, request: AuthRequest): RuleResult {
  switch (request.service) {
    case 'bread': return breadRule(input, request.loaves);
    case 'ration': return rationRule(input, request);
    case 'health': return healthRule();
  }
}

/** Decides one request: approved with its exact debit, or declined with a stable code. See the order above. */
export function authorize(input: AuthInput): Decision {
  const { params, card, context, verification, request } = input;
  const today = context.today;
  const service: ServiceName = request.service;
  const warnings: Warning[] = [];
  const decline = (r: DeclineReason): Decision => ({ ok: false, outcome: r.code, reason: r, warnings });

  // 1. Card genuine.
  if (!card.genuine) return decline(reason('CARD_NOT_GENUINE'));
  // 2. Status.
  if (card.status === 'destroyed') return decline(reason('CARD_DESTROYED'));
  if (card.status === 'blocked') return decline(reason('CARD_BLOCKED', { source: 'card' }));
  if (card.kind === 'legacy-ration' && context.householdSwitched) return decline(reason('LEGACY_CARD_SWITCHED'));
  // 3. Expiry.
  if (today > card.notAfter) return decline(reason('CARD_EXPIRED'));
  if (card.notAfter - today < params.expiryWarningDays) {
    warnings.push({ code: 'EXPIRES_SOON', message: WARNING_MESSAGES.EXPIRES_SOON, notAfter: card.notAfter });
  }
  // 4. Blocklist.
  if (input.blocklisted) return decline(reason('CARD_BLOCKED', { source: 'blocklist' }));
  // 5. Service on the card and active.
  const activation = card.services[service];
  if (!activation) return decline(reason('NOT_ON_THIS_CARD', { service }));
  if (today < activation.activeFrom) return decline(reason('SERVICE_INACTIVE', { service, activeFrom: activation.activeFrom }));
  // 6. Cardholder verified.
  if (!verification.verified) return decline(reason('CARDHOLDER_NOT_VERIFIED', { service }));
  // 7. Entitlement, on the household's best known consumption.
  const household = mergeUsage(today, card.usage, context.localHousehold, context.ledger);
  const cardUsage = mergeUsage(today, card.usage, context.localCard);
  const ruleInput: RuleInput = { params, card, household, cardUsage, today, share: null };
  let result = runRule(ruleInput, request);
  if (!result.ok) return decline(result.reason);
  // 8. Offline limits.
  if (!context.online && service !== 'health') {
    const stillServes = offlineCapacity(params, context).services;
    const early = offlineLimitFor(params, context, cardUsage, 0);
    if (early) return decline(reason('OFFLINE_LIMIT_REACHED', { service, limit: early, stillServes: early === 'CARD_TRANSACTIONS_PER_DAY' ? ['health'] : stillServes }));
    result = runRule({ ...ruleInput, share: params.offline.cardShare }, request);
    if (!result.ok) return decline(result.reason);
    if (offlineLimitFor(params, context, cardUsage, result.debit.valuePiastres) === 'VALUE') {
      const left = offlineCapacity(params, context).remainingValuePiastres;
      const smaller: readonly ServiceName[] = left > 0 ? ['health', 'bread', 'ration'] : ['health'];
      return decline(reason('OFFLINE_LIMIT_REACHED', { service, limit: 'VALUE', stillServes: smaller }));
    }
  }
  // 9. Payment at the counter.
  let debit = result.debit;
  if (request.service === 'bread') {
    const tendered = request.cashTenderedPiastres ?? debit.cashDuePiastres;
    if (!Number.isSafeInteger(tendered) || tendered < debit.cashDuePiastres) return decline(reason('CASH_INSUFFICIENT', { service }));
    debit = { ...debit, changePiastres: tendered - debit.cashDuePiastres };
  }
  const ledgerEntry: LedgerEntry = {
    householdId: card.householdId,
    cardId: card.cardId,
    day: today,
    service,
    loaves: debit.loaves,
    entitlementPiastres: debit.entitlementPiastres,
    pointsPiastres: debit.pointsPiastres,
    items: debit.items,
    offline: !context.online,
    cvm: verification.method,
    supervisorCardId: verification.method === 'supervised' ? verification.supervisorCardId : null,
  };
  return { ok: true, outcome: 'APPROVED', debit, cuts: result.cuts, warnings, ledgerEntry };
}
