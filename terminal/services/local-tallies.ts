/**
 * What this terminal approved: per household and per card (the engine's `localHousehold` / `localCard`), and the
 * offline period's count and value since the last sync (the offline limits). In memory: after a restart they start
 * again from zero, which only loses precision, never safety, because the card carries its own counters and the
 * offline share cap counts them.
 */
import type { Debit, OfflineCounters, Usage } from '../auth/auth-types.ts';
import { addDebit } from '../auth/usage.ts';
import { idToHex } from '../schemas/card-id.ts';

export class LocalTallies {
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
