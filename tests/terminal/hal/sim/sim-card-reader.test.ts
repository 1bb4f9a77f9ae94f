import * as assert from 'uvu/assert';
import { createDemoCard } from '../../../../card/demo-card.ts';
import { createSimCardReader } from '../../../../terminal/hal/sim/sim-card-reader.ts';
import type { ReaderEvent } from '../../../../terminal/hal/card-reader.ts';
import { suite } from '../../../support/suite.ts';
import { cardReaderContract, rejectsWith } from '../card-reader.contract.ts';
import { ATR_T0, ATR_T1, createTestCard, SELECT_DEMO } from '../test-card.ts';

const test = suite('terminal/hal/sim/sim-card-reader', { timeoutMs: 5_000 });

cardReaderContract(test, async () => {
  const reader = createSimCardReader({ readers: ['Sim Reader 0'] });
  const card = createDemoCard();
  return {
    reader,
    readerName: 'Sim Reader 0',
    settleMs: 100,
    insertCard: async () => reader.insertCard('Sim Reader 0', card),
    removeCard: async () => reader.removeCard('Sim Reader 0'),
    close: () => reader.close(),
  };
});

const R = 'Sim Reader 0';

test('protocol is the card default among those accepted; none accepted is HAL_PROTOCOL_MISMATCH', async () => {
  const reader = createSimCardReader({ readers: [R, 'Sim Reader 1'] });
  reader.insertCard(R, createTestCard(ATR_T0));
  reader.insertCard('Sim Reader 1', createTestCard(ATR_T1));
  const t0 = await reader.connect(R);
  assert.is(t0.protocol, 'T0');
  await t0.disconnect();
  await rejectsWith(reader.connect(R, { protocols: ['T1'] }), 'HAL_PROTOCOL_MISMATCH');
  assert.is((await reader.connect('Sim Reader 1')).protocol, 'T1');
  await reader.close();
});

test('a torn card fails the transmit with HAL_CARD_REMOVED, stays unpowered, and comes back on reset', async () => {
  const reader = createSimCardReader({ readers: [R] });
  const card = createTestCard();
  reader.insertCard(R, card);
  const connection = await reader.connect(R);
  card.tearNext();
  await rejectsWith(connection.transmit(SELECT_DEMO), 'HAL_CARD_REMOVED');
  assert.is(card.powered, false);
  await rejectsWith(connection.transmit(SELECT_DEMO), 'HAL_CARD_REMOVED');
  assert.equal([...(await connection.reset())], [...ATR_T0]);
  assert.is(card.powered, true);
  assert.equal([...(await connection.transmit(SELECT_DEMO)).slice(-2)], [0x90, 0x00]);
  await reader.close();
});

test('injected faults fail the next transmits without reaching the card', async () => {
  const reader = createSimCardReader({ readers: [R] });
  const card = createTestCard();
  reader.insertCard(R, card);
  const connection = await reader.connect(R);
  reader.failNextTransmit(R);
  reader.failNextTransmit(R, 'HAL_CARD_UNRESPONSIVE');
  await rejectsWith(connection.transmit(SELECT_DEMO), 'HAL_CARD_IO');
  await rejectsWith(connection.transmit(SELECT_DEMO), 'HAL_CARD_UNRESPONSIVE');
  assert.is(card.received.length, 0);
  await connection.transmit(SELECT_DEMO);
  assert.is(card.received.length, 1);
  await reader.close();
});

test('an APDU delay is honoured and a transmit waiting on it is canceled by its signal or by removal', async () => {
  const reader = createSimCardReader({ readers: [R], apduDelayMs: 40 });
  reader.insertCard(R, createTestCard());
  const connection = await reader.connect(R);
  const started = performance.now();
  await connection.transmit(SELECT_DEMO);
  assert.ok(performance.now() - started >= 35);
  const controller = new AbortController();
  const pending = connection.transmit(SELECT_DEMO, { signal: controller.signal });
  controller.abort();
  await rejectsWith(pending, 'HAL_CANCELED');
  const cut = connection.transmit(SELECT_DEMO);
  reader.removeCard(R);
  await rejectsWith(cut, 'HAL_CARD_REMOVED');
  reader.setApduDelay(0);
  await reader.close();
});

test('a reset by one shared connection fails the others with HAL_CARD_IO until they reset', async () => {
  const reader = createSimCardReader({ readers: [R] });
  reader.insertCard(R, createTestCard());
  const a = await reader.connect(R, { share: 'shared' });
  const b = await reader.connect(R, { share: 'shared' });
  await a.reset();
  await rejectsWith(b.transmit(SELECT_DEMO), 'HAL_CARD_IO');
  await b.reset();
  await b.transmit(SELECT_DEMO);
  await rejectsWith(a.transmit(SELECT_DEMO), 'HAL_CARD_IO');
  await reader.close();
});

test('eject pulls the card; removing a reader pulls its card and fails waits on it', async () => {
  const reader = createSimCardReader({ readers: [R] });
  const events: ReaderEvent[] = [];
  reader.onEvent((event) => events.push(event));
  reader.insertCard(R, createTestCard());
  await (await reader.connect(R)).disconnect('eject');
  assert.is((await reader.status(R)).cardPresent, false);
  reader.insertCard(R, createTestCard());
  const waiting = reader.waitForCardRemoval(R, { timeoutMs: 1_000 });
  await Promise.resolve();
  const stuck = reader.waitForCard('Sim Reader 1', { timeoutMs: 1_000 });
  await rejectsWith(stuck, 'HAL_UNKNOWN_READER');
  reader.addReader('Sim Reader 1');
  const never = reader.waitForCard('Sim Reader 1', { timeoutMs: 1_000 });
  reader.removeReader('Sim Reader 1');
  await rejectsWith(never, 'HAL_UNKNOWN_READER');
  reader.removeReader(R);
  await waiting;
  assert.equal(
    events.map((e) => `${e.type} ${e.reader}`),
    [
      `reader-added ${R}`,
      `card-inserted ${R}`,
      `card-removed ${R}`,
      `card-inserted ${R}`,
      'reader-added Sim Reader 1',
      'reader-removed Sim Reader 1',
      `card-removed ${R}`,
      `reader-removed ${R}`,
    ],
  );
  assert.equal(await reader.listReaders(), []);
  await reader.close();
});

test('simulators are independent, and a throwing listener does not stop the others', async () => {
  const one = createSimCardReader({ readers: [R] });
  const two = createSimCardReader();
  assert.equal(await two.listReaders(), []);
  const heard: string[] = [];
  const warned = new Promise((resolve) => process.once('warning', resolve));
  one.onEvent(() => {
    throw new Error('listener bug');
  });
  one.onEvent((event) => heard.push(event.type));
  one.insertCard(R, createTestCard());
  assert.equal(heard, ['reader-added', 'card-inserted']);
  assert.match(String(await warned), 'listener bug');
  await one.close();
  await two.close();
});

test.run();
