/**
 * The inputs and outputs of the rules engine: the card's data as read, the terminal's context, the cardholder
 * verification result, the request, and the decision. Plain data, so one engine decides online and offline, and
 * the same values can be journaled, replayed and compared with the card's own rule check.
 */
import type { UserMessage } from '../errors.ts';
import type { ItemLine } from '../schemas/service.ts';
import type { DeclineCode, WarningCode } from './decline-codes.ts';

/** The services this engine decides (payments go through the EMV kernel). */
export type ServiceName = 'bread' | 'ration' | 'health';

/**
 * Consumption counters for one card or one household. Monthly fields refer to `month`, daily ones to `day`; a
 * reader treats counters of another month or day as zero. Every source (the card, the terminal's tallies, the
 * ledger) is a lower bound of the truth, so sources are merged field by field with `max` (`mergeUsage`).
 */
export interface Usage {
  /** Month index (`year * 12 + month - 1`) of the monthly counters. */
  readonly month: number;
  /** Loaves collected in `month`. */
  readonly loaves: number;
  /** Loaves credited against each day of `month` (index = day of month − 1; missing days are 0), ahead included. */
  readonly breadTaken: readonly number[];
  /** Ration entitlement spent in `month`, piastres. */
  readonly rationPiastres: number;
  /** Bread points spent in `month`, piastres. */
  readonly pointsPiastres: number;
  /** Ration units taken in `month`, one line per item code, codes increasing. */
  readonly items: readonly ItemLine[];
  /** Day number of the daily counters. */
  readonly day: number;
  /** Loaves collected on `day`. */
  readonly loavesToday: number;
  /** Approved transactions (any service) on `day`. */
  readonly transactionsToday: number;
}

/** The card's data as the terminal read it (authenticated by the caller before it is trusted). */
export interface CardData {
  readonly cardId: Uint8Array;
  readonly householdId: Uint8Array;
  /** The certificate chain verified and the card proved its key (the caller's check). */
  readonly genuine: boolean;
  /** `legacy-ration`: an old ration smart card still accepted during the transition. */
  readonly kind: 'unified' | 'legacy-ration';
  readonly status: 'active' | 'blocked' | 'destroyed';
  /** Last valid day, inclusive (the card certificate's notAfter). */
  readonly notAfter: number;
  /** The services on this card, each with the day it becomes active; a service absent is not on this card. */
  readonly services: Partial<Record<ServiceName, { readonly activeFrom: number }>>;
  /** Beneficiaries in the household (the size the entitlements count). */
  readonly beneficiaries: number;
  /** Cards of the household that carry the ration services (head, spouse, children over 16), at least 1. */
  readonly entitledCards: number;
  /** Bread points credited to the household for `month` (last month's uncollected loaves), piastres. */
  readonly points: { readonly month: number; readonly creditPiastres: number };
  /** This card's own consumption counters. */
  readonly usage: Usage;
}

/** Counters of the terminal's offline period (since its last successful sync). */
export interface OfflineCounters {
  readonly hoursSinceSync: number;
  readonly transactions: number;
  readonly valuePiastres: number;
}

/** What the terminal knows besides the card. */
export interface TerminalContext {
  /** Today, days since 1970-01-01 UTC, from the terminal's clock. */
  readonly today: number;
  /** True when the ledger is reachable and `ledger` holds its fresh view of the household. */
  readonly online: boolean;
  readonly offline: OfflineCounters;
  /** The ledger's view of the household: fresh online; as of the last sync offline (may be absent). */
  readonly ledger?: Usage;
  /** This terminal's tallies for the household and for the card (its own approvals, not yet synced or not). */
  readonly localHousehold?: Usage;
  readonly localCard?: Usage;
  /** The household has already transacted on the unified card (ledger or local knowledge). */
  readonly householdSwitched: boolean;
}

/** Cardholder verification as finished by the verification policy. */
export type VerificationResult =
  | { readonly verified: true; readonly method: 'fingerprint' | 'pin' }
  | { readonly verified: true; readonly method: 'supervised'; readonly supervisorCardId: Uint8Array }
  | { readonly verified: false };

