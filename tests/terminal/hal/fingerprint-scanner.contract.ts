/**
 * The fingerprint-scanner contract suite: what every implementation must do, run against each of them
 * (`fingerprint-scanner.test.ts`). The implementation under test is driven through its simulated far end's script.
 */
import * as assert from 'uvu/assert';
import type { Test } from '../../support/suite.ts';
import type { FingerprintScanner } from '../../../terminal/hal/fingerprint-scanner.ts';
import type { SimFingerScript } from '../../../terminal/hal/sim/sim-finger-script.ts';
import { decideCaptureUse } from '../../../terminal/hal/fingerprint-capture-policy.ts';
import { rejectsWithCode, timed } from './fingerprint-test-helpers.ts';

export interface ScannerUnderTest {
  readonly scanner: FingerprintScanner;
  readonly script: SimFingerScript;
  readonly cleanup?: () => Promise<void>;
}

/** Registers the contract's tests on `test` for scanners made by `make`. */
export function fingerprintScannerContract(test: Test, label: string, make: () => Promise<ScannerUnderTest>): void {
  const withScanner = (name: string, body: (s: ScannerUnderTest) => Promise<void>): void =>
    test(`${label}: ${name}`, async () => {
      const s = await make();
      try {
        await body(s);
      } finally {
        await s.scanner.close();
        await s.cleanup?.();
      }
    });

  withScanner('a finger gives what the device yields, and the policy knows what to do with it', async ({ scanner, script }) => {
    script.present({ person: 'contract', quality: 80 });
    const capture = await scanner.capture({ purpose: 'verify', timeoutMs: 2_000 });
    assert.is(capture.format, scanner.info.yields);
    assert.ok(capture.quality >= 0 && capture.quality <= 100);
    assert.is(capture.rejected, undefined);
    if (capture.format === 'image') assert.ok(capture.image && capture.image.pixels.length > 0);
    else assert.ok(capture.template && capture.template.length > 0);
    const decision = decideCaptureUse({ capture, attempt: 1, cardHasReference: true });
    assert.is(decision.action, capture.format === 'iso-19794-2' ? 'match-on-card' : 'pin-fallback');
  });

  withScanner('a rejected finger is a value the policy turns into "ask again" or the PIN', async ({ scanner, script }) => {
    script.push({ kind: 'rejected', reason: 'too-messy' });
    const capture = await scanner.capture({ purpose: 'verify', timeoutMs: 2_000 });
    assert.is(capture.rejected, 'too-messy');
    assert.is(capture.template, undefined);
    assert.ok(['ask-again', 'pin-fallback'].includes(decideCaptureUse({ capture, attempt: 1, cardHasReference: true }).action));
  });

  withScanner('no finger within the timeout is HAL_TIMEOUT, near the timeout', async ({ scanner }) => {
    const { ms, error } = await timed(() => scanner.capture({ purpose: 'verify', timeoutMs: 300 }));
    assert.is((error as { code?: string }).code, 'HAL_TIMEOUT');
    assert.ok(ms >= 200 && ms < 1_500, `took ${ms} ms`);
  });

  withScanner('the signal cancels a wait promptly; the scanner stays usable', async ({ scanner, script }) => {
    const controller = new AbortController();
    setTimeout(() => controller.abort(), 80);
    const { ms, error } = await timed(() => scanner.capture({ purpose: 'verify', timeoutMs: 5_000, signal: controller.signal }));
    assert.is((error as { code?: string }).code, 'HAL_CANCELED');
    assert.ok(ms < 700, `took ${ms} ms`);
    script.present({ person: 'contract' });
    assert.is((await scanner.capture({ purpose: 'verify', timeoutMs: 2_000 })).rejected, undefined);
  });

  withScanner('one capture at a time; close fails the capture in progress and later calls', async ({ scanner }) => {
    const first = scanner.capture({ purpose: 'verify', timeoutMs: 5_000 });
    await rejectsWithCode(scanner.capture({ purpose: 'verify' }), 'HAL_SHARING_VIOLATION');
    setTimeout(() => void scanner.close(), 50);
    await rejectsWithCode(first, 'HAL_DISCONNECTED');
    await rejectsWithCode(scanner.capture({ purpose: 'verify' }), 'HAL_DISCONNECTED');
  });
}
