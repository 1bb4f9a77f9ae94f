/**
 * The real PC/SC path: a private pcscd with vpcd, the demo card served through the vpcd bridge, and real clients
 * (scriptor, the pcsclite module) talking to it. Skipped (failing under CI) when the stack is not installed.
 */
import { execFile } from 'node:child_process';
import { once } from 'node:events';
import { existsSync, readdirSync } from 'node:fs';
import { promisify } from 'node:util';
import * as assert from 'uvu/assert';
import { DEMO_AID } from '../../../card/demo-applet.ts';
import { createDemoCard } from '../../../card/demo-card.ts';
import type { VpcdBridge } from '../../../card/vpcd-bridge.ts';
import { startPrivatePcscd, waitForInsertion, type PrivatePcscd } from '../../../sdk/testbench/private-pcscd.ts';
import { realStackStatus } from '../../support/real-stack.ts';
import { skipSuite } from '../../support/skip.ts';
import { suite } from '../../support/suite.ts';
import { openPcsc, type PcscSession } from './pcsc-session.ts';
import { runScriptor } from './scriptor.ts';

const NAME = 'sdk/testbench/private-pcscd';
const test = suite(NAME, { timeoutMs: 20_000 });
const run = promisify(execFile);

const hex = (b: Uint8Array): string => Buffer.from(b).toString('hex').toUpperCase();
const spaced = (b: Uint8Array): string => hex(b).replace(/(..)(?=.)/g, '$1 ');
const SELECT_DEMO = Uint8Array.of(0x00, 0xa4, 0x04, 0x00, DEMO_AID.length, ...DEMO_AID, 0x00);
const sw = (r: Uint8Array): number => (r[r.length - 2]! << 8) | r[r.length - 1]!;

let bench: PrivatePcscd;
let bridge: VpcdBridge;
let pcsc: PcscSession | undefined;
const powers: string[] = [];

test.before(async () => {
  bench = await startPrivatePcscd();
  bridge = await bench.serveCard(createDemoCard());
  bridge.on('power', (e) => powers.push(e.control));
});

test.after(async () => {
  pcsc?.close();
  await bench?.stop();
});

test('the private pcscd lists the two vpcd slots, in its own namespaces with quick-ack', async () => {
  assert.equal(bench.readerNames, ['Virtual PCD 00 00', 'Virtual PCD 00 01']);
  assert.is(bench.namespace, 'root');
  assert.ok(bench.quickack, bench.reason);
  assert.ok(bench.socketPath.startsWith(bench.dir));
  // USB drivers are hidden from this pcscd only: the host still sees them.
  const inside = await run('nsenter', [`--mount=/proc/${bench.pcscdPid}/ns/mnt`, '--', 'ls', '-A', '/usr/lib/pcsc/drivers']);
  assert.is(inside.stdout.trim(), '');
  assert.ok(readdirSync('/usr/lib/pcsc/drivers').length > 0);
  const hostRoutes = await run('ip', ['route', 'show', 'table', 'local']);
  assert.not.match(hostRoutes.stdout, /quickack/);
});

test('(a) scriptor SELECTs the demo applet and gets its FCI with 9000', async () => {
  const result = await runScriptor(bench.env, bench.readerNames[0]!, [spaced(SELECT_DEMO)]);
  assert.is(result.exchanges.length, 1, result.stdout);
  const response = result.exchanges[0]!.response;
  assert.is(sw(response), 0x9000, result.stdout);
  assert.is(response[0], 0x6f, 'FCI template');
  assert.ok(hex(response).includes(`84${DEMO_AID.length.toString(16).padStart(2, '0')}${hex(DEMO_AID)}`), 'DF name in the FCI');
});

test('(b) power off, power on and reset through pcsclite reach the card', async () => {
  pcsc = openPcsc(bench.socketPath);
  const reader = await pcsc.readerWithCard(bench.readerNames[0]!);
  const protocol = await pcsc.connect(reader);
  assert.is(sw(await pcsc.transmit(reader, SELECT_DEMO, protocol)), 0x9000);
  powers.length = 0;
  await pcsc.disconnect(reader, reader.SCARD_UNPOWER_CARD);
  assert.ok(powers.includes('power-off'), powers.join());
  powers.length = 0;
  const again = await pcsc.connect(reader);
  assert.ok(powers.includes('power-on'), powers.join());
  // Power cycles clear the selection: a command for the applet now fails until SELECT.
  assert.is(sw(await pcsc.transmit(reader, SELECT_DEMO, again)), 0x9000);
  powers.length = 0;
  await pcsc.disconnect(reader, reader.SCARD_RESET_CARD);
  assert.ok(powers.includes('reset'), powers.join());
});

