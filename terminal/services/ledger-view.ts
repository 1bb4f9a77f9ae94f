/**
 * The ledger's view of a household, for the online path. The uplink contract (terminal/hal/uplink.ts) sends
 * batches and downloads lists; it has no query of a household's consumption, so the services define this small
 * contract. An implementation asks the ledger, bounded by a short timeout: the terminal never waits on the
 * network to serve a customer, and an unreachable ledger means deciding offline with the last synced view.
 * `createSimLedgerView` is the simulated peer.
 */
import type { Usage } from '../auth/auth-types.ts';
import { idToHex } from '../schemas/card-id.ts';
import { HalError } from '../hal/errors.ts';

/** What the ledger knows of a household. */
export interface HouseholdView {
  /** The household's consumption over all its cards and terminals, as of the ledger's last ingest. */
  readonly usage: Usage;
  /** Cards of the household that carry the ration services. */
  readonly entitledCards: number;
  /** The household already transacts on the unified card. */
  readonly switched: boolean;
}

export type LedgerLookup =
  | { readonly online: true; readonly view: HouseholdView | undefined }
  | { readonly online: false; readonly cached: HouseholdView | undefined };

export interface LedgerView {
  /** The ledger's view now, or the last synced one when it cannot be reached within `timeoutMs`. */
  lookup(householdId: Uint8Array, options: { readonly signal?: AbortSignal; readonly timeoutMs: number }): Promise<LedgerLookup>;
  /** Time of the last successful sync, ms since the epoch (0: never). */
  lastSyncMs(): number;
}

export interface SimLedgerView extends LedgerView {
  online: boolean;
  /** Sets what the ledger knows of a household (and what the terminal cached at its last sync). */
  setHousehold(householdId: Uint8Array, view: HouseholdView): void;
  /** Marks a successful sync at `ms`. */
  synced(ms: number): void;
  /** Lookups answered, online and offline. */
  readonly lookups: { online: number; offline: number };
}

/** A simulated ledger: online or not, with households set by the test. */
export function createSimLedgerView(options: { online?: boolean; lastSyncMs?: number } = {}): SimLedgerView {
  const households = new Map<string, HouseholdView>();
  let lastSync = options.lastSyncMs ?? 0;
  const lookups = { online: 0, offline: 0 };
  const view: SimLedgerView = {
    online: options.online ?? true,
    lookups,
    setHousehold: (id, v) => void households.set(idToHex(id), v),
    synced: (ms) => void (lastSync = ms),
    lastSyncMs: () => lastSync,
    async lookup(householdId, { signal }) {
      if (signal?.aborted) throw new HalError('HAL_CANCELED', 'ledger lookup canceled', { cause: signal.reason });
      const found = households.get(idToHex(householdId));
      if (view.online) {
        lookups.online++;
        return { online: true, view: found };
      }
      lookups.offline++;
      return { online: false, cached: found };
    },
  };
  return view;
}
