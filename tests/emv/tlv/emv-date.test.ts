import * as assert from 'uvu/assert';
import { suite } from '../../support/suite.ts';
import { decodeEmvDate, decodeEmvTime } from '../../../emv/tlv/emv-date.ts';
import { fromHex } from '../../../emv/tlv/hex.ts';
import { assertEmvError } from '../assert-emv-error.ts';

const test = suite('emv/tlv/emv-date');

test('YYMMDD with the 50-year window', () => {
  assert.is(decodeEmvDate(fromHex('251231')), '2025-12-31');
  assert.is(decodeEmvDate(fromHex('491231')), '2049-12-31');
  assert.is(decodeEmvDate(fromHex('500101')), '1950-01-01');
  assert.is(decodeEmvDate(fromHex('240229')), '2024-02-29');
});

for (const bad of ['250229', '251301', '250001', '250100', '250431', '2512', '2512311F', '2A1231']) {
  test(`rejects date ${bad}`, () => assertEmvError(() => decodeEmvDate(fromHex(bad)), 'EMV_FORMAT_INVALID'));
}

test('HHMMSS', () => {
  assert.is(decodeEmvTime(fromHex('235959')), '23:59:59');
  assert.is(decodeEmvTime(fromHex('000000')), '00:00:00');
  assertEmvError(() => decodeEmvTime(fromHex('240000')), 'EMV_FORMAT_INVALID');
  assertEmvError(() => decodeEmvTime(fromHex('236000')), 'EMV_FORMAT_INVALID');
  assertEmvError(() => decodeEmvTime(fromHex('1200')), 'EMV_FORMAT_INVALID');
});

test.run();