test('(f) quick-ack is in effect: 200 APDU round trips through pcscd have a median well under 5 ms', async () => {
  const session = pcsc ?? (pcsc = openPcsc(bench.socketPath));
  const reader = await session.readerWithCard(bench.readerNames[0]!);
  const protocol = await session.connect(reader);
  const times: number[] = [];
  for (let i = 0; i < 200; i++) {
    const started = process.hrtime.bigint();
    const response = await session.transmit(reader, SELECT_DEMO, protocol);
    times.push(Number(process.hrtime.bigint() - started) / 1e6);
    assert.is(sw(response), 0x9000);
  }
  await session.disconnect(reader, reader.SCARD_LEAVE_CARD);
  times.sort((a, b) => a - b);
  const median = times[100]!;
  assert.ok(median < 5, `median ${median.toFixed(2)} ms (without quick-ack it is ~40 ms)`);
});

test('(c) pcscd killed mid-session and restarted: the bridge reconnects and the card is seen again', async () => {
  const dropped = once(bridge, 'disconnected');
  const oldPid = bench.pcscdPid;
  await bench.kill('SIGKILL');
  await dropped;
  assert.is(bench.pcscdPid, undefined);
  const back = waitForInsertion(bridge);
  await bench.restart();
  assert.is.not(bench.pcscdPid, oldPid);
  await back;
  assert.ok(bridge.connected);
  const result = await runScriptor(bench.env, bench.readerNames[0]!, [spaced(SELECT_DEMO), 'reset', spaced(SELECT_DEMO)]);
  assert.equal(
    result.exchanges.map((e) => (e.command === 'RESET' ? hex(e.response) : sw(e.response))),
    [0x9000, hex(createDemoCard().atr), 0x9000],
    result.stdout,
  );
});

test('(c) restart with another reader config moves the readers', async () => {
  const port = bench.vpcdPorts[0]! + 10;
  await bench.restart({ vpcdPorts: [bench.vpcdPorts[0]!, port], friendlyNames: ['Virtual PCD', 'Kart Spare'] });
  assert.equal(bench.readerNames, ['Virtual PCD 00 00', 'Virtual PCD 00 01', 'Kart Spare 00 00', 'Kart Spare 00 01']);
  const spare = await bench.serveCard(createDemoCard(), { port, slot: 1 });
  const result = await runScriptor(bench.env, 'Kart Spare 00 01', [spaced(SELECT_DEMO)]);
  assert.is(sw(result.exchanges[0]!.response), 0x9000, result.stdout);
  await spare.close();
});

test('(e) PCSCLITE_FILTER_IGNORE_READER_NAMES hides the named readers from a private pcscd', async () => {
  const other = await startPrivatePcscd({
    vpcdPorts: [30000, 30002],
    friendlyNames: ['Virtual PCD', 'Kart Hidden'],
    ignoreReaderNames: ['Hidden'],
  });
  try {
    const listed = await run('pcsc_scan', ['-r'], { env: { ...process.env, ...other.env } });
    assert.match(listed.stdout, /Virtual PCD 00 00/);
    assert.not.match(listed.stdout, /Kart Hidden/);
    assert.equal(other.readerNames, ['Virtual PCD 00 00', 'Virtual PCD 00 01']);
  } finally {
    await other.stop();
  }
});

test('a user namespace (what a non-root CI runner gets) works the same, quick-ack included', async () => {
  const other = await startPrivatePcscd({ namespace: 'user' });
  try {
    assert.is(other.namespace, 'user');
    assert.ok(other.quickack, other.reason);
    await other.serveCard(createDemoCard());
    const result = await runScriptor(other.env, other.readerNames[0]!, [spaced(SELECT_DEMO)]);
    assert.is(sw(result.exchanges[0]!.response), 0x9000, result.stdout);
  } finally {
    await other.stop();
  }
  assert.not.ok(existsSync(other.dir), 'stop() removes the bench directory');
});

const why = realStackStatus();
if (why.ok) test.run();
else skipSuite(NAME, why);
