/**
 * The real-stack half of `card-payment.bench.ts`, in a child process (libpcsclite reads PCSCLITE_CSOCK_NAME once per
 * process): card payments through pcsclite → a private pcscd → vpcd → a government card with KARTPAY, the card left
 * in the reader, online and offline alternating (`card-payment-fixture.ts`).
 * Usage: node --import tsx tests/bench/card-payment-pcsc.ts <count of each kind>. Prints one JSON line:
 * {"samples": [PaymentSample...]}.
 */
import { createTerminal } from '../../sdk/create-terminal.ts';
import { startPrivatePcscd } from '../../sdk/testbench/private-pcscd.ts';
import { createPcscCardReader } from '../../terminal/hal/pcsc/pcsc-card-reader.ts';
import { alternate, measuredPaymentCard, startPaymentCounter } from './card-payment-fixture.ts';

const count = Number(process.argv[2] ?? 10);
const pcscd = await startPrivatePcscd();
process.env['PCSCLITE_CSOCK_NAME'] = pcscd.socketPath;
try {
  const reader = await createPcscCardReader();
  const terminal = createTerminal({ profile: 'virtual-pcd', bindings: { cardReader: reader } });
  const card = measuredPaymentCard();
  const bridge = await pcscd.serveCard(card);
  const counter = await startPaymentCounter(terminal, card);
  await alternate(counter, 1); // warm-up: the card's first payment, the code paths compiled
  const samples = await alternate(counter, count);
  await counter.close();
  await bridge.close();
  await reader.close();
  process.stdout.write(JSON.stringify({ samples }) + '\n');
} finally {
  await pcscd.stop();
  setTimeout(() => process.exit(), 500).unref();
}
