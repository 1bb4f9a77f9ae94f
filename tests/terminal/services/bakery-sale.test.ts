/**
 * A bakery queue and a grocer basket on virtual KARTGOV cards behind the REAL PC/SC stack: pcsclite → a private
 * pcscd → vpcd → the vpcd bridge → the card OS. Each customer's card is served into the reader (insert) and its
 * bridge closed after the sale (remove). The fingerprint is matched on the card; the ledger is offline for the
 * first customers and online for the rest. Skipped (and failed in CI) without pcscd and vpcd.
 */
import * as assert from 'uvu/assert';
import { suite } from '../../support/suite.ts';
import { realStackStatus } from '../../support/real-stack.ts';
import { skipSuite } from '../../support/skip.ts';
import type { VirtualCard } from '../../../card/virtual-card.ts';
import type { PrivatePcscd } from '../../../sdk/testbench/private-pcscd.ts';
import { createTerminal } from '../../../sdk/create-terminal.ts';
import type { CardReader } from '../../../terminal/hal/card-reader.ts';
import { emptyUsage } from '../../../terminal/auth/usage.ts';
import { sellBread } from '../../../terminal/services/bakery-sale.ts';
import { serveBasket } from '../../../terminal/services/grocer-basket.ts';
import type { TransactionResult } from '../../../terminal/services/transaction-types.ts';
import { household, serviceBench, TODAY, type ServiceBench } from './service-fixture.ts';

const NAME = 'terminal/services/bakery-sale (real stack)';
const test = suite(NAME, { timeoutMs: 60_000 });
const real = realStackStatus();

if (real.ok || !skipSuite(NAME, real)) {
  let pcscd: PrivatePcscd;
  let reader: CardReader;
  let bench: ServiceBench;
  test.before(async () => {
    const { startPrivatePcscd } = await import('../../../sdk/testbench/private-pcscd.ts');
    const { createPcscCardReader } = await import('../../../terminal/hal/pcsc/pcsc-card-reader.ts');
    pcscd = await startPrivatePcscd();
    process.env['PCSCLITE_CSOCK_NAME'] = pcscd.socketPath;
    reader = await createPcscCardReader();
    bench = await serviceBench({ terminal: createTerminal({ profile: 'virtual-pcd', bindings: { cardReader: reader } }) });
  });
  test.after(async () => {
    await bench?.close();
    await reader?.close();
    await pcscd?.stop();
    setTimeout(() => process.exit(), 1_000).unref(); // a pcsclite status thread may outlive every close
  });

  /** One customer: the card served into the reader, the sale, the card taken out. */
  async function customer(card: VirtualCard, finger: Uint8Array, sale: () => Promise<TransactionResult>): Promise<TransactionResult> {
    bench.scanner.queue.length = 0;
    bench.scanner.queue.push(finger);
    const bridge = await pcscd.serveCard(card);
    try {
      return await sale();
    } finally {
      await bridge.close();
      await reader.waitForCardRemoval(pcscd.readerNames[0]!, { timeoutMs: 10_000 });
    }
  }

  test('a bakery queue of four households, offline then online, then a grocer basket', async () => {
    const households = Array.from({ length: 4 }, () => household());
    for (const h of households) bench.ledger.setHousehold(h[0]!.certificate.subject.householdId, { usage: emptyUsage(TODAY - 1), entitledCards: 1, switched: true });
    const results: TransactionResult[] = [];
    for (const [i, h] of households.entries()) {
      bench.ledger.online = i >= 2;
      results.push(await customer(h[0]!.card, h.fingers[0]!, () => sellBread(bench.runner, { loaves: 5 + 5 * i })));
    }
    assert.equal(results.map((r) => r.outcome), ['APPROVED', 'APPROVED', 'APPROVED', 'APPROVED']);
    assert.equal(results.map((r) => (r.ok ? [r.receipt.amount, r.receipt.online, r.receipt.atc] : [])), [[5, false, 1], [10, false, 1], [15, true, 1], [20, true, 1]]);
    const basket = await customer(households[0]![0]!.card, households[0]!.fingers[0]!, () => serveBasket(bench.runner, { lines: [[1, 1], [2, 1]] }));
    assert.ok(basket.ok && basket.receipt.amount === 1260 + 3000 && basket.receipt.atc === 2, JSON.stringify(basket.outcome));
    const blocked = await customer(households[1]![0]!.card, households[1]!.fingers[0]!, () => sellBread(bench.runner, { loaves: 60 }));
    assert.is(blocked.outcome, 'COLLECT_AHEAD_LIMIT');
  });
}

test.run();
