/**
 * A bakery sale (terminal/services) with the real match-on-card verifier in place of a scripted one: cards issued
 * with their members' enrolled synthetic fingers, the simulated ISO scanner presenting the member's finger or a
 * stranger's, the gov card comparing on card with the minutiae matcher. Uses the services suites' bench
 * (`tests/terminal/services/service-fixture.ts`) as it is, with the counter devices replaced through its `config`.
 */
import * as assert from 'uvu/assert';
import { CVM } from '../../../terminal/schemas/journal-record.ts';
import { sellBread } from '../../../terminal/services/bakery-sale.ts';
import type { TransactionResult } from '../../../terminal/services/transaction-types.ts';
import { suite } from '../../support/suite.ts';
import { serviceCounter, type ServiceCounter } from './service-counter.ts';
import { eventLines, STRANGER } from './verify-bench.ts';

const test = suite('terminal/biometrics-verify/match-on-card-verifier (bakery sale)', { timeoutMs: 20_000 });

let counter: ServiceCounter;

test.before(async () => {
  counter = await serviceCounter(0x0b, { nationalId: '28601011234515', nameEn: 'BAKERY HEAD' });
});

test.after(async () => {
  await counter?.close();
});

async function sale(loaves: number): Promise<TransactionResult> {
  counter.bench.testbench.insertCard(counter.card.card);
  try {
    return await sellBread(counter.bench.runner, { loaves });
  } finally {
    counter.bench.testbench.removeCard();
  }
}

test('the member\'s right finger: approved, fingerprint CVM on the receipt', async () => {
  counter.scanner.script.present({ person: counter.card.nationalId, finger: 2, quality: 60 });
  const r = await sale(5);
  assert.ok(r.ok, `expected APPROVED, got ${r.outcome}`);
  assert.equal([r.receipt.amount, r.receipt.cvm], [5, CVM.FINGERPRINT]);
  assert.equal(eventLines(r.verification), ['CVM_FINGERPRINT#1:match', 'CVM_VERIFIED:fingerprint']);
});

test('a stranger\'s finger ×3, then the PIN: approved with the PIN CVM', async () => {
  for (let i = 0; i < 3; i++) counter.scanner.script.present({ person: STRANGER, impression: i });
  counter.pins.queue.push('1234');
  const r = await sale(5);
  assert.ok(r.ok, `expected APPROVED, got ${r.outcome}`);
  assert.equal([r.receipt.amount, r.receipt.cvm], [5, CVM.PIN]);
  assert.equal(eventLines(r.verification), [
    'CVM_FINGERPRINT#1:no-match', 'CVM_FINGERPRINT#2:no-match', 'CVM_FINGERPRINT#3:no-match', 'CVM_PIN#1:correct', 'CVM_VERIFIED:pin',
  ]);
  assert.is(counter.scanner.script.pending, 0);
  assert.is(counter.pins.queue.length, 0);
});

test.run();
