/**
 * The lists the ledger publishes to terminals, signed with the ledger key as their list-signing key (its compressed
 * point, `listSigningPoint`, is what a terminal's parameters name): blocklist deltas (terminal/blocklist/
 * blocklist-delta.ts) and switched-households deltas (terminal/legacy/switched-households-delta.ts). Each list is a
 * chain of versions in `downloads` (kind `blocklist` / `switched-households`), every delta from the latest version
 * to the next, so a terminal applies the deltas after its own version in order.
 * - Blocklist: `publishBlocklistDelta` with the cards to add and remove (a lost or stolen card, a destroyed one).
 * - Switched households: the households whose first unified bread or ration approval the ledger stored
 *   (`switched_households`) and that no version carries yet; `publishSwitchedHouseholds` makes the next version of
 *   them. The ledger calls it before answering a download, so a terminal always gets every switch stored so far.
 */
import { createPublicKey } from 'node:crypto';
import { blocklistDeltaCodec, BLOCKLIST_DELTA_VERSION } from '../terminal/blocklist/blocklist-delta.ts';
import type { KeyStore } from '../terminal/keys/key-store.ts';
import {
  SWITCHED_HOUSEHOLDS_DELTA_VERSION, SWITCHED_HOUSEHOLDS_MAGIC, switchedHouseholdsDeltaCodec,
} from '../terminal/legacy/switched-households-delta.ts';
import { idFromHex, idToHex } from '../terminal/schemas/card-id.ts';
import { compressedPoint, keyIdOf } from '../terminal/schemas/p256.ts';
import type { LedgerStore, Queryable } from './store/ledger-store.ts';
import { bytea, num } from './store/rows.ts';

/** The ledger key as a list-signing key: its compressed P-256 point (33 bytes). */
export async function listSigningPoint(keys: KeyStore): Promise<Uint8Array> {
  return compressedPoint(createPublicKey({ key: Buffer.from(await keys.publicKey()), format: 'der', type: 'spki' }));
}

/** Ids (hex) sorted and packed, 8 bytes each, ascending, no duplicates. */
function pack(hexIds: Iterable<string>): Uint8Array {
  const sorted = [...new Set(hexIds)].sort();
  const out = new Uint8Array(sorted.length * 8);
  sorted.forEach((hex, i) => out.set(idFromHex(hex), i * 8));
  return out;
}

async function latestVersion(tx: Queryable, kind: string): Promise<number> {
  await tx.query('SELECT pg_advisory_xact_lock(hashtext($1))', [`list:${kind}`]);
  const [row] = await tx.query('SELECT max(version) AS v FROM downloads WHERE kind = $1', [kind]);
  return row?.['v'] === null || row?.['v'] === undefined ? 0 : num(row['v']);
}

/** Publishes the next blocklist version: `adds` and `removes` (8-byte card ids). Returns the new version. */
export async function publishBlocklistDelta(
  store: LedgerStore, keys: KeyStore, change: { readonly adds: readonly Uint8Array[]; readonly removes?: readonly Uint8Array[] },
): Promise<number> {
  const signerKeyId = keyIdOf(await listSigningPoint(keys));
  return store.transaction(async (tx) => {
    const fromVersion = await latestVersion(tx, 'blocklist');
    const unsigned = {
      version: BLOCKLIST_DELTA_VERSION, fromVersion, toVersion: fromVersion + 1, adds: pack(change.adds.map(idToHex)),
      removes: pack((change.removes ?? []).map(idToHex)), signerKeyId,
    } as const;
    const signature = await keys.sign(blocklistDeltaCodec.tbs(unsigned));
    await tx.query('INSERT INTO downloads VALUES ($1, $2, $3)', ['blocklist', fromVersion + 1, bytea(blocklistDeltaCodec.encode({ ...unsigned, signature }))]);
    return fromVersion + 1;
  });
}

/** Publishes the households switched since the last version; returns the new version, or undefined if none. */
export async function publishSwitchedHouseholds(store: LedgerStore, keys: KeyStore): Promise<number | undefined> {
  const signerKeyId = keyIdOf(await listSigningPoint(keys));
  return store.transaction(async (tx) => {
    const fromVersion = await latestVersion(tx, 'switched-households');
    const pending = await tx.query('SELECT household_id FROM switched_households WHERE list_version IS NULL');
    if (pending.length === 0) return undefined;
    const ids = pending.map((r) => String(r['household_id']));
    const unsigned = {
      magic: SWITCHED_HOUSEHOLDS_MAGIC, version: SWITCHED_HOUSEHOLDS_DELTA_VERSION, fromVersion, toVersion: fromVersion + 1,
      adds: pack(ids), removes: new Uint8Array(0), signerKeyId,
    } as const;
    const signature = await keys.sign(switchedHouseholdsDeltaCodec.tbs(unsigned));
    const body = switchedHouseholdsDeltaCodec.encode({ ...unsigned, signature });
    await tx.query('INSERT INTO downloads VALUES ($1, $2, $3)', ['switched-households', fromVersion + 1, bytea(body)]);
    await tx.query('UPDATE switched_households SET list_version = $2 WHERE household_id = ANY($1::text[])', [ids, fromVersion + 1]);
    return fromVersion + 1;
  });
}
