/**
 * A grocer basket (terminal/services) with the real match-on-card verifier in place of a scripted one, as the
 * bakery suite beside it does for bread: the member's enrolled synthetic finger matched on the gov card by the
 * minutiae matcher, a stranger's finger refused three times then the PIN, and a low-quality capture asked again.
 */
import * as assert from 'uvu/assert';
import { CVM } from '../../../terminal/schemas/journal-record.ts';
import { serveBasket } from '../../../terminal/services/grocer-basket.ts';
import type { TransactionResult } from '../../../terminal/services/transaction-types.ts';
import { suite } from '../../support/suite.ts';
import { serviceCounter, type ServiceCounter } from './service-counter.ts';
import { eventLines, STRANGER } from './verify-bench.ts';

const test = suite('terminal/biometrics-verify/match-on-card-verifier (grocer basket)', { timeoutMs: 20_000 });
/** One each of items 1 and 3 of the example ration catalogue. */
const BASKET: Array<[number, number]> = [[1, 1], [3, 1]];

let counter: ServiceCounter;

test.before(async () => {
  counter = await serviceCounter(0x0c, { nationalId: '28601011234523', nameEn: 'GROCER HEAD' });
});

test.after(async () => {
  await counter?.close();
});

async function basket(): Promise<TransactionResult> {
  counter.bench.testbench.insertCard(counter.card.card);
  try {
    return await serveBasket(counter.bench.runner, { lines: BASKET, points: 'none' });
  } finally {
    counter.bench.testbench.removeCard();
  }
}

test('the member\'s right finger: basket approved, fingerprint CVM', async () => {
  counter.scanner.script.present({ person: counter.card.nationalId, finger: 2, quality: 60 });
  const r = await basket();
  assert.ok(r.ok, `expected APPROVED, got ${r.outcome}`);
  assert.is(r.receipt.cvm, CVM.FINGERPRINT);
  assert.ok(r.receipt.amount > 0, 'the basket was paid from the month\'s ration balance');
  assert.equal(eventLines(r.verification), ['CVM_FINGERPRINT#1:match', 'CVM_VERIFIED:fingerprint']);
});

test('a low-quality capture is asked again (no card try spent), then the right finger matches', async () => {
  counter.scanner.script.present({ person: counter.card.nationalId, finger: 2, quality: 10 });
  counter.scanner.script.present({ person: counter.card.nationalId, finger: 2, quality: 70 });
  const r = await basket();
  assert.ok(r.ok, `expected APPROVED, got ${r.outcome}`);
  assert.is(r.receipt.cvm, CVM.FINGERPRINT);
  assert.is(counter.scanner.script.pending, 0, 'both captures were taken');
  assert.equal(eventLines(r.verification), ['CVM_FINGERPRINT#1:match', 'CVM_VERIFIED:fingerprint']);
});

test('a stranger\'s finger ×3, then the PIN: basket approved with the PIN CVM', async () => {
  for (let i = 0; i < 3; i++) counter.scanner.script.present({ person: STRANGER, impression: i });
  counter.pins.queue.push('1234');
  const r = await basket();
  assert.ok(r.ok, `expected APPROVED, got ${r.outcome}`);
  assert.is(r.receipt.cvm, CVM.PIN);
  assert.equal(eventLines(r.verification), [
    'CVM_FINGERPRINT#1:no-match', 'CVM_FINGERPRINT#2:no-match', 'CVM_FINGERPRINT#3:no-match', 'CVM_PIN#1:correct', 'CVM_VERIFIED:pin',
  ]);
  assert.is(counter.pins.queue.length, 0);
});

test.run();
