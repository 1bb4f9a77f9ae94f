import * as assert from 'uvu/assert';
import { suite } from '../../../support/suite.ts';
import { R30xFingerprintScanner } from '../../../../terminal/hal/uart/r30x-fingerprint-scanner.ts';
import { createSimR30xModule, type SimR30xFault, type SimR30xModule } from '../../../../terminal/hal/sim/sim-r30x-module.ts';
import { syntheticVendorTemplate } from '../../../../terminal/hal/sim/synthetic-finger-capture.ts';
import { R30X_INSTRUCTION as I } from '../../../../terminal/hal/uart/r30x-codes.ts';
import { rejectsWithCode, scannerProfile, timed } from '../fingerprint-test-helpers.ts';
import { openMockR30xPort } from './mock-r30x-port.ts';

const test = suite('terminal/hal/uart/r30x-fingerprint-scanner', { timeoutMs: 10_000 });

const profile = scannerProfile('r30x-uart-scanner', { packetTimeoutMs: 300 });
let module: SimR30xModule;
let scanner: R30xFingerprintScanner;

test.before.each(async () => {
  module = createSimR30xModule();
  scanner = await R30xFingerprintScanner.open({ profile, port: await openMockR30xPort(module), pollMs: 20 });
});

test.after.each(async () => {
  await scanner.close();
});

test('open reads the system parameters', () => {
  assert.equal(module.received, [I.READ_SYS_PARA]);
  assert.is(scanner.info.yields, 'vendor-template');
  assert.match(scanner.info.description!, /library 1000, security level 3, data packets of 128 bytes/);
});

test('a finger: GenImg until placed, Img2Tz, UpChar; the 512-byte vendor template, from 4 data packets', async () => {
  module.script.present({ person: 'P1', finger: 3 }, 80);
  const capture = await scanner.capture({ purpose: 'verify', timeoutMs: 2_000 });
  assert.equal(capture, { format: 'vendor-template', template: syntheticVendorTemplate({ person: 'P1', finger: 3 }), quality: 60 });
  const polls = module.received.filter((c) => c === I.GEN_IMG).length;
  assert.ok(polls >= 2, `GenImg polled ${polls} times while no finger`);
  assert.equal(module.received.slice(-2), [I.IMG_2_TZ, I.UP_CHAR]);
});

test('no finger on a poll, then a finger: the capture retries GenImg', async () => {
  module.script.push({ kind: 'no-finger' }, { kind: 'no-finger' });
  module.script.present({ person: 'P2' });
  assert.ok((await scanner.capture({ purpose: 'verify', timeoutMs: 2_000 })).template);
  assert.is(module.received.filter((c) => c === I.GEN_IMG).length, 3);
});

test('no finger within the timeout is HAL_TIMEOUT', async () => {
  const { ms, error } = await timed(() => scanner.capture({ purpose: 'verify', timeoutMs: 300 }));
  assert.is((error as { code?: string }).code, 'HAL_TIMEOUT');
  assert.ok(ms >= 250 && ms < 1_000, `took ${ms} ms`);
});

test('image too messy and too few features are values: ask again', async () => {
  module.script.push({ kind: 'rejected', reason: 'too-messy' }, { kind: 'rejected', reason: 'too-few-features' });
  assert.equal(await scanner.capture({ purpose: 'verify', timeoutMs: 1_000 }), { format: 'vendor-template', quality: 10, rejected: 'too-messy' });
  assert.equal(await scanner.capture({ purpose: 'verify', timeoutMs: 1_000 }), { format: 'vendor-template', quality: 20, rejected: 'too-few-features' });
});

test('a sensor fault is HAL_DEVICE_ERROR', async () => {
  module.script.push({ kind: 'sensor-fault' });
  await rejectsWithCode(scanner.capture({ purpose: 'verify', timeoutMs: 1_000 }), 'HAL_DEVICE_ERROR');
});

const recovered: SimR30xFault[] = ['garbage-before-reply', 'corrupt-reply', 'packet-error'];
for (const fault of recovered) {
  test(`line fault ${fault} is recovered (resync or one resend)`, async () => {
    module.script.present({ person: 'P1' });
    module.inject(fault);
    assert.ok((await scanner.capture({ purpose: 'verify', timeoutMs: 1_000 })).template);
    if (fault === 'garbage-before-reply') assert.ok(scanner.stats.discarded > 0);
    else assert.is(scanner.stats.retries, 1);
  });
}

const fatal: [SimR30xFault, string][] = [
  ['corrupt-reply-twice', 'HAL_FRAME_MALFORMED'],
  ['wrong-packet-id', 'HAL_FRAME_MALFORMED'],
  ['silent', 'HAL_DEVICE_UNRESPONSIVE'],
];
for (const [fault, code] of fatal) {
  test(`line fault ${fault} is ${code}, and the next capture works`, async () => {
    module.script.present({ person: 'P1' });
    module.inject(fault);
    await rejectsWithCode(scanner.capture({ purpose: 'verify', timeoutMs: 1_000 }), code);
    module.script.present({ person: 'P1' });
    assert.ok((await scanner.capture({ purpose: 'verify', timeoutMs: 1_000 })).template);
  });
}

test('the signal cancels a capture between polls', async () => {
  const controller = new AbortController();
  setTimeout(() => controller.abort(), 100);
  const { ms, error } = await timed(() => scanner.capture({ purpose: 'verify', timeoutMs: 5_000, signal: controller.signal }));
  assert.is((error as { code?: string }).code, 'HAL_CANCELED');
  assert.ok(ms < 500, `took ${ms} ms`);
  module.script.present({ person: 'P1' });
  assert.ok((await scanner.capture({ purpose: 'verify', timeoutMs: 1_000 })).template, 'usable after a cancel');
});

test('one capture at a time; close ends a capture in progress with HAL_DISCONNECTED', async () => {
  const first = scanner.capture({ purpose: 'verify', timeoutMs: 5_000 });
  await rejectsWithCode(scanner.capture({ purpose: 'verify' }), 'HAL_SHARING_VIOLATION');
  setTimeout(() => void scanner.close(), 60);
  await rejectsWithCode(first, 'HAL_DISCONNECTED');
  await rejectsWithCode(scanner.capture({ purpose: 'verify' }), 'HAL_DISCONNECTED');
});

test('a profile that is not an R30x profile is refused', async () => {
  await rejectsWithCode(R30xFingerprintScanner.open({ profile: scannerProfile('generic-hid-scanner'), port: await openMockR30xPort(module) }), 'HAL_INTERNAL');
});

test('a path with no port is HAL_NO_DEVICE', async () => {
  await rejectsWithCode(R30xFingerprintScanner.openPath({ profile, path: '/dev/kart-no-such-port' }), 'HAL_NO_DEVICE');
});

test.run();
