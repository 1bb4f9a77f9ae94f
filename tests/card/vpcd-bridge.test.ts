import { once } from 'node:events';
import net from 'node:net';
import { setTimeout as sleep } from 'node:timers/promises';
import * as assert from 'uvu/assert';
import { connectVpcd, type VpcdApduEvent, type VpcdBridge, type VpcdMalformedEvent } from '../../card/vpcd-bridge.ts';
import { suite } from '../support/suite.ts';
import { startFakeVpcd, type FakeVpcd } from './fake-vpcd.ts';
import { TINY_ATR, TINY_FCI, TinyCard } from './tiny-card.ts';

const test = suite('card/vpcd-bridge', { timeoutMs: 8000 });

const SELECT = Uint8Array.of(0x00, 0xa4, 0x04, 0x00, 0x02, 0xaa, 0xbb, 0x00);
const VERIFY = Uint8Array.of(0x00, 0x20, 0x00, 0x80, 0x08, 0x24, 0x12, 0x34, 0xff, 0xff, 0xff, 0xff, 0xff);
const hex = (b: Uint8Array): string => Buffer.from(b).toString('hex').toUpperCase();

let vpcd: FakeVpcd;
let bridge: VpcdBridge | undefined;
let lines: string[];
test.before.each(async () => {
  vpcd = await startFakeVpcd();
  lines = [];
});
test.after.each(async () => {
  await bridge?.close();
  bridge = undefined;
  await vpcd.close();
});

const serve = (card: TinyCard, extra: Parameters<typeof connectVpcd>[2] = {}): VpcdBridge =>
  (bridge = connectVpcd(card, { host: '127.0.0.1', port: vpcd.port }, { log: (l) => lines.push(l), ...extra }));

test('power controls reach the card; get ATR answers the ATR; an APDU gets its response', async () => {
  const card = new TinyCard();
  const b = serve(card);
  const connected = once(b, 'connected');
  const peer = await vpcd.nextConnection();
  await connected;
  assert.ok(b.connected);
  const powers: string[] = [];
  b.on('power', (e) => powers.push(e.control));
  peer.send(1);
  assert.equal([...(await peer.exchange(4))], [...TINY_ATR]);
  assert.ok(card.powered);
  assert.equal([...(await peer.exchange(SELECT))], [...TINY_FCI, 0x90, 0x00]);
  peer.send(2);
  peer.send(0);
  assert.equal([...(await peer.exchange(4))], [...TINY_ATR], 'ATR answered even when unpowered (presence)');
  assert.is(card.resets, 1);
  assert.not.ok(card.powered);
  assert.equal(powers, ['power-on', 'reset', 'power-off']);
});

test('a frame split across TCP sends and several frames in one send are both served', async () => {
  const card = new TinyCard();
  serve(card);
  const peer = await vpcd.nextConnection();
  peer.sendRaw(Uint8Array.of(0x00, 0x01));
  await sleep(20);
  peer.sendRaw(Uint8Array.of(0x01, 0x00, SELECT.length));
  await sleep(20);
  peer.sendRaw(Uint8Array.of(...SELECT, 0x00, 0x01, 0x04));
  assert.equal([...(await peer.receive())], [...TINY_FCI, 0x90, 0x00]);
  assert.equal([...(await peer.receive())], [...TINY_ATR]);
});

test('a card that throws answers 6F00 and the bridge keeps serving', async () => {
  const card = new TinyCard();
  const b = serve(card);
  const peer = await vpcd.nextConnection();
  const events: VpcdApduEvent[] = [];
  b.on('apdu', (e) => events.push(e));
  peer.send(1);
  assert.equal([...(await peer.exchange(Uint8Array.of(0x80, 0xee, 0, 0)))], [0x6f, 0x00]);
  assert.equal([...(await peer.exchange(SELECT))], [...TINY_FCI, 0x90, 0x00]);
  assert.is(events[0]!.fault, 'card-error');
  assert.is(events[1]!.sw, 0x9000);
  assert.is(vpcd.accepted, 1);
});

