/**
 * A card payment with an R30x/AS608 module over a real serial line (a socat pseudo-terminal pair, the simulated
 * module at the far end): the module gives its own vendor templates, which no card takes, so the finger CVM is
 * unavailable after one capture, with the capture policy's reason shown, no finger command reaches the card, and
 * the kernel moves to the card's next CV Rule, the PIN.
 */
import * as assert from 'uvu/assert';
import { SerialPort } from 'serialport';
import type { VerifierReason } from '../../../terminal/biometrics-verify/verifier-reasons.ts';
import { openCardSession, type CardSession } from '../../../terminal/card-session.ts';
import { CAPTURE_REASONS } from '../../../terminal/hal/fingerprint-capture-policy.ts';
import { createSimCardReader, type SimCardReader } from '../../../terminal/hal/sim/sim-card-reader.ts';
import { createSimR30xModule, type SimR30xModule } from '../../../terminal/hal/sim/sim-r30x-module.ts';
import { R30X_INSTRUCTION } from '../../../terminal/hal/uart/r30x-codes.ts';
import { R30xFingerprintScanner } from '../../../terminal/hal/uart/r30x-fingerprint-scanner.ts';
import type { SerialStream } from '../../../terminal/hal/uart/serial-stream.ts';
import { CardPaymentJournal } from '../../../terminal/payment/card-payment-journal.ts';
import { payByCard } from '../../../terminal/payment/pay-by-card.ts';
import { skipSuite } from '../../support/skip.ts';
import { suite } from '../../support/suite.ts';
import { scannerProfile } from '../hal/fingerprint-test-helpers.ts';
import { socatInstalled, startSocatPair, type SocatPair } from '../hal/uart/socat-pair.ts';
import { CARD_PIN, memoryJournal, paymentHolder, scriptedPinPad, testIssuer } from './payment-counter.ts';
import { TERMINAL } from './payment-scenarios.ts';

const NAME = 'terminal/payment/pay-by-card (R30x over pty)';
const test = suite(NAME, { timeoutMs: 20_000 });
const profile = scannerProfile('r30x-uart-scanner', { packetTimeoutMs: 500 });

let pair: SocatPair;
let far: SerialPort;
let module: SimR30xModule;
let scanner: R30xFingerprintScanner;
let reader: SimCardReader;
let session: CardSession;

test.before(async () => {
  pair = await startSocatPair();
  module = createSimR30xModule();
  far = await new Promise<SerialPort>((resolve, reject) => {
    const p = new SerialPort({ path: pair.b, baudRate: 57_600 }, (error) => (error ? reject(error) : resolve(p)));
  });
  module.attach(far as unknown as SerialStream);
  scanner = await R30xFingerprintScanner.openPath({ profile, path: pair.a, pollMs: 30 });
  reader = createSimCardReader({ readers: ['Counter 0'] });
});

test.after(async () => {
  await session?.close('unpower').catch(() => undefined);
  await reader?.close();
  await scanner?.close();
  if (far?.isOpen) await new Promise((resolve) => far.close(() => resolve(undefined)));
  await pair?.dispose();
});

test('the holder\'s right finger on the R30x: vendor template, so the PIN (CVM Results 41 03 02), the reason shown', async () => {
  const holder = paymentHolder(400);
  reader.insertCard('Counter 0', holder.card());
  session = openCardSession(await reader.connect('Counter 0'));
  module.script.present({ person: holder.nationalId, finger: 2 }, 50);
  const pins = scriptedPinPad();
  pins.queue.push(CARD_PIN);
  const shown: VerifierReason[] = [];
  const result = await payByCard({
    transceive: session.transceive, amountPiastres: 650, terminal: TERMINAL, issuer: testIssuer([holder]).host,
    journal: new CardPaymentJournal(await memoryJournal()), random: () => 0.99,
    devices: { scanner, pinEntry: pins, capture: { onReason: (r) => shown.push(r) }, timeoutMs: 3_000 },
  });
  assert.is(result.code, 'APPROVED', `${result.code}: ${result.emv.reason}`);
  assert.equal(shown, [CAPTURE_REASONS.FP_VENDOR_TEMPLATE], 'the capture policy\'s reason, in Arabic and English');
  assert.equal(result.fingerAttempts.map((a) => [a.outcome, a.captures, a.reason?.code]), [['unavailable', 1, 'FP_VENDOR_TEMPLATE']]);
  assert.is(Buffer.from(result.emv.cvmResults).toString('hex'), '410302');
  assert.ok((result.emv.tvr[1]! & 0x01) !== 0, 'TVR byte 2 b1: biometric template format not supported');
  assert.ok(module.received.includes(R30X_INSTRUCTION.UP_CHAR), 'the module sent its template up (UpChar)');
  assert.not.ok(session.exchanges.some((e) => e.capdu[1] === 0x84 || (e.capdu[1] === 0x20 && e.capdu[3] === 0x89)), 'no GET CHALLENGE, no finger VERIFY');
});

if (!socatInstalled()) {
  skipSuite(NAME, { reason: 'socat is not installed', fix: 'sudo apt-get install socat', requiredInCi: true });
} else {
  test.run();
}
