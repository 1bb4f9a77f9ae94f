/**
 * What this terminal approved: per household and per card (the engine's `localHousehold` / `localCard`), the
 * offline period's count and value since the last sync (the offline limits), and the supervised exceptions granted
 * per day (their daily cap). Kept in memory while the terminal runs and rebuilt from the journal at start
 * (`LocalTallies.fromJournal`), so a restart neither forgets the day's supervised exceptions (the cap would reset)
 * nor the local usage. Records compacted away after a sync are gone from the journal; the ledger's view counts them.
 */
import type { Debit, OfflineCounters, Usage } from '../auth/auth-types.ts';
import { addDebit } from '../auth/usage.ts';
import { idToHex } from '../schemas/card-id.ts';
import { decodeDebitProof, type DebitProof } from '../schemas/debit-proof.ts';
import { CARD_KIND, CVM, OUTCOME, type JournalRecord } from '../schemas/journal-record.ts';
import { SERVICE } from '../schemas/service.ts';

/** The bread points part a proof signs (version 1 signed none). */
export const pointsOf = (proof: DebitProof): number => (proof.version === 1 ? 0 : proof.pointsPiastres);

/**
 * A debit as the card signed it, for the tallies when the engine's own debit is not at hand (a recovered sale, a
 * journal read at start). `pricePiastres` is what the customer paid (bread's value).
 */
export function debitOfProof(proof: DebitProof, pricePiastres: number): Debit {
  const bread = proof.service === SERVICE.BREAD;
  const ration = proof.service === SERVICE.RATION;
  return {
    service: bread ? 'bread' : ration ? 'ration' : 'health', amount: proof.amount, loaves: bread ? proof.amount : 0,
    breadAllocation: [], entitlementPiastres: ration ? proof.amount : 0, pointsPiastres: pointsOf(proof), items: proof.items,
    valuePiastres: ration ? proof.amount + pointsOf(proof) : pricePiastres, cashDuePiastres: pricePiastres, changePiastres: 0,
  };
}

/** The local calendar day of `ms` at `offsetMinutes` from UTC. */
const dayOf = (ms: number, offsetMinutes: number): number => Math.floor((ms + offsetMinutes * 60_000) / 86_400_000);

export class LocalTallies {
  /**
   * The tallies of the approvals in `records` (the terminal's journal, oldest first): unified-card approvals with
   * their debit proofs count in the household and card usage; those after `lastSyncMs` and not online count in the
   * offline period; supervised exceptions count on their local day. Legacy-card sales carry no debit proof and
   * are counted by the legacy window (terminal/legacy), not here. The journal holds a bread sale's loaves, not the
   * days of the month they were credited against: rebuilt usage has the month's and the day's totals with no per-day
   * allocation (as for a recovered sale); the card's own counters keep the collect-ahead window. A record whose proof does not decode is skipped:
   * it was journaled by this terminal after the card signed it, so it cannot occur short of disk damage, which the
   * journal's hash chain reports at open.
   */
  static fromJournal(records: Iterable<JournalRecord>, options: { readonly lastSyncMs: number }): LocalTallies {
    const tallies = new LocalTallies();
    tallies.#offlineSince = options.lastSyncMs;
    for (const r of records) {
      if (r.outcome !== OUTCOME.APPROVED || !r.householdId || !r.cardId || !r.debitProof) continue;
      if (r.version === 2 && r.cardKind === CARD_KIND.LEGACY) continue;
      let proof: DebitProof;
      try {
        proof = decodeDebitProof(r.debitProof);
      } catch {
        continue;
      }
      const timeMs = r.time * 1000;
      tallies.add(r.householdId, r.cardId, debitOfProof(proof, r.pricePiastres), proof.date, !r.online && timeMs > options.lastSyncMs);
      if (r.cvm === CVM.SUPERVISED_EXCEPTION) tallies.noteSupervised(dayOf(timeMs, r.utcOffsetMinutes));
    }
    return tallies;
  }

  readonly #households = new Map<string, Usage>();
  readonly #cards = new Map<string, Usage>();
  #offlineSince = -1;
  #offlineTransactions = 0;
  #offlineValue = 0;
  #supervised = new Map<number, number>();

  household(id: Uint8Array): Usage | undefined {
    return this.#households.get(idToHex(id));
  }

  card(id: Uint8Array): Usage | undefined {
    return this.#cards.get(idToHex(id));
  }

  /** The offline counters since the sync at `lastSyncMs`, as of `nowMs`. */
  offline(lastSyncMs: number, nowMs: number): OfflineCounters {
    if (lastSyncMs !== this.#offlineSince) {
      this.#offlineSince = lastSyncMs;
      this.#offlineTransactions = 0;
      this.#offlineValue = 0;
    }
    // Never synced: as if forever ago, so the offline limits stop debits until a first sync.
    const hours = lastSyncMs > 0 ? Math.max(0, Math.floor((nowMs - lastSyncMs) / 3_600_000)) : Number.MAX_SAFE_INTEGER;
    return { hoursSinceSync: hours, transactions: this.#offlineTransactions, valuePiastres: this.#offlineValue };
  }

  /** Supervised exceptions granted on `day`. */
  supervisedOn(day: number): number {
    return this.#supervised.get(day) ?? 0;
  }

  noteSupervised(day: number): void {
    this.#supervised.set(day, this.supervisedOn(day) + 1);
  }

  /** Counts an approval. */
  add(householdId: Uint8Array, cardId: Uint8Array, debit: Debit, today: number, offline: boolean): void {
    this.#households.set(idToHex(householdId), addDebit(this.household(householdId), debit, today));
    this.#cards.set(idToHex(cardId), addDebit(this.card(cardId), debit, today));
    if (offline) {
      this.#offlineTransactions++;
      this.#offlineValue += debit.valuePiastres;
    }
  }
}
