/**
 * The R30x driver through the real serialport binding, against the simulated module on the far end of a socat
 * pseudo-terminal pair: real file descriptors, real termios, a real cable pull (socat killed).
 */
import * as assert from 'uvu/assert';
import { SerialPort } from 'serialport';
import { suite } from '../../../support/suite.ts';
import { skipSuite } from '../../../support/skip.ts';
import { R30xFingerprintScanner } from '../../../../terminal/hal/uart/r30x-fingerprint-scanner.ts';
import { createSimR30xModule, type SimR30xModule } from '../../../../terminal/hal/sim/sim-r30x-module.ts';
import type { SerialStream } from '../../../../terminal/hal/uart/serial-stream.ts';
import { rejectsWithCode, scannerProfile } from '../fingerprint-test-helpers.ts';
import { socatInstalled, startSocatPair, type SocatPair } from './socat-pair.ts';

const NAME = 'terminal/hal/uart/r30x-fingerprint-scanner (pty)';
const test = suite(NAME, { timeoutMs: 15_000 });
const profile = scannerProfile('r30x-uart-scanner', { packetTimeoutMs: 500 });

let pair: SocatPair;
let far: SerialPort;
let module: SimR30xModule;
let scanner: R30xFingerprintScanner;

test.before.each(async () => {
  pair = await startSocatPair();
  module = createSimR30xModule();
  far = await new Promise<SerialPort>((resolve, reject) => {
    const p = new SerialPort({ path: pair.b, baudRate: 57_600 }, (error) => (error ? reject(error) : resolve(p)));
  });
  far.on('error', () => {}); // the cable pull test makes the far end fail too
  module.attach(far as unknown as SerialStream);
  scanner = await R30xFingerprintScanner.openPath({ profile, path: pair.a, pollMs: 30 });
});

test.after.each(async () => {
  await scanner?.close();
  if (far?.isOpen) await new Promise((resolve) => far.close(() => resolve(undefined)));
  await pair?.dispose();
});

test('a finger through real ptys: the vendor template arrives whole', async () => {
  module.script.present({ person: 'P1' }, 100);
  const capture = await scanner.capture({ purpose: 'verify', timeoutMs: 3_000 });
  assert.is(capture.template!.length, 512);
  assert.is(capture.format, 'vendor-template');
});

test('no finger: GenImg is retried until the timeout, then HAL_TIMEOUT', async () => {
  await rejectsWithCode(scanner.capture({ purpose: 'verify', timeoutMs: 400 }), 'HAL_TIMEOUT');
  assert.ok(module.received.filter((c) => c === 0x01).length >= 3);
});

test('low quality is a value', async () => {
  module.script.push({ kind: 'rejected', reason: 'too-few-features' });
  assert.is((await scanner.capture({ purpose: 'verify', timeoutMs: 1_000 })).rejected, 'too-few-features');
});

test('garbage bytes on the line are skipped (resync)', async () => {
  module.script.present({ person: 'P1' }, 150);
  setTimeout(() => far.write(Buffer.from([0xef, 0x00, 0x13, 0x37, 0xef, 0xef, 0x99, 0x01, 0x02])), 40);
  module.inject('garbage-before-reply');
  assert.ok((await scanner.capture({ purpose: 'verify', timeoutMs: 2_000 })).template);
  assert.ok(scanner.stats.discarded >= 5, `discarded ${scanner.stats.discarded}`);
});

test('module unplugged mid-capture (socat killed) is HAL_DISCONNECTED, promptly', async () => {
  const capture = scanner.capture({ purpose: 'verify', timeoutMs: 5_000 });
  setTimeout(() => void pair.stop(), 150);
  const started = Date.now();
  await rejectsWithCode(capture, 'HAL_DISCONNECTED');
  assert.ok(Date.now() - started < 2_000);
  await rejectsWithCode(scanner.capture({ purpose: 'verify' }), 'HAL_DISCONNECTED');
});

if (!socatInstalled()) {
  skipSuite(NAME, { reason: 'socat is not installed', fix: 'sudo apt-get install socat', requiredInCi: true });
} else {
  test.run();
}
