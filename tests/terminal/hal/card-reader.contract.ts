/**
 * The card-reader contract suite: what every `CardReader` must do, run against the simulator always and against
 * the real PC/SC stack (pcsclite → pcscd → vpcd → virtual card) where it is installed.
 */
import * as assert from 'uvu/assert';
import type { CardReader, ReaderEvent } from '../../../terminal/hal/card-reader.ts';
import { HalError, type HalErrorCode } from '../../../terminal/hal/errors.ts';
import type { Test } from '../../support/suite.ts';
import { SELECT_DEMO } from './test-card.ts';

/** One test's reader subsystem with an empty reader, and the hands that put a card into it and take it out. */
export interface CardReaderBench {
  readonly reader: CardReader;
  /** A reader present and empty when the test starts. */
  readonly readerName: string;
  /** Puts a card whose applet answers SELECT of the demo AID (F04B41525444454D4F) with 9000. */
  insertCard(): Promise<void>;
  /** Takes that card out. */
  removeCard(): Promise<void>;
  /** Closes the reader (if the test has not) and clears the bench for the next test. */
  close(): Promise<void>;
  /** Longest time a card insertion or removal may take to be seen (the real stack polls). */
  readonly settleMs: number;
}

/** Fails unless `promise` rejects with a `HalError` of `code`. */
export async function rejectsWith(promise: Promise<unknown>, code: HalErrorCode): Promise<HalError> {
  try {
    await promise;
  } catch (error) {
    if (!(error instanceof HalError)) throw error;
    assert.is(error.code, code, `expected ${code}, got ${error.code}: ${error.message}`);
    return error;
  }
  assert.unreachable(`expected a HalError ${code}, but the call succeeded`);
  throw new Error('unreachable');
}

const endsWith9000 = (rapdu: Uint8Array): boolean => rapdu.at(-2) === 0x90 && rapdu.at(-1) === 0x00;

/**
 * Adds the contract's tests to `test`; `openBench` builds a fresh bench for each of them (no suite hooks, so the
 * caller's own tests in the same suite are left alone).
 */
