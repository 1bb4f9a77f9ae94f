import * as assert from 'uvu/assert';
import { detectClockSkew } from '../../../terminal/auth/clock-skew.ts';
import type { ClockSkewRecord } from '../../../terminal/auth/clock-skew.ts';
import { isoDay } from '../../../terminal/auth/calendar.ts';
import { suite } from '../../support/suite.ts';

const test = suite('terminal/auth/clock-skew');
const DAY = isoDay('2025-03-15');
const CARD = Uint8Array.of(0x50, 1, 2, 3, 4, 5, 6, 7);
let seq = 0;
const rec = (cardDay: number, referenceTime: number, utcOffsetMinutes = 120): ClockSkewRecord => ({
  terminalId: 9, terminalSeq: ++seq, cardId: CARD, cardDay, referenceTime, utcOffsetMinutes,
});
const noon = (day: number): number => day * 86_400 + 12 * 3600;

test('a card date more than the tolerance ahead of the trusted time is flagged with how far ahead', () => {
  const flags = detectClockSkew([rec(DAY, noon(DAY)), rec(DAY + 1, noon(DAY)), rec(DAY + 2, noon(DAY)), rec(DAY + 40, noon(DAY))]);
  assert.equal(flags.map((f) => [f.code, f.daysAhead, f.referenceDay]), [['CARD_DATE_AHEAD', 2, DAY], ['CARD_DATE_AHEAD', 40, DAY]]);
  assert.equal(flags[0]!.cardId, CARD);
  assert.equal(detectClockSkew([rec(DAY + 2, noon(DAY))], { toleranceDays: 2 }), [], 'tolerance');
  assert.is(detectClockSkew([rec(DAY + 1, noon(DAY))], { toleranceDays: 0 }).length, 1, 'strict');
});

test('dates behind the reference (a late batch) are never flagged; the local day counts', () => {
  assert.equal(detectClockSkew([rec(DAY - 30, noon(DAY))]), []);
  // 23:30 UTC on DAY is 01:30 on DAY + 1 in Cairo (UTC+2): a card date of DAY + 2 is one local day ahead.
  const lateEvening = DAY * 86_400 + 23.5 * 3600;
  assert.equal(detectClockSkew([rec(DAY + 2, lateEvening, 120)]), []);
  assert.is(detectClockSkew([rec(DAY + 2, lateEvening, 0)]).length, 1, 'in UTC it is two days ahead');
  assert.throws(() => detectClockSkew([], { toleranceDays: -1 }), /non-negative/);
});

test.run();
