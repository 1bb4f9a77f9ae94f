/**
 * Card payments in process: the government card with KARTPAY in the sim reader, the real kernel, the real
 * EmvFingerVerifier with the simulated scanner, the reference issuer host, an in-memory journal. The scenarios are
 * in payment-scenarios.ts (the real-stack suite runs the same list over pcscd and vpcd).
 */
import { openCardSession, type CardSession } from '../../../terminal/card-session.ts';
import { createSimCardReader, type SimCardReader } from '../../../terminal/hal/sim/sim-card-reader.ts';
import { createSimFingerprintScanner, type SimFingerprintScanner } from '../../../terminal/hal/sim/sim-fingerprint-scanner.ts';
import { suite } from '../../support/suite.ts';
import { paymentScenarios, type ScenarioBench } from './payment-scenarios.ts';

const test = suite('terminal/payment/pay-by-card (in process)', { timeoutMs: 20_000 });
const READER = 'Counter 0';
let reader: SimCardReader;
let scanner: SimFingerprintScanner;
let session: CardSession | undefined;

const bench: ScenarioBench = {
  base: 100,
  slot: {
    async insert(card) {
      reader.insertCard(READER, card);
      session = openCardSession(await reader.connect(READER));
      return session;
    },
    async remove() {
      await session?.close('unpower');
      session = undefined;
      reader.removeCard(READER);
    },
  },
  scanner: {
    get scanner() {
      return scanner;
    },
    present: (person, o = {}) => scanner.script.present({ person, finger: 2, quality: o.quality ?? 80, impression: o.impression ?? 0 }),
    lowQuality: () => scanner.script.push({ kind: 'rejected', reason: 'low-quality', quality: 10 }),
    close: () => scanner.close(),
  },
};

test.before.each(() => {
  reader = createSimCardReader({ readers: [READER] });
  scanner = createSimFingerprintScanner();
});
test.after.each(async () => {
  await session?.close('unpower').catch(() => undefined);
  session = undefined;
  await scanner.close();
  await reader.close();
});

paymentScenarios(test, () => bench);

test.run();
