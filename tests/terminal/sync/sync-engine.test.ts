import type { AddressInfo } from 'node:net';
import type { Server } from 'node:http';
import * as assert from 'uvu/assert';
import { suite } from '../../support/suite.ts';
import { HttpUplink } from '../../../terminal/hal/http/http-uplink.ts';
import { HalError } from '../../../terminal/hal/errors.ts';
import type { Uplink } from '../../../terminal/hal/uplink.ts';
import { Journal } from '../../../terminal/journal/journal.ts';
import { SyncEngine } from '../../../terminal/sync/sync-engine.ts';
import { Ledger } from '../../../ledger/ledger.ts';
import { createLedgerServer } from '../../../ledger/server.ts';
import { PgliteStore } from '../../../ledger/store/pglite-store.ts';
import { CA_CERT, DAY, memoryKeyStore, testCard, testTerminal, type TestTerminal } from '../../ledger/ledger-fixtures.ts';
import { startCuttingProxy, type CuttingProxy } from './cutting-proxy.ts';

const test = suite('terminal/sync/sync-engine', { timeoutMs: 120_000 });
const ctx = {} as { ledgerKey: Uint8Array; ledger: Ledger; store: PgliteStore; server: Server; proxy: CuttingProxy; direct: HttpUplink; viaProxy: HttpUplink };
let nextTerminal = 100;

test.before(async () => {
  ctx.store = await PgliteStore.open();
  ctx.ledger = new Ledger({ store: ctx.store, keys: memoryKeyStore(), trustedCas: [CA_CERT], now: () => (DAY + 1) * 86_400_000 });
  ctx.ledgerKey = await ctx.ledger.publicKey();
  ctx.server = createLedgerServer(ctx.ledger);
  await new Promise<void>((resolve) => ctx.server.listen(0, '127.0.0.1', resolve));
  const port = (ctx.server.address() as AddressInfo).port;
  ctx.proxy = await startCuttingProxy(port);
  ctx.direct = new HttpUplink({ baseUrl: `http://127.0.0.1:${port}`, timeoutMs: 5000 });
  ctx.viaProxy = new HttpUplink({ baseUrl: `http://127.0.0.1:${ctx.proxy.port}`, timeoutMs: 5000 });
});
test.after(async () => {
  await ctx.proxy?.close();
  await new Promise((resolve) => ctx.server?.close(resolve));
  await ctx.store?.close();
});

async function setup(maxRecords = 100): Promise<{ t: TestTerminal; engine: (uplink: Uplink, max?: number) => SyncEngine; card: ReturnType<typeof testCard> }> {
  const t = await testTerminal(nextTerminal++);
  await ctx.ledger.enrolTerminal(t.terminalId, 'test site', await t.keys.publicKey());
  const card = testCard(500 + t.terminalId, 500 + t.terminalId);
  await ctx.ledger.registerCard(card.issuerBytes, card.cardBytes, DAY);
  const engine = (uplink: Uplink, max = maxRecords) => new SyncEngine({
    journal: t.journal, keys: t.keys, uplink, terminalId: t.terminalId, ledgerPublicKey: ctx.ledgerKey,
    versions: () => ({ blocklistVersion: 1, parameterVersion: 1 }), maxRecords: max, backoff: { initialMs: 5, maxMs: 20 }, pollMs: 10,
  });
  return { t, engine, card };
}

const stored = async (terminalId: number) => {
  const rows = await ctx.store.query('SELECT seq FROM transactions WHERE terminal_id = $1 ORDER BY seq', [terminalId]);
  return rows.map((r) => Number(r['seq']));
};

test('syncs, acknowledges in the journal, and keeps records the ledger cannot store durably', async () => {
  const { t, engine, card } = await setup(2);
  for (let i = 0; i < 5; i++) await t.sell(card);
  assert.is(await engine(ctx.direct).syncOnce(), 3);
  assert.equal(await stored(t.terminalId), [1, 2, 3, 4, 5]);
  assert.is(t.journal.state.ackedSeq, 5);
  assert.is(t.journal.state.durableAckedSeq, 0, 'PGlite acks are not durable: nothing may be deleted');
  assert.is((await t.journal.compact()).removedRecords, 0);
});

