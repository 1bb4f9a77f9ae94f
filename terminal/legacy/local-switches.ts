/**
 * What this terminal knows itself about switched households, before any list download can tell it: the households
 * whose unified card it served for ration goods or bread. Rebuilt from the journal at start (`fromJournal`) and
 * noted on each such approval (`noteUnifiedSale`), so the terminal that made the switch refuses the old card at
 * once, online or not. Instance-based, no module state.
 */
import { idToHex } from '../schemas/card-id.ts';
import { CARD_KIND, OUTCOME } from '../schemas/journal-record.ts';
import type { CardKind, JournalRecord } from '../schemas/journal-record.ts';
import { SERVICE } from '../schemas/service.ts';
import type { Service } from '../schemas/service.ts';

/** The journal fields this needs; `cardKind` (version 2) tells an old card's sale, which switches nothing. */
export type SwitchEvidence = Pick<JournalRecord, 'outcome' | 'service' | 'householdId'> & { readonly cardKind?: CardKind };

const switches = (service: Service): boolean => service === SERVICE.BREAD || service === SERVICE.RATION;

export class LocalSwitches {
  readonly #households = new Set<string>();

  /** The households switched by approvals in `records` (the terminal's journal). */
  static fromJournal(records: Iterable<SwitchEvidence>): LocalSwitches {
    const local = new LocalSwitches();
    for (const r of records) {
      if (r.outcome === OUTCOME.APPROVED && r.householdId && r.cardKind !== CARD_KIND.LEGACY) local.noteUnifiedSale(r.householdId, r.service);
    }
    return local;
  }

  /** Notes an approved sale on a unified card: bread and ration goods switch the household; health does not. */
  noteUnifiedSale(householdId: Uint8Array, service: Service): void {
    if (switches(service)) this.#households.add(idToHex(householdId));
  }

  has(householdId: Uint8Array): boolean {
    return this.#households.has(idToHex(householdId));
  }

  get size(): number {
    return this.#households.size;
  }
}
