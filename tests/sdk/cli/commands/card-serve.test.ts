import { spawn, type ChildProcess } from 'node:child_process';
import { once } from 'node:events';
import { mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join, resolve } from 'node:path';
import * as assert from 'uvu/assert';
import { loadCard, serializeCard } from '../../../../card/card-image.ts';
import { DEMO_AID } from '../../../../card/demo-applet.ts';
import { createDemoCard } from '../../../../card/demo-card.ts';
import { startFakeVpcd, type FakeVpcd } from '../../../card/fake-vpcd.ts';
import { suite } from '../../../support/suite.ts';
import { govCard } from '../../../card/gov/gov-fixture.ts';
import { KARTPAY_AID } from '../../../../card/emv-pay/index.ts';

const test = suite('sdk/cli/commands/card-serve', { timeoutMs: 15_000 });

const KART = resolve(import.meta.dirname, '../../../../sdk/cli/kart.js');
const SELECT = Uint8Array.of(0x00, 0xa4, 0x04, 0x00, DEMO_AID.length, ...DEMO_AID, 0x00);
const verify = (pin: string): Uint8Array =>
  Uint8Array.from([0x00, 0x20, 0x00, 0x80, 0x08, ...Buffer.from(`2${pin.length}${pin}`.padEnd(16, 'F'), 'hex')]);
const sw = (r: Uint8Array): string => Buffer.from(r.subarray(-2)).toString('hex').toUpperCase();

let vpcd: FakeVpcd;
let child: ChildProcess | undefined;
let dir: string;
test.before.each(async () => {
  vpcd = await startFakeVpcd();
  dir = mkdtempSync(join(tmpdir(), 'kart-card-serve-'));
});
test.after.each(async () => {
  if (child && child.exitCode === null && child.signalCode === null) child.kill('SIGKILL');
  child = undefined;
  await vpcd.close();
  rmSync(dir, { recursive: true, force: true });
});

function serve(args: string[]): { output: () => string; exit: Promise<number | null> } {
  let output = '';
  const started = spawn(process.execPath, [KART, 'card', 'serve', ...args], { stdio: ['ignore', 'pipe', 'pipe'] });
  child = started;
  started.stdout.on('data', (c: Buffer) => (output += c.toString()));
  started.stderr.on('data', (c: Buffer) => (output += c.toString()));
  const exit = once(started, 'exit').then(([code]) => code as number | null);
  return { output: () => output, exit };
}

test('serves the demo card: SELECT and VERIFY answered, logged by name and SW, no data in the log', async () => {
  const run = serve(['--vpcd', `127.0.0.1:${vpcd.port}`]);
  const peer = await vpcd.nextConnection(8000);
  peer.send(1);
  assert.is(sw(await peer.exchange(SELECT)), '9000');
  assert.is(sw(await peer.exchange(verify('1234'))), '9000');
  peer.send(0);
  await new Promise((r) => setTimeout(r, 50));
  child!.kill('SIGTERM');
  assert.is(await run.exit, 0, run.output());
  const log = run.output();
  assert.match(log, /power-on/);
  assert.match(log, /SELECT -> 9000/);
  assert.match(log, /VERIFY -> 9000/);
  assert.match(log, /power-off/);
  assert.match(log, /SIGTERM: stopping/);
  const flat = log.toUpperCase().replace(/\s/g, '');
  assert.not.ok(flat.includes('241234'), 'PIN block in the log');
  assert.not.ok(flat.includes(Buffer.from(DEMO_AID).toString('hex').toUpperCase()), 'command data in the log');
});

test('--card FILE serves the image and saves its persistent memory back (PIN tries survive)', async () => {
  const file = join(dir, 'card.cbor');
  writeFileSync(file, serializeCard(createDemoCard()));
  const run = serve(['--vpcd', `127.0.0.1:${vpcd.port - 1}`, '--slot', '1', '--card', file]);
  const peer = await vpcd.nextConnection(8000);
  peer.send(1);
  assert.is(sw(await peer.exchange(SELECT)), '9000');
  assert.is(sw(await peer.exchange(verify('9999'))), '63C2');
  child!.kill('SIGINT');
  assert.is(await run.exit, 0, run.output());
  const card = loadCard(readFileSync(file));
  card.powerOn();
  card.transmit(SELECT);
  assert.is(sw(card.transmit(verify('9999'))), '63C1');
});