/** How a ration basket uses bread points: all it can first, none, or a chosen amount. */
export type PointsChoice = 'first' | 'none' | { readonly piastres: number };

export type AuthRequest =
  | { readonly service: 'bread'; readonly loaves: number; readonly cashTenderedPiastres?: number }
  | {
      readonly service: 'ration';
      readonly lines: readonly ItemLine[];
      readonly points: PointsChoice;
      /** Grant the lines that fit and cut the rest, instead of declining the whole basket. */
      readonly allowPartial: boolean;
    }
  | { readonly service: 'health' };

/** Which offline limit stopped or cut a transaction. */
export type OfflineLimit =
  | 'HOURS_WITHOUT_SYNC'
  | 'TRANSACTIONS'
  | 'VALUE'
  | 'CARD_TRANSACTIONS_PER_DAY'
  | 'CARD_SHARE';

/** The exact debit of an approval. */
export interface Debit {
  readonly service: ServiceName;
  /** In the service's unit of the debit proof: loaves, entitlement piastres, visits (0 for a check-in). */
  readonly amount: number;
  readonly loaves: number;
  /** Bread: the days of the month the loaves are credited against, `[dayOfMonth, loaves]`, today first. */
  readonly breadAllocation: readonly (readonly [dayOfMonth: number, loaves: number])[];
  /** Ration entitlement debited, piastres. */
  readonly entitlementPiastres: number;
  /** Bread points spent, piastres. */
  readonly pointsPiastres: number;
  readonly items: readonly ItemLine[];
  /** Value of the goods at subsidized prices, piastres (= entitlement + points for ration; loaves × price for bread). */
  readonly valuePiastres: number;
  /** Paid at the counter, piastres (bread only). */
  readonly cashDuePiastres: number;
  /** Change for the cash tendered: never negative. */
  readonly changePiastres: number;
}

/** A ration line granted short or not at all, and why. */
export interface Cut {
  readonly itemCode: number;
  readonly asked: number;
  readonly granted: number;
  readonly reason: 'ITEM_CAP_REACHED' | 'BALANCE_INSUFFICIENT' | 'OFFLINE_LIMIT_REACHED';
}

/** What the ledger needs to recompute an approval, offline ones above all. */
export interface LedgerEntry {
  readonly householdId: Uint8Array;
  readonly cardId: Uint8Array;
  readonly day: number;
  readonly service: ServiceName;
  readonly loaves: number;
  readonly entitlementPiastres: number;
  readonly pointsPiastres: number;
  readonly items: readonly ItemLine[];
  readonly offline: boolean;
  readonly cvm: 'fingerprint' | 'pin' | 'supervised';
  readonly supervisorCardId: Uint8Array | null;
}

export interface Warning {
  readonly code: WarningCode;
  readonly message: UserMessage;
  /** For EXPIRES_SOON: the card's last valid day. */
  readonly notAfter?: number;
}

/** Why a transaction was declined: the code, its messages, and the data that explains it. */
export interface DeclineReason {
  readonly code: DeclineCode;
  readonly message: UserMessage;
  readonly service?: ServiceName;
  /** SERVICE_INACTIVE: the day the service becomes active. */
  readonly activeFrom?: number;
  /** OFFLINE_LIMIT_REACHED: which limit. */
  readonly limit?: OfflineLimit;
  /** OFFLINE_LIMIT_REACHED: what the terminal can still serve offline. */
  readonly stillServes?: readonly ServiceName[];
  /** Bread declines: the most loaves that could be granted now (0 if none). */
  readonly maxLoaves?: number;
  /** CARD_BLOCKED: the card's own status or the terminal's blocklist. */
  readonly source?: 'card' | 'blocklist';
  /** Ration: the item concerned. */
  readonly itemCode?: number;
}

export interface Approval {
  readonly ok: true;
  readonly outcome: 'APPROVED';
  readonly debit: Debit;
  readonly cuts: readonly Cut[];
  readonly warnings: readonly Warning[];
  readonly ledgerEntry: LedgerEntry;
}

export interface Decline {
  readonly ok: false;
  readonly outcome: DeclineCode;
  readonly reason: DeclineReason;
  readonly warnings: readonly Warning[];
}

export type Decision = Approval | Decline;
