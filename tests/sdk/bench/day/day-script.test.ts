/** The seeded bakery day script: the same options give the same day; counts, times, asks and faults in range. */
import * as assert from 'uvu/assert';
import { dayScript, LOAVES_PER_BENEFICIARY, PAYMENT_PULL_MAX_APDUS } from '../../../../sdk/bench/day/day-script.ts';
import { suite } from '../../../support/suite.ts';

const test = suite('sdk/bench/day/day-script', { timeoutMs: 30_000 });

test('the same options give the same day; another seed another', () => {
  const a = dayScript({ customers: 200, households: 20, seed: 42, faults: true });
  assert.equal(dayScript({ customers: 200, households: 20, seed: 42, faults: true }), a);
  assert.not.equal(dayScript({ customers: 200, households: 20, seed: 43, faults: true }).visits, a.visits);
});

test('households, visits and asks are in range, in the day\'s order, with a morning rush', () => {
  const s = dayScript({ customers: 2000, households: 50, seed: 9, faults: false });
  assert.is(s.households.length, 50);
  assert.is(s.visits.length, 2000);
  assert.is(s.faults, undefined);
  assert.ok(s.visits.every((v) => v.pullCardAfterApdus === undefined), 'no faults without --faults');
  for (const h of s.households) assert.ok(h.beneficiaries >= 1 && h.beneficiaries <= 6 && h.members >= 1 && h.members <= h.beneficiaries, JSON.stringify(h));
  assert.ok(new Set(s.households.map((h) => h.beneficiaries)).size >= 5, 'household sizes vary');
  s.visits.forEach((v, i) => {
    assert.ok(v.minute >= 5 * 60 && v.minute <= 17 * 60, `visit ${i} at minute ${v.minute}`);
    if (i > 0) assert.ok(v.minute >= s.visits[i - 1]!.minute, 'in order');
    assert.ok(v.loaves >= 1 && v.loaves <= 15, `visit ${i} asks ${v.loaves}`);
    assert.ok(v.member < s.households[v.household]!.members);
  });
  const rush = s.visits.filter((v) => v.minute >= 6 * 60 && v.minute < 9 * 60).length;
  assert.ok(rush > 0.55 * s.visits.length, `06:00–09:00 holds ${rush} of 2000 (a quarter of the hours)`);
  const pin = s.visits.filter((v) => v.finger === 'wrong-then-pin').length;
  assert.ok(pin > 0.05 * 2000 && pin < 0.3 * 2000, `${pin} wrong-finger visits: some, not most`);
  // Over-share asks are beyond what the script's own household accounting left; the others fit in it.
  const left = s.households.map((h) => h.beneficiaries * LOAVES_PER_BENEFICIARY);
  let over = 0;
  for (const v of s.visits) {
    if (v.overShare) {
      over++;
      assert.ok(v.loaves > left[v.household]!, 'an over-share ask exceeds what is left');
    } else {
      assert.ok(v.loaves <= left[v.household]!, 'a fitting ask fits');
      left[v.household]! -= v.loaves;
    }
  }
  assert.ok(over > 0, 'some asks go beyond the share');
});

test('faults: one card pulled mid-sale, an outage that ends, a power cut at or after it', () => {
  for (const [customers, seed] of [[1, 1], [2, 5], [12, 7], [100, 3]] as const) {
    const s = dayScript({ customers, households: 3, seed, faults: true });
    const f = s.faults!;
    assert.ok(f, 'faults planned');
    const pulled = s.visits.filter((v) => v.pullCardAfterApdus !== undefined);
    assert.is(pulled.length, 1);
    assert.ok(pulled[0]!.pullCardAfterApdus! >= 2 && pulled[0]!.pullCardAfterApdus! <= 9);
    assert.ok(f.ledgerOutage.from >= 0 && f.ledgerOutage.from < f.ledgerOutage.to && f.ledgerOutage.to <= customers, JSON.stringify(f));
    assert.ok(f.powerCutBefore >= f.ledgerOutage.to && f.powerCutBefore <= customers, JSON.stringify(f));
  }
});

