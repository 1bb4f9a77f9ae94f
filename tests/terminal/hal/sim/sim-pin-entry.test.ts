import * as assert from 'uvu/assert';
import { suite } from '../../../support/suite.ts';
import { HalError } from '../../../../terminal/hal/errors.ts';
import { createSimPinEntry } from '../../../../terminal/hal/sim/sim-pin-entry.ts';

const test = suite('terminal/hal/sim/sim-pin-entry', { timeoutMs: 5000 });
const prompt = { ar: 'أدخل الرقم السري', en: 'Enter PIN' };

async function code(promise: Promise<unknown>): Promise<string> {
  try {
    await promise;
    return 'resolved';
  } catch (error) {
    return error instanceof HalError ? error.code : String(error);
  }
}

test('scripted digits come back as a PIN block, in order; prompts recorded', async () => {
  const pad = createSimPinEntry([{ digits: '1234' }, { digits: '98765', delayMs: 5 }]);
  assert.equal([...(await pad.collectPin({ prompt })).bytes()].slice(0, 3), [0x24, 0x12, 0x34]);
  assert.is((await pad.collectPin({ prompt })).length, 5);
  assert.equal(pad.prompts, [prompt, prompt]);
  assert.is(pad.remaining, 0);
  assert.is(await code(pad.collectPin({ prompt })), 'HAL_INTERNAL');
});

test('cancel on the keypad, timeout, and the signal', async () => {
  const pad = createSimPinEntry([{ cancel: true }, { nothing: true }, { nothing: true }, { digits: '1234', delayMs: 10_000 }]);
  assert.is(await code(pad.collectPin({ prompt })), 'HAL_CANCELED');
  assert.is(await code(pad.collectPin({ prompt, timeoutMs: 20 })), 'HAL_TIMEOUT');
  const controller = new AbortController();
  setTimeout(() => controller.abort(), 10);
  assert.is(await code(pad.collectPin({ prompt, signal: controller.signal })), 'HAL_CANCELED');
  assert.is(await code(pad.collectPin({ prompt, timeoutMs: 20 })), 'HAL_TIMEOUT');
  assert.is(await code(pad.collectPin({ prompt, signal: AbortSignal.abort() })), 'HAL_CANCELED');
});

test('each simulator has its own script', async () => {
  const script = [{ digits: '1111' }] as const;
  const a = createSimPinEntry(script);
  const b = createSimPinEntry(script);
  await a.collectPin({ prompt });
  assert.is(b.remaining, 1);
});

test.run();
