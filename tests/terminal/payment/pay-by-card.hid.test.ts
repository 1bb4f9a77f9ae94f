/**
 * The card payment scenarios in process with the generic HID scanner driver (the simulated HID device presents the
 * holder's synthetic finger; the driver reassembles the ISO record from its reports) and the sim reader.
 */
import * as assert from 'uvu/assert';
import { openCardSession, type CardSession } from '../../../terminal/card-session.ts';
import { createSimCardReader, type SimCardReader } from '../../../terminal/hal/sim/sim-card-reader.ts';
import { suite } from '../../support/suite.ts';
import { hidScanner } from './hid-scanner.ts';
import { paymentScenarios, type ScenarioBench } from './payment-scenarios.ts';

const test = suite('terminal/payment/pay-by-card (HID scanner, in process)', { timeoutMs: 20_000 });
const READER = 'Counter 0';
let reader: SimCardReader;
let session: CardSession | undefined;
let scanner: Awaited<ReturnType<typeof hidScanner>>;

const bench = {
  base: 200,
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
  get scanner() {
    return scanner;
  },
} as ScenarioBench;

test.before.each(async () => {
  reader = createSimCardReader({ readers: [READER] });
  scanner = await hidScanner();
});
test.after.each(async () => {
  await session?.close('unpower').catch(() => undefined);
  session = undefined;
  await scanner.close();
  await reader.close();
  assert.ok(scanner.idle(), 'the simulated HID device still has timers running');
});

paymentScenarios(test, () => bench);

test.run();
