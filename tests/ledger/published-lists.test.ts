/**
 * The lists the ledger publishes, signed with its key as list-signing key, as a terminal gets them: downloaded
 * through `HttpUplink` from the embedded ledger, each delta's signature checked with the ledger's list key, applied
 * in order to the terminal's `Blocklist` and `SwitchedHouseholds`. A household switches when the ledger stores its
 * first unified bread sale; a delta verified with another key, or one list's delta as the other's, is refused.
 */
import { generateKeyPairSync } from 'node:crypto';
import * as assert from 'uvu/assert';
import { suite } from '../support/suite.ts';
import { startEmbeddedLedger, type EmbeddedLedger } from '../../ledger/embedded-ledger.ts';
import { Blocklist } from '../../terminal/blocklist/blocklist.ts';
import { decodeBlocklistDelta, verifyBlocklistDelta } from '../../terminal/blocklist/blocklist-delta.ts';
import { decodeCbor } from '../../terminal/codec/cbor.ts';
import { HttpUplink } from '../../terminal/hal/http/http-uplink.ts';
import type { DownloadKind } from '../../terminal/hal/uplink.ts';
import { SwitchedHouseholds } from '../../terminal/legacy/switched-households.ts';
import { switchedHouseholdsDeltaCodec, verifySwitchedHouseholdsDelta } from '../../terminal/legacy/switched-households-delta.ts';
import { compressedPoint } from '../../terminal/schemas/p256.ts';
import { buildBatch } from '../../terminal/sync/batch.ts';
import { DAY, testCard, testTerminal } from './ledger-fixtures.ts';

const test = suite('ledger/published-lists', { timeoutMs: 60_000 });
const ctx = {} as { ledger: EmbeddedLedger; uplink: HttpUplink };

test.before(async () => {
  ctx.ledger = await startEmbeddedLedger({ now: () => (DAY + 1) * 86_400_000 });
  ctx.uplink = new HttpUplink({ baseUrl: ctx.ledger.url, timeoutMs: 5000 });
});
test.after(() => ctx.ledger?.close());

/** The `[version, delta]` items of a download. */
async function download(kind: string, since: number): Promise<[number, Uint8Array][]> {
  // 'switched-households' is not yet a `DownloadKind` of the uplink contract (terminal/hal/uplink.ts): see the report.
  return decodeCbor(await ctx.uplink.download(kind as DownloadKind, since)) as [number, Uint8Array][];
}

const id = (n: number) => Uint8Array.of(0x50, 0x78, 0x03, 0, 0, 0, 0, n);

test('blocklist deltas: signed by the ledger, applied in order by the terminal', async () => {
  assert.is(await ctx.ledger.ledger.publishBlocklistDelta({ adds: [id(2), id(1)] }), 1);
  assert.is(await ctx.ledger.ledger.publishBlocklistDelta({ adds: [id(3)], removes: [id(1)] }), 2);
  const list = Blocklist.empty();
  for (const [version, bytes] of await download('blocklist', 0)) {
    const delta = decodeBlocklistDelta(bytes);
    assert.ok(verifyBlocklistDelta(delta, ctx.ledger.listSigningKey), `version ${version} verifies`);
    list.applyDelta(delta);
  }
  assert.equal([list.version, list.has(id(1)), list.has(id(2)), list.has(id(3))], [2, false, true, true]);
  assert.equal((await download('blocklist', 2)).length, 0, 'nothing after the terminal\'s version');
  const stranger = compressedPoint(generateKeyPairSync('ec', { namedCurve: 'prime256v1' }).publicKey);
  const [[, first]] = await download('blocklist', 0) as [[number, Uint8Array]];
  assert.not.ok(verifyBlocklistDelta(decodeBlocklistDelta(first), stranger), 'another key: refused');
  assert.throws(() => switchedHouseholdsDeltaCodec.decode(first), 'a card list is never a household list');
});

test('switched households: the ledger publishes each household whose unified sale it stored, once', async () => {
  const t = await testTerminal(9_501);
  await ctx.ledger.enrolTerminal(t.terminalId, await t.keys.publicKey());
  const [a, b] = [testCard(9501, 9501), testCard(9502, 9502)];
  for (const card of [a, b]) {
    await ctx.ledger.ledger.setHousehold(card.householdId, 2);
    await ctx.ledger.registerCard(card.cardBytes);
  }
  const sync = async (card: typeof a) => {
    const seq = await t.sell(card, 5);
    const built = await buildBatch(await t.journal.read(seq, 1), t.keys, { terminalId: t.terminalId, blocklistVersion: 0, parameterVersion: 1 });
    assert.is((await ctx.ledger.ledger.ingest(built.bytes)).status, 200);
  };
  const list = SwitchedHouseholds.empty();
  const apply = async () => {
    for (const [, bytes] of await download('switched-households', list.version)) {
      const delta = switchedHouseholdsDeltaCodec.decode(bytes);
      assert.ok(verifySwitchedHouseholdsDelta(delta, ctx.ledger.listSigningKey));
      list.applyDelta(delta);
    }
  };
  await apply();
  assert.equal([list.version, list.size], [0, 0], 'nothing switched yet: no version');
  await sync(a);
  await sync(a);
  await apply();
  assert.equal([list.version, list.has(a.householdId), list.has(b.householdId)], [1, true, false]);
  await sync(b);
  await apply();
  assert.equal([list.version, list.size, list.has(b.householdId)], [2, 2, true], 'a delta from version 1 adds B only');
  await apply();
  assert.is(list.version, 2, 'nothing new: no new version');
});

test.run();
