import * as assert from 'uvu/assert';
import { suite } from '../../../support/suite.ts';
import { createSimFingerprintScanner } from '../../../../terminal/hal/sim/sim-fingerprint-scanner.ts';
import { decodeFingerMinutiaeRecord, match, MATCH_THRESHOLD } from '../../../../terminal/biometrics/index.ts';
import { syntheticRecord } from '../../../../terminal/hal/sim/synthetic-finger-capture.ts';
import { rejectsWithCode } from '../fingerprint-test-helpers.ts';

const test = suite('terminal/hal/sim/sim-fingerprint-scanner');

test('person P presents finger N: an ISO record of that finger, in script order', async () => {
  const scanner = createSimFingerprintScanner();
  scanner.script.present({ person: 'A', finger: 7, quality: 90 });
  scanner.script.present({ person: 'B', finger: 7, quality: 90 });
  const a = decodeFingerMinutiaeRecord((await scanner.capture({ purpose: 'verify', timeoutMs: 100 })).template!);
  const b = decodeFingerMinutiaeRecord((await scanner.capture({ purpose: 'verify', timeoutMs: 100 })).template!);
  assert.is(a.views[0]!.fingerPosition, 7);
  assert.is(a.views[0]!.fingerQuality, 90);
  const reference = syntheticRecord({ person: 'A', finger: 7, impression: 99 });
  assert.ok(match(a, reference) >= MATCH_THRESHOLD, 'A matches A');
  assert.ok(match(b, reference) < MATCH_THRESHOLD, 'B does not match A');
  assert.is(scanner.captures, 2);
});

test('an ISO device rejects a finger below its own bar; a vendor device passes or fails', async () => {
  const iso = createSimFingerprintScanner();
  iso.script.present({ person: 'A', quality: 10 });
  assert.equal(await iso.capture({ purpose: 'verify' }), { format: 'iso-19794-2', quality: 10, rejected: 'low-quality' });
  const vendor = createSimFingerprintScanner({ yields: 'vendor-template' });
  vendor.script.present({ person: 'A', quality: 10 });
  const capture = await vendor.capture({ purpose: 'verify' });
  assert.is(capture.template!.length, 512);
  assert.is(capture.quality, 60);
});

test('a finger placed after the timeout is HAL_TIMEOUT; a sensor fault is HAL_DEVICE_ERROR', async () => {
  const scanner = createSimFingerprintScanner();
  scanner.script.present({ person: 'A' }, 500);
  scanner.script.push({ kind: 'sensor-fault' });
  await rejectsWithCode(scanner.capture({ purpose: 'verify', timeoutMs: 50 }), 'HAL_TIMEOUT');
  await rejectsWithCode(scanner.capture({ purpose: 'verify', timeoutMs: 50 }), 'HAL_DEVICE_ERROR');
});

test('unplugged mid-capture is HAL_DISCONNECTED; instances do not share scripts', async () => {
  const one = createSimFingerprintScanner();
  const two = createSimFingerprintScanner();
  one.script.present({ person: 'A' });
  assert.is(two.script.pending, 0);
  const pending = two.capture({ purpose: 'verify', timeoutMs: 5_000 });
  setTimeout(() => two.unplug(), 30);
  await rejectsWithCode(pending, 'HAL_DISCONNECTED');
  assert.ok((await one.capture({ purpose: 'verify' })).template);
});

test.run();
