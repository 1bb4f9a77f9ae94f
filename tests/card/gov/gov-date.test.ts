import * as assert from 'uvu/assert';
import {
  dateToDay, daysInMonth, dayToDate, dayToIso, dayToYymmdd, firstDayOfMonth, isoToDay, lastDayOfYears, monthOfDay, yymmddToDay,
} from '../../../card/gov/gov-date.ts';
import { suite } from '../../support/suite.ts';

const test = suite('card/gov/gov-date');

test('day numbers, months and calendar dates', () => {
  assert.is(isoToDay('1970-01-01'), 0);
  assert.is(isoToDay('2026-03-10'), 20522);
  assert.is(dayToIso(20522), '2026-03-10');
  assert.equal(dayToDate(20522), { year: 2026, month: 3, day: 10 });
  assert.is(dateToDay(2026, 2, 29), undefined);
  assert.is(isoToDay('2026-13-01'), undefined);
  assert.is(isoToDay('10-03-2026'), undefined);
  assert.is(monthOfDay(20522), 2026 * 12 + 2);
  assert.is(dayToIso(firstDayOfMonth(2026 * 12 + 2)), '2026-03-01');
  assert.equal([2, 3, 4].map((m) => daysInMonth(2028 * 12 + m - 1)), [29, 31, 30]);
  assert.is(dayToIso(lastDayOfYears(isoToDay('2026-03-10')!, 3)), '2029-03-09');
});

test('YYMMDD in BCD both ways; malformed or impossible dates refused', () => {
  assert.equal(dayToYymmdd(isoToDay('2026-03-10')!), Uint8Array.of(0x26, 0x03, 0x10));
  assert.is(yymmddToDay(Uint8Array.of(0x26, 0x03, 0x10)), isoToDay('2026-03-10'));
  assert.is(yymmddToDay(Uint8Array.of(0x26, 0x02, 0x30)), undefined);
  assert.is(yymmddToDay(Uint8Array.of(0x26, 0x0a, 0x01)), undefined);
  assert.is(yymmddToDay(Uint8Array.of(0x26, 0x03)), undefined);
  assert.throws(() => dayToYymmdd(isoToDay('2100-01-01')!), RangeError);
});

test.run();
