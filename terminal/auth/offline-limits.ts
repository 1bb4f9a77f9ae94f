/**
 * The terminal-level offline limits: how long since the last sync, how many offline approvals, how much value,
 * and how many approvals per card per day. Health check-ins debit nothing and stay available whatever the limit,
 * so the queue at a health unit never stops; a cashier always sees what the terminal can still serve.
 */
import type { OfflineLimit, ServiceName, TerminalContext, Usage } from './auth-types.ts';
import type { Parameters } from './parameters.ts';

/** What an offline terminal can still serve. */
export interface OfflineCapacity {
  /** The first terminal-level limit reached, if any. */
  readonly limit?: OfflineLimit;
  readonly services: readonly ServiceName[];
  readonly remainingTransactions: number;
  readonly remainingValuePiastres: number;
}

/** The terminal-level offline capacity left (all services and no limit when online). */
export function offlineCapacity(params: Parameters, context: TerminalContext): OfflineCapacity {
  const o = params.offline;
  const remainingTransactions = Math.max(0, o.maxTransactions - context.offline.transactions);
  const remainingValuePiastres = Math.max(0, o.maxValuePiastres - context.offline.valuePiastres);
  const all: readonly ServiceName[] = ['bread', 'ration', 'health'];
  if (context.online) return { services: all, remainingTransactions, remainingValuePiastres };
  const limit: OfflineLimit | undefined =
    context.offline.hoursSinceSync >= o.maxHoursWithoutSync ? 'HOURS_WITHOUT_SYNC'
      : remainingTransactions === 0 ? 'TRANSACTIONS'
        : remainingValuePiastres === 0 ? 'VALUE'
          : undefined;
  return limit === undefined
    ? { services: all, remainingTransactions, remainingValuePiastres }
    : { limit, services: ['health'], remainingTransactions, remainingValuePiastres };
}

/**
 * The offline limit a debit of `valuePiastres` by a card with `cardUsage` (as of today) would break, checked in
 * this order: hours without sync, transactions, the card's approvals today, value. Undefined when none.
 */
export function offlineLimitFor(
  params: Parameters,
  context: TerminalContext,
  cardUsage: Usage,
  valuePiastres: number,
): OfflineLimit | undefined {
  const capacity = offlineCapacity(params, context);
  if (capacity.limit === 'HOURS_WITHOUT_SYNC' || capacity.limit === 'TRANSACTIONS') return capacity.limit;
  if (cardUsage.transactionsToday >= params.offline.maxTransactionsPerCardPerDay) return 'CARD_TRANSACTIONS_PER_DAY';
  if (valuePiastres > capacity.remainingValuePiastres) return 'VALUE';
  return undefined;
}
