/**
 * Torn debits: the card tears (card OS `tearAt`) during DEBIT ENTITLEMENT. After the commit, the debit happened:
 * at the same terminal the next insertion completes the sale from the card's log without a second debit (also
 * after the terminal loses power); at another terminal it is reported for the ledger (journal type 4) and the card
 * is served on its true counters. Before the commit, nothing happened: the intent is settled NO_DEBIT and the sale
 * can be retried.
 */
import * as assert from 'uvu/assert';
import { suite } from '../../support/suite.ts';
import { createTestbench } from '../../../sdk/create-testbench.ts';
import { decodeCbor } from '../../../terminal/codec/cbor.ts';
import { decodeDebitProof } from '../../../terminal/schemas/debit-proof.ts';
import { sellBread } from '../../../terminal/services/bakery-sale.ts';
import { RECORD_TYPE } from '../../../terminal/services/service-records.ts';
import type { ServiceBench } from './service-fixture.ts';
import { household, serviceBench, TERMINAL_ID, TODAY } from './service-fixture.ts';
import { tearOnDebit } from './tear-on-debit.ts';
import { PowerLossStorage } from '../../../terminal/journal/power-loss-storage.ts';
import { emptyUsage } from '../../../terminal/auth/usage.ts';

const test = suite('terminal/services/card-log-check', { timeoutMs: 15000 });

async function journalTypes(bench: ServiceBench): Promise<number[]> {
  return (await bench.journal.journal.read(1)).map((r) => r.type);
}

function newHousehold(bench: ServiceBench[]) {
  const h = household();
  for (const b of bench) b.ledger.setHousehold(h[0]!.certificate.subject.householdId, { usage: emptyUsage(TODAY - 1), entitledCards: 1, switched: true });
  return h;
}

async function tornSale(bench: ServiceBench, card: Parameters<ServiceBench['testbench']['insertCard']>[0], finger: Uint8Array): Promise<void> {
  bench.testbench.insertCard(card);
  bench.scanner.queue.push(finger);
  const error = await sellBread(bench.runner, { loaves: 10 }).then(() => undefined, (e: unknown) => e);
  assert.is((error as { code?: string } | undefined)?.code, 'HAL_CARD_REMOVED', 'the torn DEBIT is a typed fault');
  bench.testbench.removeCard();
}

test('after the commit, same terminal: the next insertion completes the sale from the log, no second debit', async () => {
  const bench = await serviceBench();
  try {
    const h = newHousehold([bench]);
    const card = tearOnDebit(h[0]!.card, 'after-commit');
    await tornSale(bench, card, h.fingers[0]!);
    assert.is(bench.journal.pendingCount, 1);
    assert.is(bench.approvals.length, 0, 'nothing was shown');
    bench.testbench.insertCard(card);
    bench.scanner.queue.push(h.fingers[0]!);
    const result = await sellBread(bench.runner, { loaves: 10 });
    assert.ok(result.ok && result.recovered, 'recovered');
    if (!result.ok) return;
    assert.equal([result.receipt.amount, result.receipt.atc], [10, 1]);
    assert.is(bench.scanner.queue.length, 1, 'no cardholder verification: nothing new is debited');
    assert.is(bench.journal.pendingCount, 0);
    assert.equal(await journalTypes(bench), [RECORD_TYPE.DEBIT_INTENT, RECORD_TYPE.TRANSACTION]);
    // The card's log holds exactly one debit: the recovered one.
    bench.testbench.removeCard();
    bench.testbench.insertCard(card);
    const next = await sellBread(bench.runner, { loaves: 5 });
    assert.ok(next.ok && !next.recovered && next.receipt.atc === 2, 'the next sale is a new debit, ATC 2');
  } finally {
    await bench.close();
  }
});

test('after the commit, the terminal loses power too: the reopened journal still finds and completes the sale', async () => {
  const storage = new PowerLossStorage({ seed: 7 });
  const testbench = createTestbench();
  const first = await serviceBench({ storage, testbench });
  const h = newHousehold([first]);
  const card = tearOnDebit(h[0]!.card, 'after-commit');
  await tornSale(first, card, h.fingers[0]!);
  storage.powerCut();
  await first.close();
  const second = await serviceBench({ storage, testbench });
  try {
    assert.is(second.journal.pendingCount, 1, 'the intent was durable before the DEBIT');
    second.testbench.insertCard(card);
    const result = await sellBread(second.runner, { loaves: 10 });
    assert.ok(result.ok && result.recovered && result.receipt.atc === 1);
  } finally {
    await second.close();
    await testbench.close();
  }
});

test('after the commit, another terminal: the foreign debit is reported, the card served on its true counters, never re-credited', async () => {
  const a = await serviceBench();
  const b = await serviceBench({ terminalId: TERMINAL_ID + 1 });
  try {
    const h = newHousehold([a, b]);
    await tornSale(a, tearOnDebit(h[0]!.card, 'after-commit'), h.fingers[0]!);
    b.testbench.insertCard(h[0]!.card);
    b.scanner.queue.push(h.fingers[0]!);
    const over = await sellBread(b.runner, { loaves: 40 });
    assert.is(over.outcome, 'COLLECT_AHEAD_LIMIT', 'the 10 loaves torn at A count: 30 are left in the window, not 40');
    b.scanner.queue.length = 0;
    b.scanner.queue.push(h.fingers[0]!);
    const ok = await sellBread(b.runner, { loaves: 30 });
    assert.ok(ok.ok && ok.receipt.atc === 2 && ok.receipt.balanceAfter === 20 * 17 - 40, JSON.stringify(ok.ok && ok.receipt));
    const records = await b.journal.journal.read(1);
    const foreign = records.filter((r) => r.type === RECORD_TYPE.FOREIGN_DEBIT);
    assert.is(foreign.length, 1, 'reported once, though the card was inserted twice');
    const proof = decodeDebitProof((decodeCbor(foreign[0]!.body) as [number, Uint8Array])[1]);
    assert.equal([proof.terminalId, proof.atc, proof.amount], [TERMINAL_ID, 1, 10]);
    assert.is(a.journal.pendingCount, 1, 'A keeps its intent for the ledger to settle');
  } finally {
    await a.close();
    await b.close();
  }
});

test('before the commit: no debit happened; the intent is settled NO_DEBIT and the sale is retried', async () => {
  const bench = await serviceBench();
  try {
    const h = newHousehold([bench]);
    const card = tearOnDebit(h[0]!.card, 'before-commit');
    await tornSale(bench, card, h.fingers[0]!);
    bench.testbench.insertCard(card);
    bench.scanner.queue.push(h.fingers[0]!);
    const retry = await sellBread(bench.runner, { loaves: 10 });
    assert.ok(retry.ok && !retry.recovered && retry.receipt.atc === 1, 'a fresh debit, ATC 1');
    assert.equal(await journalTypes(bench), [RECORD_TYPE.DEBIT_INTENT, RECORD_TYPE.DEBIT_INTENT_SETTLED, RECORD_TYPE.DEBIT_INTENT, RECORD_TYPE.TRANSACTION]);
    assert.is(bench.journal.pendingCount, 0);
  } finally {
    await bench.close();
  }
});

test.run();
