import * as assert from 'uvu/assert';
import { suite } from '../../../support/suite.ts';
import { HalError } from '../../../../terminal/hal/errors.ts';
import { createSimFingerprintVerifier } from '../../../../terminal/hal/sim/sim-fingerprint-verifier.ts';

const test = suite('terminal/hal/sim/sim-fingerprint-verifier', { timeoutMs: 5000 });
const ON_CARD = { kind: 'card' } as const;

async function code(promise: Promise<unknown>): Promise<string> {
  try {
    await promise;
    return 'resolved';
  } catch (error) {
    return error instanceof HalError ? error.code : String(error);
  }
}

test('answers from the script in order and records the references', async () => {
  const template = { kind: 'template', template: Uint8Array.of(1, 2, 3) } as const;
  const scanner = createSimFingerprintVerifier(['no-match', 'low-quality', { outcome: 'match', delayMs: 5, score: 71 }, 'error']);
  assert.equal(await scanner.verify(ON_CARD), { outcome: 'no-match' });
  assert.equal(await scanner.verify(template), { outcome: 'low-quality' });
  assert.equal(await scanner.verify(ON_CARD), { outcome: 'match', score: 71 });
  assert.equal(await scanner.verify(ON_CARD), { outcome: 'error' });
  assert.equal(scanner.calls, [ON_CARD, template, ON_CARD, ON_CARD]);
  assert.is(await code(scanner.verify(ON_CARD)), 'HAL_INTERNAL');
});

test('no finger: timeout or the signal', async () => {
  const scanner = createSimFingerprintVerifier(['no-finger', 'no-finger', { outcome: 'match', delayMs: 10_000 }]);
  assert.is(await code(scanner.verify(ON_CARD, { timeoutMs: 20 })), 'HAL_TIMEOUT');
  const controller = new AbortController();
  setTimeout(() => controller.abort(), 10);
  assert.is(await code(scanner.verify(ON_CARD, { signal: controller.signal })), 'HAL_CANCELED');
  assert.is(await code(scanner.verify(ON_CARD, { timeoutMs: 20 })), 'HAL_TIMEOUT');
  assert.is(await code(createSimFingerprintVerifier(['match']).verify(ON_CARD, { signal: AbortSignal.abort() })), 'HAL_CANCELED');
});

test.run();
