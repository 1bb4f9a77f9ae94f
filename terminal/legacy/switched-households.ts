/**
 * The terminal's "switched households" list: the households whose old ration card is stopped because they made
 * their first ration or bread transaction on a unified card. A versioned set updated by signed deltas exactly like
 * the blocklist; it reuses the blocklist's exact lookup table (8-byte ids) in an instance of its own, so household
 * ids and card ids never share a list. Version errors are the blocklist's (`TERM_BLOCKLIST_VERSION`,
 * `TERM_BLOCKLIST_CONFLICT`): the list is left unchanged.
 */
import { Blocklist } from '../blocklist/blocklist.ts';
import type { SwitchedHouseholdsDelta } from './switched-households-delta.ts';

export class SwitchedHouseholds {
  readonly #set: Blocklist;

  private constructor(set: Blocklist) {
    this.#set = set;
  }

  /** The empty list at version 0 (a new terminal). */
  static empty(): SwitchedHouseholds {
    return new SwitchedHouseholds(Blocklist.empty());
  }

  /** A list from its stored form (`serialize()`); throws `SchemaError` for malformed bytes. */
  static deserialize(bytes: Uint8Array): SwitchedHouseholds {
    return new SwitchedHouseholds(Blocklist.deserialize(bytes));
  }

  get version(): number {
    return this.#set.version;
  }

  get size(): number {
    return this.#set.size;
  }

  /** True if the 8-byte household id is listed. */
  has(householdId: Uint8Array): boolean {
    return this.#set.has(householdId);
  }

  /** Applies a delta whose signature was checked (`verifySwitchedHouseholdsDelta`); the blocklist's version rules. */
  applyDelta(delta: SwitchedHouseholdsDelta): void {
    this.#set.applyDelta({ ...delta, version: 1 });
  }

  /** The stored form: `[1, listVersion, packed ids]` (the blocklist snapshot schema). */
  serialize(): Uint8Array {
    return this.#set.serialize();
  }
}