export function cardReaderContract(suiteTest: Test, openBench: () => Promise<CardReaderBench>): void {
  let bench: CardReaderBench;
  const test = (name: string, body: () => Promise<void>): void =>
    suiteTest(name, async () => {
      bench = await openBench();
      try {
        await body();
      } finally {
        await bench.close();
      }
    });

  const connected = async () => {
    await bench.insertCard();
    await bench.reader.waitForCard(bench.readerName, { timeoutMs: bench.settleMs });
    return bench.reader.connect(bench.readerName);
  };

  test('contract: lists the reader, empty at first', async () => {
    assert.ok((await bench.reader.listReaders()).includes(bench.readerName));
    assert.is((await bench.reader.status(bench.readerName)).cardPresent, false);
  });

  test('contract: a new listener hears of present readers; insert and removal are events', async () => {
    const events: ReaderEvent[] = [];
    const off = bench.reader.onEvent((event) => events.push(event));
    assert.ok(events.some((e) => e.type === 'reader-added' && e.reader === bench.readerName));
    await bench.insertCard();
    const atr = await bench.reader.waitForCard(bench.readerName, { timeoutMs: bench.settleMs });
    const inserted = events.find((e) => e.type === 'card-inserted' && e.reader === bench.readerName);
    assert.ok(inserted && inserted.type === 'card-inserted');
    assert.equal([...inserted.atr], [...atr]);
    assert.equal([...((await bench.reader.status(bench.readerName)).atr ?? [])], [...atr]);
    await bench.removeCard();
    await bench.reader.waitForCardRemoval(bench.readerName, { timeoutMs: bench.settleMs });
    assert.ok(events.some((e) => e.type === 'card-removed' && e.reader === bench.readerName));
    off();
  });

  test('contract: waitForCard times out, honours an AbortSignal, and resolves at once for a present card', async () => {
    await rejectsWith(bench.reader.waitForCard(bench.readerName, { timeoutMs: 30 }), 'HAL_TIMEOUT');
    const controller = new AbortController();
    const waiting = bench.reader.waitForCard(bench.readerName, { signal: controller.signal });
    setTimeout(() => controller.abort(), 20);
    await rejectsWith(waiting, 'HAL_CANCELED');
    await rejectsWith(bench.reader.waitForCard(bench.readerName, { signal: AbortSignal.abort() }), 'HAL_CANCELED');
    const arriving = bench.reader.waitForCard(bench.readerName, { timeoutMs: bench.settleMs });
    await bench.insertCard();
    assert.ok((await arriving).length >= 2);
    assert.ok((await bench.reader.waitForCard(bench.readerName, { timeoutMs: 1 })).length >= 2);
  });

  test('contract: waitForCardRemoval times out while the card stays, resolves when it goes', async () => {
    await bench.reader.waitForCardRemoval(bench.readerName, { timeoutMs: 1 });
    await bench.insertCard();
    await bench.reader.waitForCard(bench.readerName, { timeoutMs: bench.settleMs });
    await rejectsWith(bench.reader.waitForCardRemoval(bench.readerName, { timeoutMs: 30 }), 'HAL_TIMEOUT');
    const controller = new AbortController();
    const waiting = bench.reader.waitForCardRemoval(bench.readerName, { signal: controller.signal });
    controller.abort();
    await rejectsWith(waiting, 'HAL_CANCELED');
    const leaving = bench.reader.waitForCardRemoval(bench.readerName, { timeoutMs: bench.settleMs });
    await bench.removeCard();
    await leaving;
  });

  test('contract: connecting without a card or to an unknown reader fails with its code', async () => {
    await rejectsWith(bench.reader.connect(bench.readerName), 'HAL_NO_CARD');
    await rejectsWith(bench.reader.connect('No Such Reader 99'), 'HAL_UNKNOWN_READER');
  });

  test('contract: exclusive refuses a second connection; shared admits shared, not exclusive', async () => {
    const first = await connected();
    await rejectsWith(bench.reader.connect(bench.readerName, { share: 'exclusive' }), 'HAL_SHARING_VIOLATION');
    await rejectsWith(bench.reader.connect(bench.readerName, { share: 'shared' }), 'HAL_SHARING_VIOLATION');
    await first.disconnect();
    const a = await bench.reader.connect(bench.readerName, { share: 'shared' });
    const b = await bench.reader.connect(bench.readerName, { share: 'shared' });
    await rejectsWith(bench.reader.connect(bench.readerName, { share: 'exclusive' }), 'HAL_SHARING_VIOLATION');
    assert.ok(endsWith9000(await a.transmit(SELECT_DEMO)));
    assert.ok(endsWith9000(await b.transmit(SELECT_DEMO)));
    await a.disconnect();
    await b.disconnect();
    await (await bench.reader.connect(bench.readerName, { share: 'exclusive' })).disconnect();
  });

  test('contract: SELECT of the demo AID gets 9000; protocol and ATR match the card', async () => {
    const connection = await connected();
    assert.ok(['T0', 'T1'].includes(connection.protocol));
    assert.equal([...connection.atr], [...((await bench.reader.status(bench.readerName)).atr ?? [])]);
    const rapdu = await connection.transmit(SELECT_DEMO);
    assert.ok(endsWith9000(rapdu), `SW ${Buffer.from(rapdu.subarray(-2)).toString('hex')}`);
    await connection.disconnect();
  });

  test('contract: reset (warm and cold) returns the ATR and the connection goes on', async () => {
    const connection = await connected();
    const atr = connection.atr;
    assert.equal([...(await connection.reset())], [...atr]);
    assert.ok(endsWith9000(await connection.transmit(SELECT_DEMO)));
    assert.equal([...(await connection.reset({ cold: true }))], [...atr]);
    assert.ok(endsWith9000(await connection.transmit(SELECT_DEMO)));
    await rejectsWith(connection.reset({ signal: AbortSignal.abort() }), 'HAL_CANCELED');
    await connection.disconnect();
  });

  test('contract: every disposition ends the connection and leaves the card usable', async () => {
    for (const disposition of ['leave', 'reset', 'unpower'] as const) {
      const connection = await connected();
      assert.ok(endsWith9000(await connection.transmit(SELECT_DEMO)));
      await connection.disconnect(disposition);
      await rejectsWith(connection.transmit(SELECT_DEMO), 'HAL_DISCONNECTED');
      await connection.disconnect(disposition); // a second disconnect is harmless
      await bench.removeCard();
      await bench.reader.waitForCardRemoval(bench.readerName, { timeoutMs: bench.settleMs });
    }
    const again = await connected();
    assert.ok(endsWith9000(await again.transmit(SELECT_DEMO)));
    await again.disconnect();
  });

  test('contract: transmit after the card is removed fails with HAL_CARD_REMOVED', async () => {
    const connection = await connected();
    assert.ok(endsWith9000(await connection.transmit(SELECT_DEMO)));
    await bench.removeCard();
    await bench.reader.waitForCardRemoval(bench.readerName, { timeoutMs: bench.settleMs });
    await rejectsWith(connection.transmit(SELECT_DEMO), 'HAL_CARD_REMOVED');
    await connection.disconnect();
  });

  test('contract: close rejects pending waits and later calls with HAL_DISCONNECTED', async () => {
    const connection = await connected();
    const waiting = bench.reader.waitForCardRemoval(bench.readerName);
    await bench.reader.close();
    await rejectsWith(waiting, 'HAL_DISCONNECTED');
    await rejectsWith(bench.reader.listReaders(), 'HAL_DISCONNECTED');
    await rejectsWith(bench.reader.status(bench.readerName), 'HAL_DISCONNECTED');
    await rejectsWith(bench.reader.connect(bench.readerName), 'HAL_DISCONNECTED');
    await rejectsWith(bench.reader.waitForCard(bench.readerName), 'HAL_DISCONNECTED');
    await rejectsWith(connection.transmit(SELECT_DEMO), 'HAL_DISCONNECTED');
    await bench.reader.close(); // closing twice is harmless
  });
}
