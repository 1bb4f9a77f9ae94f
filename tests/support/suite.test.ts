import * as assert from 'uvu/assert';
import { suite, withWatchdog, WatchdogTimeout } from './suite.ts';

const test = suite('tests/support/suite');

test('a promise that never settles fails with WatchdogTimeout naming the test', async () => {
  const never = new Promise<void>(() => {});
  try {
    await withWatchdog('hung test', 50, () => never);
    assert.unreachable('the watchdog did not fire');
  } catch (error) {
    assert.instance(error, WatchdogTimeout);
    assert.match((error as Error).message, 'hung test did not finish within 50 ms');
  }
});

test('a test that finishes in time passes its value through', async () => {
  assert.is(await withWatchdog('quick', 1_000, async () => 42), 42);
});

test.run();
