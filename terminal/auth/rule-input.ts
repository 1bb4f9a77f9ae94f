/**
 * What each service's rule reads, and what it returns: a grant (the debit and any cut lines) or a decline reason.
 * The engine calls a rule twice offline: once with the household view only (entitlement), then again with the
 * card's offline share (`share`), so a cut or decline that only the share causes is labelled as an offline limit.
 */
import type { Fraction, Parameters } from './parameters.ts';
import type { CardData, Cut, Debit, DeclineReason, Usage } from './auth-types.ts';
import { DECLINE_MESSAGES } from './decline-codes.ts';
import type { DeclineCode } from './decline-codes.ts';

export interface RuleInput {
  readonly params: Parameters;
  readonly card: CardData;
  /** The household's consumption: the merge of the card, the terminal's tallies and the ledger, as of today. */
  readonly household: Usage;
  /** This card's own consumption, as of today. */
  readonly cardUsage: Usage;
  readonly today: number;
  /** Offline: the share of the household's entitlement this card may take; null online. */
  readonly share: Fraction | null;
}

export type RuleResult =
  | { readonly ok: true; readonly debit: Debit; readonly cuts: readonly Cut[] }
  | { readonly ok: false; readonly reason: DeclineReason };

/**
 * One card's offline share of a household amount: `⌊share × total / entitledCards⌋`. A household with one
 * entitled card has no share limit: that card carries all of the household's consumption itself.
 */
export function cardShareOf(total: number, share: Fraction | null, entitledCards: number): number {
  if (share === null || entitledCards <= 1) return Number.POSITIVE_INFINITY;
  return Math.floor((share.num * total) / (share.den * entitledCards));
}

/** A decline reason with its messages. */
export function reason(code: DeclineCode, details: Omit<DeclineReason, 'code' | 'message'> = {}): DeclineReason {
  return { code, message: DECLINE_MESSAGES[code], ...details };
}
