import * as assert from 'uvu/assert';
import { suite } from '../../support/suite.ts';
import { isoDay } from '../../../terminal/auth/calendar.ts';
import { bakeryDayRegister, bakeryRegisterText, decodeBakeryRegister, encodeBakeryRegister } from '../../../terminal/auth/bakery-day-register.ts';
import { DEFAULT_PARAMETERS } from '../../../terminal/auth/parameters.ts';

const test = suite('terminal/auth/bakery-day-register', { timeoutMs: 5000 });
const DAY = isoDay('2025-03-15');
// Local time in Egypt is UTC+2: 05:30 local is 03:30 UTC.
const at = (hh: number, mm: number): number => DAY * 86_400 + (hh * 60 + mm - 120) * 60;

const input = {
  terminalId: 4711, day: DAY, utcOffsetMinutes: 120, flourDeliveredGrams: 652_500, loafGrams: DEFAULT_PARAMETERS.bread.loafGrams,
  openingStockLoaves: 40, closingStockLoaves: 30,
  sales: [
    { time: at(5, 30), loaves: 20 }, { time: at(5, 59), loaves: 15 }, { time: at(6, 0), loaves: 40 },
    { time: at(16, 59), loaves: 5 }, { time: at(0, 10), loaves: 10 }, { time: at(-1, 0), loaves: 99 },
  ],
};

test('figures: yield at 90 g, sold per local hour, discrepancy', () => {
  const r = bakeryDayRegister(input);
  assert.is(r.expectedFromFlour, 7250);
  assert.is(r.soldPerHour[5], 35);
  assert.is(r.soldPerHour[6], 40);
  assert.is(r.soldPerHour[16], 5);
  assert.is(r.soldPerHour[0], 10);
  assert.is(r.soldTotal, 90);
  assert.is(r.transactions, 5);
  assert.is(r.otherDaySales, 1);
  assert.is(r.expectedClosing, 40 + 7250 - 90);
  assert.is(r.discrepancy, 30 - 7200);
});

test('the yield is a parameter', () => {
  assert.is(bakeryDayRegister({ ...input, loafGrams: 100 }).expectedFromFlour, 6525);
});

test('printable form: Arabic right to left, then English', () => {
  const text = bakeryRegisterText(bakeryDayRegister(input));
  const [ar, en] = text.split('\n\n');
  assert.ok(ar!.split('\n').every((line) => line.startsWith('\u200f')));
  assert.match(ar!, /الفرق: -7170 رغيف/);
  assert.match(en!, /Flour delivered: 652\.500 kg \(90 g a loaf\) = 7250 loaves/);
  assert.match(en!, /05:00-06:00: 35 loaves/);
  assert.match(en!, /Discrepancy: -7170 loaves/);
  assert.match(en!, /Sales from another day not counted: 1/);
});

test('CBOR form round-trips and is deterministic', () => {
  const r = bakeryDayRegister(input);
  const bytes = encodeBakeryRegister(r);
  assert.equal(decodeBakeryRegister(bytes), r);
  assert.equal(encodeBakeryRegister(decodeBakeryRegister(bytes)), bytes);
});

test('refuses bad figures and bad bytes', () => {
  assert.throws(() => bakeryDayRegister({ ...input, closingStockLoaves: -1 }), /closingStockLoaves/);
  assert.throws(() => bakeryDayRegister({ ...input, openingStockLoaves: -1 }), (e: Error) => (e as { code?: string }).code === 'TERM_REGISTER_INVALID');
  assert.throws(() => bakeryDayRegister({ ...input, loafGrams: 0 }), /loafGrams/);
  assert.throws(() => bakeryDayRegister({ ...input, sales: [{ time: at(6, 0), loaves: 1.5 }] }), /sales\[0\]/);
  const bytes = encodeBakeryRegister(bakeryDayRegister(input));
  assert.throws(() => decodeBakeryRegister(bytes.subarray(0, bytes.length - 1)));
  const wrongVersion = bytes.slice();
  wrongVersion[1] = 2;
  assert.throws(() => decodeBakeryRegister(wrongVersion), /version 1/);
});

test.run();