test('a torn card goes mute: no response, the connection drops, the card comes back unpowered', async () => {
  const card = new TinyCard();
  const b = serve(card);
  const first = await vpcd.nextConnection();
  const torn = once(b, 'apdu');
  const dropped = once(b, 'disconnected');
  first.send(1);
  first.send(Uint8Array.of(0x80, 0xdd, 0, 0));
  const [event] = (await torn) as [VpcdApduEvent];
  assert.is(event.fault, 'torn');
  assert.is(event.response, undefined);
  await first.closed;
  assert.equal(await dropped, [{ reason: 'card torn' }]);
  await first.receive(50).then(
    () => assert.unreachable('a torn card answered'),
    () => undefined,
  );
  const second = await vpcd.nextConnection();
  assert.not.ok(card.powered);
  second.send(1);
  assert.equal([...(await second.exchange(SELECT))], [...TINY_FCI, 0x90, 0x00]);
});

test('malformed frames are reported with a code; fatal ones drop and reconnect, none crash', async () => {
  const card = new TinyCard();
  const b = serve(card, { maxCommandLength: 261 });
  const seen: VpcdMalformedEvent[] = [];
  b.on('malformed', (e) => seen.push(e));

  const one = await vpcd.nextConnection();
  one.send(3); // unknown control: reported, ignored
  one.send(1);
  assert.equal([...(await one.exchange(SELECT))], [...TINY_FCI, 0x90, 0x00]);
  one.sendRaw(Uint8Array.of(0x00, 0x00, 0x00, 0x01, 0x04)); // zero length, then a get-ATR that must be ignored
  await one.closed;

  const two = await vpcd.nextConnection();
  two.sendRaw(Uint8Array.of(0x01, 0x06)); // announces 262 bytes: over the limit
  await two.closed;

  const three = await vpcd.nextConnection();
  assert.equal([...(await three.exchange(4))], [...TINY_ATR]);
  assert.equal(
    seen.map((e) => [e.code, e.reason, e.fatal]),
    [
      ['HAL_FRAME_MALFORMED', 'unknown-control', false],
      ['HAL_FRAME_MALFORMED', 'empty', true],
      ['HAL_FRAME_MALFORMED', 'oversize', true],
    ],
  );
  assert.ok(lines.some((l) => l.includes('HAL_FRAME_MALFORMED empty')));
});

test('vpcd going away and coming back on the same port is reconnected with back-off', async () => {
  const card = new TinyCard();
  const b = serve(card, { retryInitialMs: 10, retryMaxMs: 100 });
  const port = vpcd.port;
  await vpcd.nextConnection();
  const dropped = once(b, 'disconnected');
  await vpcd.close();
  await dropped;
  assert.not.ok(b.connected);
  await sleep(250); // several refused attempts
  vpcd = await startFakeVpcd(port);
  const back = once(b, 'connected');
  const peer = await vpcd.nextConnection();
  await back;
  assert.equal([...(await peer.exchange(4))], [...TINY_ATR]);
});

test('close() stops reconnecting', async () => {
  const b = serve(new TinyCard(), { retryInitialMs: 10 });
  const peer = await vpcd.nextConnection();
  await b.close();
  await peer.closed;
  await sleep(100);
  assert.is(vpcd.accepted, 1);
  assert.not.ok(b.connected);
});

test('a bare socket endpoint is served once and not reconnected', async () => {
  const socket = net.connect(vpcd.port, '127.0.0.1');
  await once(socket, 'connect');
  const b = (bridge = connectVpcd(new TinyCard(), { socket }, { log: (l) => lines.push(l) }));
  const peer = await vpcd.nextConnection();
  assert.equal([...(await peer.exchange(4))], [...TINY_ATR]);
  peer.end();
  await once(b, 'disconnected');
  await sleep(80);
  assert.is(vpcd.accepted, 1);
  assert.ok(lines.some((l) => l.startsWith('vpcd: not reconnecting')));
});

test('log lines name commands and status words but never carry command or response data', async () => {
  const card = new TinyCard();
  serve(card);
  const peer = await vpcd.nextConnection();
  peer.send(1);
  await peer.exchange(VERIFY);
  await peer.exchange(SELECT);
  assert.ok(lines.some((l) => /VERIFY -> 9000/.test(l)), lines.join('\n'));
  assert.ok(lines.some((l) => /SELECT -> 9000/.test(l)));
  const all = lines.join('\n').toUpperCase().replace(/\s/g, '');
  for (const secret of [hex(VERIFY.subarray(5)), '241234', hex(TINY_FCI)]) assert.not.ok(all.includes(secret), secret);
});

test.run();
