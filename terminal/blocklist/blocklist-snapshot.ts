/**
 * Version 1 of the blocklist snapshot: how a terminal keeps its current list on storage, `[1, listVersion, ids]`
 * with the ids packed (8 bytes each, ascending). Unsigned: what arrives from outside is a signed delta.
 */
import type { CborValue } from '../codec/cbor.ts';
import { schemaCodec } from '../schemas/schema-codec.ts';
import { tuple, uint, version } from '../schemas/schema-fields.ts';
import { MAX_BLOCKLIST_IDS, readPackedIds } from './packed-ids.ts';

export const BLOCKLIST_SNAPSHOT_VERSION = 1;

export interface BlocklistSnapshot {
  readonly version: typeof BLOCKLIST_SNAPSHOT_VERSION;
  readonly listVersion: number;
  /** Card ids, 8 bytes each, big-endian, strictly ascending. */
  readonly ids: Uint8Array;
}

const FIELDS = ['version', 'listVersion', 'ids'] as const;

const toArray = (s: BlocklistSnapshot): CborValue[] => [s.version, s.listVersion, s.ids];

function fromArray(raw: unknown, root: string): BlocklistSnapshot {
  const { items: f, at } = tuple(raw, root, FIELDS);
  return {
    version: version(f[0], at(0), BLOCKLIST_SNAPSHOT_VERSION),
    listVersion: uint(f[1], at(1)),
    ids: readPackedIds(f[2], at(2)),
  };
}

/** Codec for `blocklistSnapshot`: `encode` and `decode` (`SchemaError` naming the bad field). */
export const blocklistSnapshotCodec = schemaCodec<BlocklistSnapshot>(
  'blocklistSnapshot',
  toArray,
  fromArray,
  MAX_BLOCKLIST_IDS * 8 + 64,
);
