/**
 * The terminal's blocklist: exact membership of 8-byte card ids (lost, stolen, destroyed, replaced cards), at a
 * list version, updated by signed deltas. Updates are atomic: the new table is built aside and swapped in with one
 * assignment, so a refused or failing delta leaves the old list (and lookups running meanwhile) intact.
 */
import { TerminalError } from '../errors.ts';
import { CARD_ID_LENGTH } from '../schemas/card-id.ts';
import { round, MIX_KEYS } from './card-id-mix.ts';
import type { BlocklistDelta } from './blocklist-delta.ts';
import { blocklistSnapshotCodec } from './blocklist-snapshot.ts';
import { buildTable, mergeTable, tableBytes, tableSize, tableToPackedIds } from './blocklist-table.ts';
import type { BlocklistTable } from './blocklist-table.ts';

const TWO_32 = 0x1_0000_0000;
const [K1, K2, K3] = MIX_KEYS;
const EMPTY_TABLE = buildTable(new Uint8Array(0));

interface State {
  readonly version: number;
  readonly table: BlocklistTable;
}

export class Blocklist {
  #state: State;

  private constructor(state: State) {
    this.#state = state;
  }

  /** An empty list at version 0 (what a new terminal starts with). */
  static empty(): Blocklist {
    return new Blocklist({ version: 0, table: EMPTY_TABLE });
  }

  /** A list of `ids` (packed 8-byte ids in any order, or one Uint8Array per id) at `version`; duplicates count once. */
  static fromIds(version: number, ids: Uint8Array | Iterable<Uint8Array>): Blocklist {
    if (!Number.isSafeInteger(version) || version < 0) throw new RangeError(`bad blocklist version ${version}`);
    const packed = ids instanceof Uint8Array ? ids : packIds(ids);
    if (packed.length % CARD_ID_LENGTH !== 0) throw new RangeError('packed ids must be a multiple of 8 bytes');
    return new Blocklist({ version, table: buildTable(packed) });
  }

  /** A list from `serialize()` bytes; throws `SchemaError` (`SCHEMA_INVALID`) for malformed bytes. */
  static deserialize(bytes: Uint8Array): Blocklist {
    const snapshot = blocklistSnapshotCodec.decode(bytes);
    return new Blocklist({ version: snapshot.listVersion, table: buildTable(snapshot.ids) });
  }

  /** The list version (0 for the empty list before any download). */
  get version(): number {
    return this.#state.version;
  }

  /** How many card ids are listed. */
  get size(): number {
    return tableSize(this.#state.table);
  }

  /** Bytes held by the lookup structure. */
  get byteLength(): number {
    return tableBytes(this.#state.table);
  }

  /** True if the 8-byte `cardId` is listed. Exact: no false positives, no false negatives. */
  has(cardId: Uint8Array): boolean {
    if (cardId.length !== CARD_ID_LENGTH) throw new RangeError(`a card id has ${CARD_ID_LENGTH} bytes, got ${cardId.length}`);
    const hi = (cardId[0]! << 24) | (cardId[1]! << 16) | (cardId[2]! << 8) | cardId[3]!;
    const lo = (cardId[4]! << 24) | (cardId[5]! << 16) | (cardId[6]! << 8) | cardId[7]!;
    return this.hasHalves(hi >>> 0, lo >>> 0);
  }

  /** True if the card id whose big-endian halves are `hi` and `lo` (uint32 each) is listed. */
  hasHalves(hi: number, lo: number): boolean {
    // The mixing of card-id-mix.ts, inlined: no allocation on the lookup path.
    const r1 = (hi ^ round(lo, K1)) >>> 0;
    const mh = (lo ^ round(r1, K2)) >>> 0;
    const ml = (r1 ^ round(mh, K3)) >>> 0;
    const { offsets, mids, los } = this.#state.table;
    const bucket = mh >>> 16;
    const key = (mh & 0xffff) * TWO_32 + ml;
    let low = offsets[bucket]!;
    let high = offsets[bucket + 1]!;
    while (low < high) {
      const m = (low + high) >>> 1;
      const k = mids[m]! * TWO_32 + los[m]!;
      if (k === key) return true;
      if (k < key) low = m + 1;
      else high = m;
    }
    return false;
  }

  /**
   * Applies a delta (verify its signature first with `verifyBlocklistDelta`). A delta must start from this list's
   * version, else `TERM_BLOCKLIST_VERSION`; a full list (fromVersion 0) replaces any older list but never rolls
   * back to a version at or below this one (an old signed list must not unblock cards). An add already listed or a
   * remove not listed gives `TERM_BLOCKLIST_CONFLICT` (fetch a full list). On any error the list is unchanged.
   */
  applyDelta(delta: BlocklistDelta): void {
    const current = this.#state;
    const full = delta.fromVersion === 0;
    if (full ? delta.toVersion <= current.version : delta.fromVersion !== current.version) {
      throw new TerminalError(
        'TERM_BLOCKLIST_VERSION',
        full
          ? `blocklist: full list version ${delta.toVersion} is not newer than version ${current.version}`
          : `blocklist: delta ${delta.fromVersion} -> ${delta.toVersion} does not start at version ${current.version}`,
      );
    }
    if (!(delta.toVersion > delta.fromVersion)) {
      throw new TerminalError('TERM_BLOCKLIST_VERSION', `blocklist: delta ${delta.fromVersion} -> ${delta.toVersion} goes backwards`);
    }
    const base = full ? EMPTY_TABLE : current.table;
    const table = mergeTable(base, buildTable(delta.adds), buildTable(delta.removes));
    this.#state = { version: delta.toVersion, table };
  }

  /** The compact stored form (`blocklistSnapshot`): version and packed ascending ids, 8 bytes a card. */
  serialize(): Uint8Array {
    const { version, table } = this.#state;
    return blocklistSnapshotCodec.encode({ version: 1, listVersion: version, ids: tableToPackedIds(table) });
  }

  /** The listed ids, packed (8 bytes each, big-endian) in ascending order. */
  ids(): Uint8Array {
    return tableToPackedIds(this.#state.table);
  }
}

function packIds(ids: Iterable<Uint8Array>): Uint8Array {
  const list = [...ids];
  const packed = new Uint8Array(list.length * CARD_ID_LENGTH);
  list.forEach((id, i) => {
    if (id.length !== CARD_ID_LENGTH) throw new RangeError(`a card id has ${CARD_ID_LENGTH} bytes, got ${id.length}`);
    packed.set(id, i * CARD_ID_LENGTH);
  });
  return packed;
}
