/** The cards the crash test sells with: registered by the ledger child at every start, one household each. */
import { testCard, type TestCard } from '../../../ledger/ledger-fixtures.ts';

export const CRASH_CARD_COUNT = 6;

/** The crash test's cards (the same on every call and in every process). */
export function crashCards(): TestCard[] {
  return Array.from({ length: CRASH_CARD_COUNT }, (_, i) => testCard(7100 + i, 7100 + i));
}