test('the bakery figures: flour for about the loaves asked, some opening stock', () => {
  const s = dayScript({ customers: 50, households: 10, seed: 2, faults: false });
  const asked = s.visits.reduce((sum, v) => sum + v.loaves, 0);
  assert.ok(s.flourDeliveredGrams >= asked * 90 && s.flourDeliveredGrams <= asked * 90 * 1.2, `${s.flourDeliveredGrams} g for ${asked} loaves`);
  assert.ok(s.openingStockLoaves >= 20 && s.openingStockLoaves <= 120);
  assert.ok(s.shrinkageLoaves >= 0 && s.shrinkageLoaves <= 3);
});

test('payments: a seeded share of visits, the bread day of the seed unchanged, amounts and fingers in range', () => {
  const without = dayScript({ customers: 1000, households: 40, seed: 5, faults: false });
  const s = dayScript({ customers: 1000, households: 40, seed: 5, faults: false, payments: 0.3 });
  assert.equal(s.visits.map(({ payment: _, ...v }) => v), without.visits, 'the same bread visits');
  assert.equal(s.households, without.households);
  assert.ok(without.visits.every((v) => v.payment === undefined), 'no payments by default');
  const paying = s.visits.filter((v) => v.payment);
  assert.ok(paying.length > 240 && paying.length < 360, `${paying.length} of 1000 pay (share 0.3)`);
  for (const v of paying) {
    const p = v.payment!;
    assert.ok(Number.isSafeInteger(p.amountPiastres) && p.amountPiastres >= 250 && p.amountPiastres <= 15_000, `${p.amountPiastres}`);
    assert.ok(p.selection >= 0 && p.selection < 1);
    assert.is(p.pullCardAfterApdus, undefined, 'no pulled card without faults');
  }
  const pin = paying.filter((v) => v.payment!.finger === 'wrong-then-pin').length;
  assert.ok(pin > 0.05 * paying.length && pin < 0.3 * paying.length, `${pin} of ${paying.length} payments by PIN after wrong fingers`);
  assert.equal(dayScript({ customers: 1000, households: 40, seed: 5, faults: false, payments: 0.3 }), s, 'seeded');
});

test('payments with faults: one card pulled mid-payment, and the visit before the power cut pays', () => {
  for (const [customers, seed] of [[1, 1], [2, 5], [12, 7], [100, 3]] as const) {
    const s = dayScript({ customers, households: 3, seed, faults: true, payments: 0.2 });
    const pulled = s.visits.filter((v) => v.payment?.pullCardAfterApdus !== undefined);
    assert.is(pulled.length, 1);
    const k = pulled[0]!.payment!.pullCardAfterApdus!;
    assert.ok(k >= 2 && k <= PAYMENT_PULL_MAX_APDUS, `pulled after ${k}`);
    const beforeCut = s.faults!.powerCutBefore - 1;
    if (beforeCut >= 0) assert.ok(s.visits[beforeCut]!.payment, `visit ${beforeCut} before the cut pays`);
    // The bread faults are those of the same seed without payments.
    assert.equal(s.faults, dayScript({ customers, households: 3, seed, faults: true }).faults);
  }
});

test('counts out of range are refused', () => {
  assert.throws(() => dayScript({ customers: 1, households: 1, seed: 1, faults: false, payments: 1.5 }), RangeError);
  assert.throws(() => dayScript({ customers: 1, households: 1, seed: 1, faults: false, payments: Number.NaN }), RangeError);
  assert.throws(() => dayScript({ customers: 0, households: 1, seed: 1, faults: false }), RangeError);
  assert.throws(() => dayScript({ customers: 1, households: 0, seed: 1, faults: false }), RangeError);
  assert.throws(() => dayScript({ customers: 1.5, households: 1, seed: 1, faults: false }), RangeError);
});

test.run();
