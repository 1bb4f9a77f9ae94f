import * as assert from 'uvu/assert';
import { captureProbe } from '../../../terminal/biometrics-verify/capture-probe.ts';
import type { VerifierReason } from '../../../terminal/biometrics-verify/verifier-reasons.ts';
import { createSimFingerprintScanner } from '../../../terminal/hal/sim/sim-fingerprint-scanner.ts';
import { suite } from '../../support/suite.ts';

const test = suite('terminal/biometrics-verify/capture-probe');

test('a good capture at once: its ISO template, quality and one capture', async () => {
  const scanner = createSimFingerprintScanner();
  scanner.script.present({ person: 'A', quality: 77 });
  const got = await captureProbe(scanner, {});
  assert.ok(got.ok && got.captures === 1 && got.quality === 77 && got.template.length > 30);
  assert.equal([...got.template.subarray(0, 4)], [0x46, 0x4d, 0x52, 0x00]);
});

test('ask again up to maxAttempts, each time told; then the PIN (FP_ATTEMPTS_EXHAUSTED)', async () => {
  const scanner = createSimFingerprintScanner();
  const told: VerifierReason[] = [];
  scanner.script.push({ kind: 'rejected', reason: 'too-messy' });
  scanner.script.present({ person: 'A', quality: 35 });
  scanner.script.present({ person: 'A', quality: 80 });
  const policy = { maxAttempts: 2, onReason: (r: VerifierReason) => told.push(r) };
  const got = await captureProbe(scanner, policy);
  assert.equal([got.ok, got.captures, !got.ok && got.reason.code], [false, 2, 'FP_ATTEMPTS_EXHAUSTED']);
  assert.equal(told.map((r) => r.code), ['FP_ASK_AGAIN_QUALITY', 'FP_ATTEMPTS_EXHAUSTED']);
  assert.is(scanner.script.pending, 1, 'the third finger was never asked for');
  const lenient = await captureProbe(scanner, { minQuality: 20 });
  assert.ok(lenient.ok, 'minQuality is passed to the policy');
});

test('vendor templates and images: the PIN at once, whatever the quality', async () => {
  for (const [yields, code] of [['vendor-template', 'FP_VENDOR_TEMPLATE'], ['image', 'FP_IMAGE_ONLY']] as const) {
    const scanner = createSimFingerprintScanner({ yields });
    scanner.script.present({ person: 'A' });
    scanner.script.present({ person: 'A' });
    const got = await captureProbe(scanner, {});
    assert.equal([got.ok, got.captures, !got.ok && got.reason.code], [false, 1, code]);
  }
});

test('scanner faults and the timeout stay HalErrors; the timeout reaches the scanner', async () => {
  const scanner = createSimFingerprintScanner();
  scanner.script.push({ kind: 'sensor-fault' }, { kind: 'no-finger' });
  await captureProbe(scanner, {}).then(() => assert.unreachable(), (e: { code?: string }) => assert.is(e.code, 'HAL_DEVICE_ERROR'));
  const started = Date.now();
  await captureProbe(scanner, {}, { timeoutMs: 60 }).then(() => assert.unreachable(), (e: { code?: string }) => assert.is(e.code, 'HAL_TIMEOUT'));
  assert.ok(Date.now() - started < 2_000);
});

test.run();
