/**
 * Dual use after the switch, for the ledger to flag (card/legacy/LEGACY.md): a household whose first ration or
 * bread transaction on a unified card switched it, and whose old ration card was still used afterwards. Pure, over
 * journal-like records from any number of terminals, in any order.
 *
 * The switch time of a household is its earliest approved bread or ration sale on a unified card (or an earlier
 * time the ledger knows, `switchedAt`). Every approved old-card sale after it is flagged `LEGACY_AFTER_SWITCH`.
 * A flag is `beyondSyncWindow` when the selling terminal should already have refused: it had itself served the
 * household's unified card earlier (its own knowledge), or the sale came after `learnedAt + publishDelay +
 * maxOffline` (the ledger knew, published the list, and any terminal still approving had synced since). Inside
 * the window it is the bounded exposure LEGACY.md states; beyond it, a terminal that ignores its list or its
 * journal.
 */
import { idToHex } from '../schemas/card-id.ts';
import { SERVICE } from '../schemas/service.ts';
import type { Service } from '../schemas/service.ts';

/** The fields of a journal record (either card kind) this needs. */
export interface HouseholdUseRecord {
  readonly terminalId: number;
  readonly terminalSeq: number;
  /** Terminal clock, seconds since 1970-01-01 UTC. */
  readonly time: number;
  readonly householdId: Uint8Array | null;
  readonly card: 'unified' | 'legacy';
  readonly service: Service;
  readonly approved: boolean;
  /** What the sale took, piastres (the old card's debit; for a unified sale, informative only). */
  readonly amountPiastres: number;
}

export interface DualUseOptions {
  /** The longest a terminal approves offline after its last sync, seconds (`maxHoursWithoutSync` × 3600). */
  readonly maxOfflineSeconds: number;
  /** From the ledger storing a switch to a list version that carries it, seconds. Default 0. */
  readonly publishDelaySeconds?: number;
  /** Switch times the ledger knows otherwise (household hex → seconds), when earlier than the records show. */
  readonly switchedAt?: ReadonlyMap<string, number>;
  /**
   * When the ledger stored each household's switch (hex → seconds). Default: switch time + `maxOfflineSeconds`,
   * the latest a terminal that kept approving could have held the switching sale unsynced.
   */
  readonly learnedAt?: ReadonlyMap<string, number>;
}

export interface DualUseFlag {
  readonly code: 'LEGACY_AFTER_SWITCH';
  /** Household id, hex. */
  readonly householdId: string;
  /** The old-card sale. */
  readonly terminalId: number;
  readonly terminalSeq: number;
  readonly time: number;
  readonly amountPiastres: number;
  /** The household's switch time, and how long after it the old card was used. */
  readonly switchedAt: number;
  readonly secondsAfterSwitch: number;
  /** The terminal should already have refused (see the module description). */
  readonly beyondSyncWindow: boolean;
}

const switching = (r: HouseholdUseRecord): boolean =>
  r.approved && r.card === 'unified' && r.householdId !== null && (r.service === SERVICE.BREAD || r.service === SERVICE.RATION);

/** Flags every approved old-card sale after its household's switch; sorted by household, then time. */
export function detectDualUse(records: Iterable<HouseholdUseRecord>, options: DualUseOptions): DualUseFlag[] {
  const all = [...records];
  const switchTime = new Map<string, number>(options.switchedAt ?? []);
  /** Per household: the terminals that served its unified card, with their earliest such sequence number. */
  const servedBy = new Map<string, Map<number, number>>();
  for (const r of all) {
    if (!switching(r)) continue;
    const h = idToHex(r.householdId!);
    switchTime.set(h, Math.min(switchTime.get(h) ?? Number.POSITIVE_INFINITY, r.time));
    const terminals = servedBy.get(h) ?? new Map<number, number>();
    terminals.set(r.terminalId, Math.min(terminals.get(r.terminalId) ?? Number.POSITIVE_INFINITY, r.terminalSeq));
    servedBy.set(h, terminals);
  }
  const flags: DualUseFlag[] = [];
  for (const r of all) {
    if (!r.approved || r.card !== 'legacy' || r.householdId === null) continue;
    const h = idToHex(r.householdId);
    const switchedAt = switchTime.get(h);
    const servedHereFrom = servedBy.get(h)?.get(r.terminalId);
    const afterOwnSale = servedHereFrom !== undefined && servedHereFrom < r.terminalSeq;
    if (switchedAt === undefined || (r.time <= switchedAt && !afterOwnSale)) continue;
    const learned = options.learnedAt?.get(h) ?? switchedAt + options.maxOfflineSeconds;
    const windowEnd = learned + (options.publishDelaySeconds ?? 0) + options.maxOfflineSeconds;
    flags.push({
      code: 'LEGACY_AFTER_SWITCH', householdId: h, terminalId: r.terminalId, terminalSeq: r.terminalSeq, time: r.time,
      amountPiastres: r.amountPiastres, switchedAt, secondsAfterSwitch: r.time - switchedAt,
      beyondSyncWindow: afterOwnSale || r.time > windowEnd,
    });
  }
  return flags.sort((a, b) => a.householdId.localeCompare(b.householdId) || a.time - b.time || a.terminalId - b.terminalId);
}
