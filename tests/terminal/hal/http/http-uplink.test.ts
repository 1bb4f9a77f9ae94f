import { createServer, type Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import * as assert from 'uvu/assert';
import { suite } from '../../../support/suite.ts';
import { HalError } from '../../../../terminal/hal/errors.ts';
import { HttpUplink, UplinkStatusError } from '../../../../terminal/hal/http/http-uplink.ts';

const test = suite('terminal/hal/http/http-uplink');
let server: Server;
let base = '';
let behaviour: (req: import('node:http').IncomingMessage, res: import('node:http').ServerResponse) => void = () => undefined;

test.before(async () => {
  server = createServer((req, res) => behaviour(req, res));
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  base = `http://127.0.0.1:${(server.address() as AddressInfo).port}`;
});
test.after(() => new Promise<void>((resolve) => {
  server.closeAllConnections();
  server.close(() => resolve());
}));

const code = async (p: Promise<unknown>) => ((await p.catch((e: unknown) => e)) as HalError).code;

test('posts the batch with the attempt counter outside it and returns the acknowledgement of 200 and 422', async () => {
  let seen: { attempt?: string | string[]; body?: Buffer } = {};
  behaviour = (req, res) => {
    const chunks: Buffer[] = [];
    req.on('data', (c: Buffer) => chunks.push(c));
    req.on('end', () => {
      const body = Buffer.concat(chunks);
      seen = { attempt: req.headers['kart-attempt'], body };
      res.writeHead(body[0] === 1 ? 200 : 422).end(Buffer.from([9, 9]));
    });
  };
  const uplink = new HttpUplink({ baseUrl: base });
  assert.equal(await uplink.send(new Uint8Array([1, 2]), { attempt: 3 }), new Uint8Array([9, 9]));
  assert.is(seen.attempt, '3');
  assert.equal(new Uint8Array(seen.body!), new Uint8Array([1, 2]));
  assert.equal(await uplink.send(new Uint8Array([2])), new Uint8Array([9, 9]));
});

test('typed faults: status with the ledger code, timeout, cut answer, too large, refused, canceled', async () => {
  behaviour = (_req, res) => res.writeHead(400, { 'content-type': 'application/json' }).end('{"code":"LEDGER_BODY_MALFORMED","message":"x"}');
  const error = await new HttpUplink({ baseUrl: base }).send(new Uint8Array([1])).catch((e: unknown) => e);
  assert.instance(error, UplinkStatusError);
  assert.is((error as UplinkStatusError).ledgerCode, 'LEDGER_BODY_MALFORMED');
  assert.is((error as UplinkStatusError).status, 400);

  behaviour = () => undefined; // never answers
  assert.is(await code(new HttpUplink({ baseUrl: base, timeoutMs: 100 }).send(new Uint8Array([1]))), 'HAL_TIMEOUT');

  behaviour = (_req, res) => {
    res.writeHead(200, { 'content-length': '100' });
    res.write(Buffer.alloc(10));
    setTimeout(() => res.destroy(), 10);
  };
  assert.is(await code(new HttpUplink({ baseUrl: base }).send(new Uint8Array([1]))), 'HAL_DISCONNECTED');

  behaviour = (_req, res) => res.writeHead(200).end(Buffer.alloc(2000));
  assert.is(await code(new HttpUplink({ baseUrl: base, maxAckBytes: 1000 }).send(new Uint8Array([1]))), 'HAL_UPLINK_RESPONSE_TOO_LARGE');

  assert.is(await code(new HttpUplink({ baseUrl: 'http://127.0.0.1:1' }).send(new Uint8Array([1]))), 'HAL_NETWORK');

  behaviour = () => undefined;
  const abort = new AbortController();
  const pending = new HttpUplink({ baseUrl: base }).send(new Uint8Array([1]), { signal: abort.signal });
  setTimeout(() => abort.abort(), 20);
  assert.is(await code(pending), 'HAL_CANCELED');
  assert.is(await code(new HttpUplink({ baseUrl: base }).download('clock', 0, { signal: AbortSignal.abort() })), 'HAL_CANCELED');
});

test.run();
