/**
 * Match on card with an R30x/AS608 module over a real serial line (a socat pseudo-terminal pair, the simulated
 * module at the far end): the module yields its own vendor templates, which no card can compare, so the verifier
 * sends the person to the PIN with the capture policy's reason, after one capture and without any probe to the card.
 */
import * as assert from 'uvu/assert';
import { SerialPort } from 'serialport';
import type { IssuedCard } from '../../../card/gov/issue-household.ts';
import { MatchOnCardVerifier } from '../../../terminal/biometrics-verify/match-on-card-verifier.ts';
import type { VerifierReason } from '../../../terminal/biometrics-verify/verifier-reasons.ts';
import { CAPTURE_REASONS } from '../../../terminal/hal/fingerprint-capture-policy.ts';
import { createSimR30xModule, type SimR30xModule } from '../../../terminal/hal/sim/sim-r30x-module.ts';
import { R30X_INSTRUCTION } from '../../../terminal/hal/uart/r30x-codes.ts';
import { R30xFingerprintScanner } from '../../../terminal/hal/uart/r30x-fingerprint-scanner.ts';
import type { SerialStream } from '../../../terminal/hal/uart/serial-stream.ts';
import { skipSuite } from '../../support/skip.ts';
import { suite } from '../../support/suite.ts';
import { scannerProfile } from '../hal/fingerprint-test-helpers.ts';
import { socatInstalled, startSocatPair, type SocatPair } from '../hal/uart/socat-pair.ts';
import { cardAtCounter, eventLines, household, runVerification, type CardAtCounter } from './verify-bench.ts';

const NAME = 'terminal/biometrics-verify/match-on-card-verifier (R30x over pty)';
const test = suite(NAME, { timeoutMs: 15_000 });
const profile = scannerProfile('r30x-uart-scanner', { packetTimeoutMs: 500 });

let cards: IssuedCard[];
let pair: SocatPair;
let far: SerialPort;
let module: SimR30xModule;
let scanner: R30xFingerprintScanner;
let counter: CardAtCounter;

test.before(async () => {
  cards = household();
  pair = await startSocatPair();
  module = createSimR30xModule();
  far = await new Promise<SerialPort>((resolve, reject) => {
    const p = new SerialPort({ path: pair.b, baudRate: 57_600 }, (error) => (error ? reject(error) : resolve(p)));
  });
  module.attach(far as unknown as SerialStream);
  scanner = await R30xFingerprintScanner.openPath({ profile, path: pair.a, pollMs: 30 });
  counter = await cardAtCounter(cards[0]!);
});

test.after(async () => {
  await counter?.close();
  await scanner?.close();
  if (far?.isOpen) await new Promise((resolve) => far.close(() => resolve(undefined)));
  await pair?.dispose();
});

test('the member\'s right finger on the R30x: vendor template, so the PIN, with the reason shown', async () => {
  module.script.present({ person: cards[0]!.nationalId, finger: 2 }, 50);
  const shown: VerifierReason[] = [];
  const verifier = new MatchOnCardVerifier({ scanner, transceive: counter.session.transceive, onReason: (r) => shown.push(r) });
  const { state, events } = await runVerification(counter.session, verifier, ['1234']);
  assert.equal(eventLines(events), ['CVM_FINGERPRINT#1:error', 'CVM_PIN#1:correct', 'CVM_VERIFIED:pin']);
  assert.equal(state.step === 'verified' && state.result.method, 'pin');
  assert.equal(shown, [CAPTURE_REASONS.FP_VENDOR_TEMPLATE], 'the capture policy\'s reason, in Arabic and English');
  assert.ok(module.received.includes(R30X_INSTRUCTION.UP_CHAR), 'the module sent its template up (UpChar)');
  const verifies = counter.session.exchanges.filter((e) => e.capdu[1] === 0x21);
  assert.equal(verifies.map((e) => e.capdu.length), [4], 'the biometric status only, never a vendor template to the card');
});

if (!socatInstalled()) {
  skipSuite(NAME, { reason: 'socat is not installed', fix: 'sudo apt-get install socat', requiredInCi: true });
} else {
  test.run();
}
