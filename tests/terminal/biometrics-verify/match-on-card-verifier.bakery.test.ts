/**
 * A bakery sale (terminal/services) with the real match-on-card verifier in place of a scripted one: cards issued
 * with their members' enrolled synthetic fingers, the simulated ISO scanner presenting the member's finger or a
 * stranger's, the gov card comparing on card with the minutiae matcher. Uses the services suites' bench
 * (`tests/terminal/services/service-fixture.ts`) as it is, with the counter devices replaced through its `config`.
 */
import * as assert from 'uvu/assert';
import { issueHousehold, type IssuedCard } from '../../../card/gov/issue-household.ts';
import { emptyUsage } from '../../../terminal/auth/usage.ts';
import { MatchOnCardVerifier } from '../../../terminal/biometrics-verify/match-on-card-verifier.ts';
import { createSimFingerprintScanner, type SimFingerprintScanner } from '../../../terminal/hal/sim/sim-fingerprint-scanner.ts';
import { CVM } from '../../../terminal/schemas/journal-record.ts';
import { sellBread } from '../../../terminal/services/bakery-sale.ts';
import type { TransactionResult } from '../../../terminal/services/transaction-types.ts';
import { suite } from '../../support/suite.ts';
import { ISSUE_DAY, scriptedPins, serviceBench, testIssuer, TODAY, type ScriptedPins, type ServiceBench } from '../services/service-fixture.ts';
import { eventLines, STRANGER } from './verify-bench.ts';

const test = suite('terminal/biometrics-verify/match-on-card-verifier (bakery sale)', { timeoutMs: 20_000 });

let bench: ServiceBench;
let scanner: SimFingerprintScanner;
let pins: ScriptedPins;
let card: IssuedCard;

test.before(async () => {
  [card] = issueHousehold(
    {
      householdId: Uint8Array.of(0x48, 0, 0, 0, 0, 0x0b, 0xba, 0x4e), rationCardNumber: '3000001', beneficiaries: 3, activations: {},
      members: [{ nationalId: '28601011234515', nameAr: 'رب الأسرة', nameEn: 'BAKERY HEAD', role: 'head', age: 50 }],
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

async function sale(loaves: number): Promise<TransactionResult> {
  bench.testbench.insertCard(card.card);
  try {
    return await sellBread(bench.runner, { loaves });
  } finally {
    bench.testbench.removeCard();
  }
}

test('the member\'s right finger: approved, fingerprint CVM on the receipt', async () => {
  scanner.script.present({ person: card.nationalId, finger: 2, quality: 60 });
  const r = await sale(5);
  assert.ok(r.ok, `expected APPROVED, got ${r.outcome}`);
  assert.equal([r.receipt.amount, r.receipt.cvm], [5, CVM.FINGERPRINT]);
  assert.equal(eventLines(r.verification), ['CVM_FINGERPRINT#1:match', 'CVM_VERIFIED:fingerprint']);
});

test('a stranger\'s finger ×3, then the PIN: approved with the PIN CVM', async () => {
  for (let i = 0; i < 3; i++) scanner.script.present({ person: STRANGER, impression: i });
  pins.queue.push('1234');
  const r = await sale(5);
  assert.ok(r.ok, `expected APPROVED, got ${r.outcome}`);
  assert.equal([r.receipt.amount, r.receipt.cvm], [5, CVM.PIN]);
  assert.equal(eventLines(r.verification), [
    'CVM_FINGERPRINT#1:no-match', 'CVM_FINGERPRINT#2:no-match', 'CVM_FINGERPRINT#3:no-match', 'CVM_PIN#1:correct', 'CVM_VERIFIED:pin',
  ]);
  assert.is(scanner.script.pending, 0);
  assert.is(pins.queue.length, 0);
});

test.run();