test('--card FILE serves a government-services card image (KARTGOV) as well as the demo card', async () => {
  const file = join(dir, 'gov.card');
  writeFileSync(file, serializeCard(govCard()));
  const run = serve(['--vpcd', `127.0.0.1:${vpcd.port}`, '--card', file]);
  const peer = await vpcd.nextConnection(8000);
  peer.send(1);
  const kartgov = Uint8Array.of(0xf0, 0x4b, 0x41, 0x52, 0x54, 0x47, 0x4f, 0x56);
  const answer = await peer.exchange(Uint8Array.of(0x00, 0xa4, 0x04, 0x00, kartgov.length, ...kartgov, 0x00));
  assert.is(sw(answer), '9000', run.output());
  child!.kill('SIGTERM');
  assert.is(await run.exit, 0, run.output());
});

test('--card FILE serves an image from `kart card issue --payment`: the PSE lists KARTPAY, which selects and starts a transaction', async () => {
  const household = join(dir, 'household.json');
  writeFileSync(household, JSON.stringify({
    householdId: '00000000000000cd', rationCardNumber: '78', beneficiaries: 2,
    members: [{ nationalId: '28501011234567', nameAr: 'سيد', nameEn: 'SAYED', role: 'head', age: 40 }],
  }));
  const issued = spawn(process.execPath, [KART, 'card', 'issue', '--household', household, '--out', dir, '--payment'], { stdio: ['ignore', 'pipe', 'pipe'] });
  let issueOutput = '';
  issued.stdout.on('data', (c: Buffer) => (issueOutput += c.toString()));
  issued.stderr.on('data', (c: Buffer) => (issueOutput += c.toString()));
  assert.is((await once(issued, 'exit'))[0], 0, issueOutput);
  const file = join(dir, /^(\d{16}\.card)/m.exec(issueOutput)![1]!);
  assert.match(issueOutput, /KARTPAY 818888\*{6}\d{4}/);
  const run = serve(['--vpcd', `127.0.0.1:${vpcd.port}`, '--card', file]);
  const peer = await vpcd.nextConnection(8000);
  peer.send(1);
  const select = (aid: Uint8Array) => Uint8Array.of(0x00, 0xa4, 0x04, 0x00, aid.length, ...aid, 0x00);
  const pse = await peer.exchange(select(new TextEncoder().encode('1PAY.SYS.DDF01')));
  assert.is(sw(pse), '9000', run.output());
  const listed = await peer.exchange(Uint8Array.of(0x00, 0xb2, 0x01, 0x0c, 0x00));
  assert.is(sw(listed), '9000');
  assert.ok(Buffer.from(listed).includes(Buffer.from(KARTPAY_AID)), 'the PSE record names KARTPAY');
  const fci = await peer.exchange(select(KARTPAY_AID));
  assert.is(sw(fci), '9000');
  assert.ok(Buffer.from(fci).includes(Buffer.from('KARTPAY')), 'KARTPAY\'s FCI');
  // GET PROCESSING OPTIONS with the PDOL's Terminal Type and Country Code: AIP and AFL.
  const gpo = await peer.exchange(Uint8Array.of(0x80, 0xa8, 0x00, 0x00, 0x05, 0x83, 0x03, 0x22, 0x08, 0x18, 0x00));
  assert.is(sw(gpo), '9000');
  assert.is(Buffer.from(gpo.subarray(0, 2)).toString('hex'), '770e');
  child!.kill('SIGTERM');
  assert.is(await run.exit, 0, run.output());
});

test('bad arguments exit with 2 and say why', async () => {
  for (const args of [['--slot', '7'], ['--vpcd', 'nohost']]) {
    const run = serve(args);
    assert.is(await run.exit, 2, `${args.join(' ')}: ${run.output()}`);
    assert.match(run.output(), /kart card serve: /);
  }
  const missing = serve(['--card', join(dir, 'absent.cbor'), '--vpcd', `127.0.0.1:${vpcd.port}`]);
  assert.is(await missing.exit, 2);
  assert.match(missing.output(), /cannot read card image/);
});

test.run();
