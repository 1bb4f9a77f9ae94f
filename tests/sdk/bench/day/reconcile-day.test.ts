/** The day's payment reconciliation by identity: missing, held twice, journaled twice, held by the ledger alone; CVM names. */
import * as assert from 'uvu/assert';
import { paymentCvmOf, paymentsInLedger, pickPayments, samePaymentTotals, type PaymentTotals } from '../../../../sdk/bench/day/reconcile-day.ts';
import { suite } from '../../../support/suite.ts';

const test = suite('sdk/bench/day/reconcile-day');

test('each approved payment of the journal at the ledger exactly once, by identity not by seq', () => {
  const j = [{ seq: 3, key: 'a' }, { seq: 5, key: 'b' }, { seq: 8, key: 'c' }];
  assert.equal(paymentsInLedger(j, [{ seq: 3, key: 'a' }, { seq: 5, key: 'b' }, { seq: 8, key: 'c' }]), { missing: [], duplicated: [], unexpected: [] });
  assert.equal(paymentsInLedger(j, [{ seq: 3, key: 'a' }, { seq: 8, key: 'c' }]), { missing: [5], duplicated: [], unexpected: [] });
  assert.equal(paymentsInLedger(j, [{ seq: 3, key: 'a' }, { seq: 5, key: 'b' }, { seq: 8, key: 'c' }, { seq: 9, key: 'b' }]), { missing: [], duplicated: [5], unexpected: [] }, 'held twice');
  // One payment journaled under two seqs (a double approval of one cryptogram) is a duplicate even if both are held.
  const twice = [...j, { seq: 9, key: 'b' }];
  assert.equal(paymentsInLedger(twice, twice), { missing: [], duplicated: [5, 9], unexpected: [] });
  assert.equal(paymentsInLedger(j, [...j, { seq: 10, key: 'z' }]).unexpected, [10]);
});

test('totals compare counts, values, the online split and the CVM split', () => {
  const t: PaymentTotals = { approved: { count: 2, value: 900, online: 1, offline: 1, cvm: { pin: 1, 'finger-on-card': 1 } }, declined: { count: 0, value: 0 } };
  assert.ok(samePaymentTotals(t, { ...t, approved: { ...t.approved, cvm: { 'finger-on-card': 1, pin: 1 } } }), 'key order does not matter');
  assert.not.ok(samePaymentTotals(t, { ...t, approved: { ...t.approved, online: 2, offline: 0 } }));
  assert.not.ok(samePaymentTotals(t, { ...t, approved: { ...t.approved, cvm: { pin: 2 } } }));
  assert.not.ok(samePaymentTotals(t, { ...t, declined: { count: 1, value: 10 } }));
  assert.equal(Object.keys(pickPayments(t).approved.cvm), ['finger-on-card', 'pin']);
});

test('CVM Results byte 1 names the cardholder verification', () => {
  assert.is(paymentCvmOf(Uint8Array.of(0x48, 0x03, 0x02)), 'finger-on-card');
  assert.is(paymentCvmOf(Uint8Array.of(0x41, 0x03, 0x02)), 'pin');
  assert.is(paymentCvmOf(Uint8Array.of(0x09, 0x03, 0x00)), 'finger-online');
  assert.is(paymentCvmOf(Uint8Array.of(0x1f, 0x03, 0x02)), 'none');
  assert.is(paymentCvmOf(Uint8Array.of(0x3f, 0x00, 0x01)), 'other');
});

test.run();
