/**
 * The card payment scenarios through the REAL PC/SC stack: pcsclite → a private pcscd → vpcd → the vpcd bridge →
 * the card OS of the government card with KARTPAY, with the generic HID scanner driver over the simulated HID
 * device. Same scenarios as in process (payment-scenarios.ts). Skipped (and failed in CI) without pcscd and vpcd.
 */
import { skipSuite } from '../../support/skip.ts';
import { realStackStatus } from '../../support/real-stack.ts';
import { suite } from '../../support/suite.ts';
import type { VpcdBridge } from '../../../card/vpcd-bridge.ts';
import type { PrivatePcscd } from '../../../sdk/testbench/private-pcscd.ts';
import { openCardSession, type CardSession } from '../../../terminal/card-session.ts';
import type { CardReader } from '../../../terminal/hal/card-reader.ts';
import { hidScanner } from './hid-scanner.ts';
import { paymentScenarios, type ScenarioBench } from './payment-scenarios.ts';

const NAME = 'terminal/payment/pay-by-card (real stack)';
const test = suite(NAME, { timeoutMs: 60_000 });
const real = realStackStatus();

if (real.ok || !skipSuite(NAME, real)) {
  let pcscd: PrivatePcscd;
  let reader: CardReader;
  let bridge: VpcdBridge | undefined;
  let session: CardSession | undefined;
  let scanner: Awaited<ReturnType<typeof hidScanner>>;

  const remove = async (): Promise<void> => {
    await session?.close('unpower').catch(() => undefined);
    session = undefined;
    if (!bridge) return;
    await bridge.close();
    bridge = undefined;
    await reader.waitForCardRemoval(pcscd.readerNames[0]!, { timeoutMs: 10_000 });
  };
  const bench = {
    base: 300,
    slot: {
      async insert(card) {
        bridge = await pcscd.serveCard(card);
        session = openCardSession(await reader.connect(pcscd.readerNames[0]!));
        return session;
      },
      remove,
    },
    get scanner() {
      return scanner;
    },
  } as ScenarioBench;

  test.before(async () => {
    const { startPrivatePcscd } = await import('../../../sdk/testbench/private-pcscd.ts');
    const { createPcscCardReader } = await import('../../../terminal/hal/pcsc/pcsc-card-reader.ts');
    pcscd = await startPrivatePcscd();
    process.env['PCSCLITE_CSOCK_NAME'] = pcscd.socketPath;
    reader = await createPcscCardReader();
  });
  test.before.each(async () => {
    scanner = await hidScanner();
  });
  test.after.each(async () => {
    await remove();
    await scanner.close();
  });
  test.after(async () => {
    await reader?.close();
    await pcscd?.stop();
    setTimeout(() => process.exit(), 1_000).unref(); // a pcsclite status thread may outlive every close
  });

  paymentScenarios(test, () => bench);
}

test.run();
