/**
 * uvu suites with a watchdog: uvu has no per-test timeout, so each test, hook and `before`/`after` races a timer
 * and fails with a message naming it when the timer wins. The timer is referenced, so a test awaiting a promise
 * that never settles fails instead of letting the process exit quietly or hang the suite.
 */
import { suite as uvuSuite } from 'uvu';

type Handler = (context: Record<string, unknown>) => unknown;

export interface SuiteOptions {
  /** Per-test and per-hook limit in milliseconds (default `KART_TEST_TIMEOUT_MS` or 20 000). */
  readonly timeoutMs?: number;
}

export interface Test {
  (name: string, handler: Handler): void;
  only(name: string, handler: Handler): void;
  skip(name: string, handler?: Handler): void;
  before: ((handler: Handler) => void) & { each(handler: Handler): void };
  after: ((handler: Handler) => void) & { each(handler: Handler): void };
  run(): void;
}

export class WatchdogTimeout extends Error {
  override readonly name = 'WatchdogTimeout';
}

/** Runs `fn` against a timer; rejects with `WatchdogTimeout` naming `what` when the timer fires first. */
export async function withWatchdog<T>(what: string, timeoutMs: number, fn: () => T | Promise<T>): Promise<T> {
  let timer: NodeJS.Timeout | undefined;
  const expired = new Promise<never>((_, reject) => {
    timer = setTimeout(
      () => reject(new WatchdogTimeout(`watchdog: ${what} did not finish within ${timeoutMs} ms`)),
      timeoutMs,
    );
  });
  try {
    return await Promise.race([Promise.resolve().then(fn), expired]);
  } finally {
    clearTimeout(timer);
  }
}

export function defaultTimeoutMs(): number {
  const fromEnv = Number(process.env['KART_TEST_TIMEOUT_MS']);
  return Number.isFinite(fromEnv) && fromEnv > 0 ? fromEnv : 20_000;
}

/** A uvu suite whose tests and hooks are each guarded by a watchdog. */
export function suite(name: string, options: SuiteOptions = {}): Test {
  const limit = options.timeoutMs ?? defaultTimeoutMs();
  const inner = uvuSuite(name);
  const guard = (what: string, handler: Handler) => async (context: Record<string, unknown>): Promise<void> => {
    await withWatchdog(`${name} › ${what}`, limit, () => handler(context));
  };
  const test = ((testName: string, handler: Handler) => inner(testName, guard(testName, handler))) as Test;
  test.only = (testName, handler) => inner.only(testName, guard(testName, handler));
  test.skip = (testName) => inner.skip(testName);
  const before = ((handler: Handler) => inner.before(guard('before', handler))) as Test['before'];
  before.each = (handler) => inner.before.each(guard('before each', handler));
  const after = ((handler: Handler) => inner.after(guard('after', handler))) as Test['after'];
  after.each = (handler) => inner.after.each(guard('after each', handler));
  test.before = before;
  test.after = after;
  test.run = () => inner.run();
  return test;
}
