/**
 * `HttpLedgerView` against the embedded ledger: the online path sees what another terminal sold to the same
 * household (synced through the uplink) and declines what the offline path grants; every fault (refused, silent,
 * forged answer) turns the lookup offline within its deadline with a typed `lastFault`; a cancel throws.
 */
import { createServer, type Server } from 'node:http';
import * as assert from 'uvu/assert';
import { suite } from '../../support/suite.ts';
import { startEmbeddedLedger, type EmbeddedLedger } from '../../../ledger/embedded-ledger.ts';
import { HttpUplink } from '../../../terminal/hal/http/http-uplink.ts';
import { sellBread } from '../../../terminal/services/bakery-sale.ts';
import { HttpLedgerView } from '../../../terminal/services/http-ledger-view.ts';
import { SyncEngine } from '../../../terminal/sync/sync-engine.ts';
import { memoryKeyStore } from '../../ledger/ledger-fixtures.ts';
import { household, NOW_MS, serviceBench, testIssuer } from './service-fixture.ts';

const test = suite('terminal/services/http-ledger-view', { timeoutMs: 120_000 });
const ctx = {} as { ledger: EmbeddedLedger; relay: Server; relayUrl: string; silent: boolean };

const view = (baseUrl: string, ledgerPublicKey = ctx.ledger.publicKey) =>
  new HttpLedgerView({ baseUrl, ledgerPublicKey, now: () => NOW_MS, lastSyncMs: () => NOW_MS - 3_600_000, maxTimeoutMs: 400 });

test.before(async () => {
  const issuer = testIssuer();
  ctx.ledger = await startEmbeddedLedger({ issuer: { caCertificate: issuer.caCertificate, issuerCertificate: issuer.issuerCertificate }, now: () => NOW_MS });
  // A relay to the ledger that can go silent (accepts the request, never answers).
  ctx.silent = false;
  ctx.relay = createServer((req, res) => {
    if (ctx.silent) return;
    void fetch(`${ctx.ledger.url}${req.url ?? '/'}`).then(async (r) => {
      const body = Buffer.from(await r.arrayBuffer());
      res.writeHead(r.status, { 'content-length': body.length });
      res.end(body);
    });
  });
  await new Promise<void>((resolve) => ctx.relay.listen(0, '127.0.0.1', resolve));
  ctx.relayUrl = `http://127.0.0.1:${(ctx.relay.address() as { port: number }).port}`;
});
test.after(async () => {
  await ctx.ledger?.close();
  ctx.relay?.closeAllConnections();
  ctx.relay?.close();
});

