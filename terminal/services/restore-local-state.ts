/**
 * What a counter rebuilds from its own journal when it starts: the local tallies (usage, offline period, the day's
 * supervised exceptions) and the households it switched to the unified card. Without it a restart would forget
 * them, and the supervised-exception daily cap would start again from zero.
 */
import { LocalSwitches } from '../legacy/local-switches.ts';
import type { Journal } from '../journal/journal.ts';
import type { JournalRecord } from '../schemas/journal-record.ts';
import { journalSales } from './journal-sales.ts';
import { LocalTallies } from './local-tallies.ts';

export interface RestoredLocalState {
  readonly tallies: LocalTallies;
  readonly localSwitches: LocalSwitches;
  /** Sale records read. */
  readonly records: number;
}

/** Reads the sale records still in `journal` (oldest first); `lastSyncMs` bounds the offline period (0: never synced). */
export async function restoreLocalState(journal: Journal, options: { readonly lastSyncMs: number }): Promise<RestoredLocalState> {
  const records: JournalRecord[] = [];
  for await (const { record } of journalSales(journal)) records.push(record);
  return {
    tallies: LocalTallies.fromJournal(records, options),
    localSwitches: LocalSwitches.fromJournal(records.map((r) => ({ ...r, ...(r.version === 2 ? { cardKind: r.cardKind } : {}) }))),
    records: records.length,
  };
}
