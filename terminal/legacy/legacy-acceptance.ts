/**
 * The acceptance rule for old ration cards during the transition (card/legacy/LEGACY.md): an old card is accepted
 * until the household's switch to the unified card is known to this terminal, from the downloaded "switched
 * households" list or from its own approvals (`LocalSwitches`), and refused afterwards with LEGACY_CARD_SWITCHED.
 * A card that is itself stopped is refused the same way. Pure: the same inputs give the same decision.
 */
import type { DeclineReason } from '../auth/auth-types.ts';
import type { DeclineCode } from '../auth/decline-codes.ts';
import { reason } from '../auth/rule-input.ts';
import type { LegacyCardData } from './legacy-card-file.ts';

/** Anything that answers "is this household id known as switched?". */
export interface HouseholdSet {
  has(householdId: Uint8Array): boolean;
}

export interface LegacySaleInput {
  readonly card: LegacyCardData;
  /** The downloaded list (`SwitchedHouseholds`). */
  readonly switched: HouseholdSet;
  /** This terminal's own knowledge (`LocalSwitches`). */
  readonly local: HouseholdSet;
  /** The basket's value to debit from the old card, piastres. */
  readonly amountPiastres: number;
}

export type LegacySaleDecision =
  | { readonly ok: true; readonly amountPiastres: number; readonly balanceAfter: number }
  | {
      readonly ok: false;
      readonly outcome: DeclineCode;
      readonly reason: DeclineReason;
      /** The terminal should send STOP so that the card refuses at terminals that do not know yet. */
      readonly stopCard: boolean;
    };

/** True when the terminal knows the household has switched (the rules engine's `TerminalContext.householdSwitched`). */
export function householdSwitched(householdId: Uint8Array, switched: HouseholdSet, local: HouseholdSet): boolean {
  return switched.has(householdId) || local.has(householdId);
}

/** Decides a sale on an old ration card: switched (or stopped) first, then the amount against the card's balance. */
export function decideLegacySale(input: LegacySaleInput): LegacySaleDecision {
  const { card, amountPiastres } = input;
  const decline = (code: DeclineCode, stopCard = false): LegacySaleDecision => ({
    ok: false, outcome: code, reason: reason(code, code === 'LEGACY_CARD_SWITCHED' ? {} : { service: 'ration' }), stopCard,
  });
  if (card.status === 'stopped') return decline('LEGACY_CARD_SWITCHED');
  if (householdSwitched(card.householdId, input.switched, input.local)) return decline('LEGACY_CARD_SWITCHED', true);
  if (!Number.isSafeInteger(amountPiastres) || amountPiastres < 1 || amountPiastres > 0xffff_ffff) return decline('REQUEST_INVALID');
  if (amountPiastres > card.balancePiastres) return decline('BALANCE_INSUFFICIENT');
  return { ok: true, amountPiastres, balanceAfter: card.balancePiastres - amountPiastres };
}
