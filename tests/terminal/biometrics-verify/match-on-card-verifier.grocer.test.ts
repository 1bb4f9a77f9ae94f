/**
 * A grocer basket (terminal/services) with the real match-on-card verifier in place of a scripted one, as the
 * bakery suite beside it does for bread: the member's enrolled synthetic finger matched on the gov card by the
 * minutiae matcher, a stranger's finger refused three times then the PIN, and a low-quality capture asked again.
 */
import * as assert from 'uvu/assert';
import { issueHousehold, type IssuedCard } from '../../../card/gov/issue-household.ts';
import { emptyUsage } from '../../../terminal/auth/usage.ts';
import { MatchOnCardVerifier } from '../../../terminal/biometrics-verify/match-on-card-verifier.ts';
import { createSimFingerprintScanner, type SimFingerprintScanner } from '../../../terminal/hal/sim/sim-fingerprint-scanner.ts';
import { CVM } from '../../../terminal/schemas/journal-record.ts';
import { serveBasket } from '../../../terminal/services/grocer-basket.ts';
import type { TransactionResult } from '../../../terminal/services/transaction-types.ts';
import { suite } from '../../support/suite.ts';
import { ISSUE_DAY, scriptedPins, serviceBench, testIssuer, TODAY, type ScriptedPins, type ServiceBench } from '../services/service-fixture.ts';
import { eventLines, STRANGER } from './verify-bench.ts';

const test = suite('terminal/biometrics-verify/match-on-card-verifier (grocer basket)', { timeoutMs: 20_000 });
/** One each of items 1 and 3 of the example ration catalogue. */
const BASKET: Array<[number, number]> = [[1, 1], [3, 1]];

let bench: ServiceBench;
let scanner: SimFingerprintScanner;
let pins: ScriptedPins;
let card: IssuedCard;

test.before(async () => {
  [card] = issueHousehold(
    {
      householdId: Uint8Array.of(0x48, 0, 0, 0, 0, 0x0c, 0xba, 0x4e), rationCardNumber: '3000002', beneficiaries: 3, activations: {},
      members: [{ nationalId: '28601011234523', nameAr: 'ربة الأسرة', nameEn: 'GROCER HEAD', role: 'head', age: 47 }],
    },
    { issuer: testIssuer(), issuedOn: ISSUE_DAY, protocol: 'T=1' },
  ) as [IssuedCard];
  scanner = createSimFingerprintScanner();
  pins = scriptedPins();
  bench = await serviceBench({
    config: { devices: { fingerprint: (transceive) => new MatchOnCardVerifier({ scanner, transceive }), pinEntry: pins } },
  });
  bench.ledger.setHousehold(card.certificate.subject.householdId, { usage: emptyUsage(TODAY - 1), entitledCards: 1, switched: true });
});

test.after(async () => {
  await bench?.close();
  await scanner?.close();
});

async function basket(): Promise<TransactionResult> {
  bench.testbench.insertCard(card.card);
  try {
    return await serveBasket(bench.runner, { lines: BASKET, points: 'none' });
  } finally {
    bench.testbench.removeCard();
  }
}

test('the member\'s right finger: basket approved, fingerprint CVM', async () => {
  scanner.script.present({ person: card.nationalId, finger: 2, quality: 60 });
  const r = await basket();
  assert.ok(r.ok, `expected APPROVED, got ${r.outcome}`);
  assert.is(r.receipt.cvm, CVM.FINGERPRINT);
  assert.ok(r.receipt.amount > 0, 'the basket was paid from the month\'s ration balance');
  assert.equal(eventLines(r.verification), ['CVM_FINGERPRINT#1:match', 'CVM_VERIFIED:fingerprint']);
});

test('a low-quality capture is asked again (no card try spent), then the right finger matches', async () => {
  scanner.script.present({ person: card.nationalId, finger: 2, quality: 10 });
  scanner.script.present({ person: card.nationalId, finger: 2, quality: 70 });
  const r = await basket();
  assert.ok(r.ok, `expected APPROVED, got ${r.outcome}`);
  assert.is(r.receipt.cvm, CVM.FINGERPRINT);
  assert.is(scanner.script.pending, 0, 'both captures were taken');
  assert.equal(eventLines(r.verification), ['CVM_FINGERPRINT#1:match', 'CVM_VERIFIED:fingerprint']);
});

test('a stranger\'s finger ×3, then the PIN: basket approved with the PIN CVM', async () => {
  for (let i = 0; i < 3; i++) scanner.script.present({ person: STRANGER, impression: i });
  pins.queue.push('1234');
  const r = await basket();
  assert.ok(r.ok, `expected APPROVED, got ${r.outcome}`);
  assert.is(r.receipt.cvm, CVM.PIN);
  assert.equal(eventLines(r.verification), [
    'CVM_FINGERPRINT#1:no-match', 'CVM_FINGERPRINT#2:no-match', 'CVM_FINGERPRINT#3:no-match', 'CVM_PIN#1:correct', 'CVM_VERIFIED:pin',
  ]);
  assert.is(pins.queue.length, 0);
});

test.run();
