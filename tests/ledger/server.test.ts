import type { AddressInfo } from 'node:net';
import type { Server } from 'node:http';
import * as assert from 'uvu/assert';
import { suite } from '../support/suite.ts';
import { decodeCbor, encodeCbor } from '../../terminal/codec/cbor.ts';
import { HttpUplink, UplinkStatusError } from '../../terminal/hal/http/http-uplink.ts';
import { verifyCoseSign1 } from '../../terminal/sync/cose-sign1.ts';
import { Ledger } from '../../ledger/ledger.ts';
import { createLedgerServer } from '../../ledger/server.ts';
import { PgliteStore } from '../../ledger/store/pglite-store.ts';
import { CA_CERT, DAY, memoryKeyStore } from './ledger-fixtures.ts';

const test = suite('ledger/server', { timeoutMs: 60_000 });
const ctx = {} as { store: PgliteStore; ledger: Ledger; server: Server; base: string; uplink: HttpUplink };

test.before(async () => {
  ctx.store = await PgliteStore.open();
  ctx.ledger = new Ledger({ store: ctx.store, keys: memoryKeyStore(), trustedCas: [CA_CERT], now: () => DAY * 86_400_000 + 5 });
  ctx.server = createLedgerServer(ctx.ledger, { maxBodyBytes: 64 * 1024 });
  await new Promise<void>((resolve) => ctx.server.listen(0, '127.0.0.1', resolve));
  ctx.base = `http://127.0.0.1:${(ctx.server.address() as AddressInfo).port}`;
  ctx.uplink = new HttpUplink({ baseUrl: ctx.base, timeoutMs: 5000 });
});
test.after(async () => {
  await new Promise((resolve) => ctx.server?.close(resolve));
  await ctx.store?.close();
});

const post = async (body: Uint8Array) => {
  const res = await fetch(`${ctx.base}/v1/batches`, { method: 'POST', body });
  return { status: res.status, body: (await res.json()) as { code: string } };
};

test('bad bodies get a 4xx with a typed code, and the server keeps serving', async () => {
  const cases: [Uint8Array, number, string][] = [
    [new Uint8Array(0), 400, 'LEDGER_BODY_MALFORMED'],
    [new TextEncoder().encode('{"json": true}'), 400, 'LEDGER_BODY_MALFORMED'],
    [encodeCbor([1, 2, 3]), 400, 'LEDGER_BODY_MALFORMED'],
    [new Uint8Array([0xd2, 0x84, 0x43, 0xa1, 0x01, 0x26, 0xa0, 0x41, 0x00, 0x58, 0x40, ...new Uint8Array(64)]), 400, 'LEDGER_BODY_MALFORMED'],
    [new Uint8Array(65 * 1024), 413, 'LEDGER_BODY_TOO_LARGE'],
  ];
  for (const [body, status, code] of cases) {
    const answer = await post(body);
    assert.is(answer.status, status, code);
    assert.is(answer.body.code, code);
  }
  for (let i = 0; i < 50; i++) {
    const junk = new Uint8Array(1 + ((i * 37) % 300)).map((_, j) => (i * 131 + j * 17) & 0xff);
    const answer = await post(junk);
    assert.ok(answer.status === 400, `junk ${i}: ${answer.status}`);
  }
  assert.is((await fetch(`${ctx.base}/v1/batches`)).status, 405);
  assert.is((await fetch(`${ctx.base}/v1/nothing`)).status, 404);
  assert.is((await fetch(`${ctx.base}/v1/reconciliation?terminal=x&day=1`)).status, 400);
});

test('downloads: signed clock, CA keys, versioned blocklist and parameters', async () => {
  const clock = verifyCoseSign1(await ctx.uplink.download('clock', 0), await ctx.ledger.publicKey());
  assert.ok(clock.ok);
  if (clock.ok) assert.equal(decodeCbor(clock.payload), [1, DAY * 86_400_000 + 5]);
  assert.is((decodeCbor(await ctx.uplink.download('ca-keys', 0)) as unknown[]).length, 1);
  await ctx.ledger.publish('blocklist', 1, new Uint8Array([1]));
  await ctx.ledger.publish('blocklist', 2, new Uint8Array([2]));
  await ctx.ledger.publish('parameters', 3, new Uint8Array([3]));
  await ctx.ledger.publish('parameters', 4, new Uint8Array([4]));
  assert.equal(decodeCbor(await ctx.uplink.download('blocklist', 1)), [[2, new Uint8Array([2])]]);
  assert.equal(decodeCbor(await ctx.uplink.download('parameters', 0)), [[4, new Uint8Array([4])]]);
  assert.equal(decodeCbor(await ctx.uplink.download('parameters', 4)), []);
  const error = await ctx.uplink.download('nope' as 'clock', 0).catch((e: unknown) => e);
  assert.instance(error, UplinkStatusError);
  assert.is((error as UplinkStatusError).ledgerCode, 'LEDGER_NOT_FOUND');
});

test('reports answer JSON', async () => {
  const day = await (await fetch(`${ctx.base}/v1/reports/day?day=${DAY}`)).json();
  assert.equal(day, { day: DAY, terminals: 0, flags: 0, totals: [] });
  const household = await fetch(`${ctx.base}/v1/reports/household?household=0000000000000001&day=${DAY}`);
  assert.is(household.status, 200);
  const rec = await (await fetch(`${ctx.base}/v1/reconciliation?terminal=9&day=${DAY}`)).json();
  assert.is((rec as { known: boolean }).known, false);
  assert.equal(await (await fetch(`${ctx.base}/v1/reports/flags?day=${DAY}`)).json(), { day: DAY, records: [], terminals: [] });
  assert.equal(await (await fetch(`${ctx.base}/v1/reports/torn-debits`)).json(), []);
});

test('household usage: signed by the ledger key (COSE_Sign1); a malformed household or day is 400', async () => {
  const answer = await fetch(`${ctx.base}/v1/households/0000000000000001/usage?day=${DAY}`);
  assert.equal([answer.status, answer.headers.get('content-type')], [200, 'application/cose']);
  const verified = verifyCoseSign1(new Uint8Array(await answer.arrayBuffer()), await ctx.ledger.publicKey());
  assert.ok(verified.ok);
  if (verified.ok) assert.equal(decodeCbor(verified.payload), [1, Uint8Array.of(0, 0, 0, 0, 0, 0, 0, 1), DAY, DAY * 86_400_000 + 5, null]);
  for (const path of ['/v1/households/XYZ/usage?day=1', '/v1/households/0000000000000001/usage', '/v1/households/0000000000000001/usage?day=-1']) {
    const bad = await fetch(`${ctx.base}${path}`);
    assert.equal([bad.status, ((await bad.json()) as { code: string }).code], [400, 'LEDGER_BAD_REQUEST'], path);
  }
});

test.run();
