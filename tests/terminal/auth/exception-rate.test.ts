import * as assert from 'uvu/assert';
import { suite } from '../../support/suite.ts';
import { flagExceptionRates } from '../../../terminal/auth/exception-rate.ts';
import type { VerificationRecord } from '../../../terminal/auth/exception-rate.ts';
import { CVM } from '../../../terminal/schemas/journal-record.ts';
import type { Cvm } from '../../../terminal/schemas/journal-record.ts';

const test = suite('terminal/auth/exception-rate');

/** `n` approvals at `terminalId`: the first `pin` by PIN, the next `supervised` supervised, the rest fingerprint. */
function sales(terminalId: number, n: number, pin: number, supervised: number, time = 1000): VerificationRecord[] {
  return Array.from({ length: n }, (_, i) => {
    const cvm: Cvm = i < pin ? CVM.PIN : i < pin + supervised ? CVM.SUPERVISED_EXCEPTION : CVM.FINGERPRINT;
    return { terminalId, time: time + i, approved: true, cvm };
  });
}

test('a normal terminal is not flagged; one granting many exceptions is, for both rates', () => {
  const records = [...sales(1, 100, 5, 1), ...sales(2, 100, 10, 10)];
  const flags = flagExceptionRates(records);
  assert.equal(flags.map((f) => [f.code, f.terminalId, f.count]), [['HIGH_EXCEPTION_RATE', 2, 10], ['HIGH_FALLBACK_RATE', 2, 20]]);
  assert.is(flags[0]!.rate, 0.1);
  assert.is(flags[0]!.threshold, 0.03);
});

test('PIN fallbacks alone can flag the fallback rate only', () => {
  assert.equal(flagExceptionRates(sales(3, 100, 20, 0)).map((f) => f.code), ['HIGH_FALLBACK_RATE']);
});

test('declines do not count; too few approvals tell nothing; the window and thresholds apply', () => {
  const declines: VerificationRecord[] = Array.from({ length: 200 }, (_, i) => ({ terminalId: 4, time: i, approved: false, cvm: CVM.SUPERVISED_EXCEPTION }));
  assert.equal(flagExceptionRates([...declines, ...sales(4, 100, 0, 0)]), []);
  assert.equal(flagExceptionRates(sales(5, 49, 0, 49)), [], 'under minApprovals');
  assert.is(flagExceptionRates(sales(5, 49, 0, 49), { minApprovals: 10 }).length, 2);
  const late = sales(6, 100, 0, 50, 5000);
  assert.equal(flagExceptionRates(late, { toTime: 5000 }), [], 'outside the window');
  assert.is(flagExceptionRates(late, { fromTime: 5000, maxExceptionRate: 0.6, maxFallbackRate: 0.6 }).length, 0);
  assert.is(flagExceptionRates(late, { fromTime: 5000, maxExceptionRate: 0.4 }).length, 2);
});

test.run();