test('online sees another terminal\'s earlier sale of the household and declines what offline grants', async () => {
  const h = household({ beneficiaries: 2, entitled: 2 });
  const hid = h[0]!.certificate.subject.householdId;
  await ctx.ledger.registerHousehold({ householdId: hid, beneficiaries: 2 }, h);

  // Terminal A, online: card 1 takes the household's whole collect-ahead window (3 days x 10 loaves), then syncs.
  const keys = memoryKeyStore();
  const a = await serviceBench({ terminalId: 0xa1, config: { ledger: view(ctx.ledger.url) } });
  try {
    a.testbench.insertCard(h[0]!.card);
    a.scanner.queue.push(h.fingers[0]!);
    const sold = await sellBread(a.runner, { loaves: 30 });
    assert.ok(sold.ok, `A sells: ${JSON.stringify(!sold.ok && sold.outcome)}`);
    await ctx.ledger.enrolTerminal(0xa1, await keys.publicKey());
    const sync = new SyncEngine({
      journal: a.journal.journal, keys, uplink: new HttpUplink({ baseUrl: ctx.ledger.url }), terminalId: 0xa1,
      ledgerPublicKey: ctx.ledger.publicKey, versions: () => ({ blocklistVersion: 7, parameterVersion: 1 }),
    });
    assert.ok((await sync.syncOnce()) >= 1);
  } finally {
    await a.close();
  }

  // Terminal B online: the ledger's view shows the window taken: card 2's 5 loaves are declined.
  const online = view(ctx.ledger.url);
  const b = await serviceBench({ terminalId: 0xb1, config: { ledger: online } });
  try {
    b.testbench.insertCard(h[1]!.card);
    b.scanner.queue.push(h.fingers[1]!);
    const result = await sellBread(b.runner, { loaves: 5 });
    assert.is(online.lastFault, undefined);
    assert.not.ok(result.ok, 'online: declined');
    if (!result.ok) assert.ok(['COLLECT_AHEAD_LIMIT', 'QUOTA_EXHAUSTED'].includes(result.outcome), result.outcome);
  } finally {
    await b.close();
  }

  // Terminal B offline (the ledger unreachable): the same request is within card 2's offline share: granted.
  const offline = view('http://127.0.0.1:1');
  const c = await serviceBench({ terminalId: 0xb2, config: { ledger: offline } });
  try {
    c.testbench.insertCard(h[1]!.card);
    c.scanner.queue.push(h.fingers[1]!);
    const result = await sellBread(c.runner, { loaves: 5 });
    assert.is(offline.lastFault?.code, 'HAL_NETWORK');
    assert.ok(result.ok, `offline: granted (${JSON.stringify(!result.ok && result.outcome)})`);
  } finally {
    await c.close();
  }
});

test('a silent ledger: offline within the deadline (HAL_TIMEOUT), with the view cached from the last answer', async () => {
  const h = household({ beneficiaries: 3 });
  const hid = h[0]!.certificate.subject.householdId;
  await ctx.ledger.registerHousehold({ householdId: hid, beneficiaries: 3 }, h);
  const relayed = new HttpLedgerView({ baseUrl: ctx.relayUrl, ledgerPublicKey: ctx.ledger.publicKey, now: () => NOW_MS, maxTimeoutMs: 300 });
  const first = await relayed.lookup(hid, { timeoutMs: 1000 });
  assert.ok(first.online && first.view, 'known household answered online');
  assert.is(first.online && first.view?.entitledCards, 1);
  assert.is(relayed.lastSyncMs(), NOW_MS, 'without a sync engine: the last answer');
  const unknown = await relayed.lookup(Uint8Array.of(0x48, 0xff, 0, 0, 0, 0, 0, 1), { timeoutMs: 1000 });
  assert.equal(unknown, { online: true, view: undefined }, 'an unknown household: online, no view');
  ctx.silent = true;
  try {
    const started = Date.now();
    const answer = await relayed.lookup(hid, { timeoutMs: 5000 });
    assert.ok(Date.now() - started < 2000, 'bounded by maxTimeoutMs, not the caller\'s 5 s');
    assert.is(relayed.lastFault?.code, 'HAL_TIMEOUT');
    assert.equal(answer, { online: false, cached: first.online ? first.view : undefined });
  } finally {
    ctx.silent = false;
  }
});

test('an answer signed by another key is refused: offline, HAL_FRAME_MALFORMED; a canceled lookup throws HAL_CANCELED', async () => {
  const h = household();
  const hid = h[0]!.certificate.subject.householdId;
  await ctx.ledger.registerHousehold({ householdId: hid, beneficiaries: 4 }, h);
  const forged = view(ctx.ledger.url, await memoryKeyStore().publicKey());
  assert.equal(await forged.lookup(hid, { timeoutMs: 1000 }), { online: false, cached: undefined });
  assert.is(forged.lastFault?.code, 'HAL_FRAME_MALFORMED');
  const error = await view(ctx.ledger.url).lookup(hid, { timeoutMs: 1000, signal: AbortSignal.abort() }).catch((e: unknown) => e);
  assert.is((error as { code?: string }).code, 'HAL_CANCELED');
});

test.run();