test('after a restart it resumes from what the ledger holds (a reused id answers with storedUpToSeq)', async () => {
  const { t, engine, card } = await setup(2);
  for (let i = 0; i < 3; i++) await t.sell(card);
  await engine(ctx.direct).syncOnce();
  for (let i = 0; i < 2; i++) await t.sell(card);
  await t.journal.close();
  t.journal = await Journal.open({ storage: t.storage }); // acknowledgements were in memory only
  assert.is(t.journal.state.ackedSeq, 0);
  const again = engine(ctx.direct, 3); // rebuilds 1..3: same id as the stored 1..2, another body
  assert.is(await again.syncOnce(), 1);
  assert.equal(await stored(t.terminalId), [1, 2, 3, 4, 5]);
  assert.is(t.journal.state.ackedSeq, 5);
});

test('never blocks the caller: sales go on while the uplink is down, sync catches up with back-off', async () => {
  const { t, engine, card } = await setup();
  let up = false;
  let failures = 0;
  const flaky: Uplink = {
    send: (b, o) => (up ? ctx.direct.send(b, o) : Promise.reject(new HalError('HAL_NETWORK', 'down'))),
    download: (k, s) => ctx.direct.download(k, s),
  };
  const e = engine(flaky);
  e.start();
  const t0 = performance.now();
  for (let i = 0; i < 5; i++) {
    await t.sell(card);
    e.nudge();
  }
  assert.ok(performance.now() - t0 < 2000, 'appends were not held up by the sync');
  while ((failures = e.status.failures) < 2) await new Promise((r) => setTimeout(r, 5));
  assert.ok(failures >= 2);
  up = true;
  const deadline = Date.now() + 10_000;
  while (t.journal.state.ackedSeq < 5 && Date.now() < deadline) await new Promise((r) => setTimeout(r, 10));
  await e.stop();
  assert.is(t.journal.state.ackedSeq, 5);
  assert.equal(await stored(t.terminalId), [1, 2, 3, 4, 5]);
});

test('a cut at every byte of the request and of the response loses nothing and doubles nothing', async () => {
  const { t, engine, card } = await setup();
  await t.sell(card);
  const e = engine({ send: (b, o) => ctx.viaProxy.send(b, o), download: (k, s) => ctx.viaProxy.download(k, s) });
  ctx.proxy.plan = undefined;
  await e.syncOnce();
  const requestBytes = ctx.proxy.last.request;
  const responseBytes = ctx.proxy.last.response;
  assert.ok(requestBytes > 500 && responseBytes > 200, `${requestBytes} / ${responseBytes}`);
  const plans = [
    ...Array.from({ length: requestBytes }, (_, n) => ({ direction: 'request' as const, afterBytes: n })),
    ...Array.from({ length: responseBytes }, (_, n) => ({ direction: 'response' as const, afterBytes: n })),
  ];
  let faults = 0;
  for (const plan of plans) {
    await t.sell(card);
    ctx.proxy.plan = plan;
    const error = await e.syncOnce().then(() => undefined, (err: unknown) => err);
    if (error !== undefined) {
      assert.instance(error, HalError, `${plan.direction} cut at ${plan.afterBytes}: ${String(error)}`);
      faults++;
    }
    ctx.proxy.plan = undefined;
    await e.syncOnce(); // the whole batch again, byte for byte
    assert.is(t.journal.state.ackedSeq, t.journal.state.lastSeq, `${plan.direction} cut at ${plan.afterBytes}`);
  }
  assert.is(faults, plans.length, 'every cut short of the whole exchange is a typed network fault');
  const seqs = await stored(t.terminalId);
  assert.equal(seqs, Array.from({ length: t.journal.state.lastSeq }, (_, i) => i + 1));
});

test.run();
