import * as assert from 'uvu/assert';
import { suite } from '../support/suite.ts';
import { createDemoCard } from '../../card/demo-card.ts';
import { createSimCardReader } from '../../terminal/hal/sim/sim-card-reader.ts';
import { createTerminalCore } from '../../terminal/terminal.ts';

const test = suite('terminal/terminal');
const codeOf = async (p: Promise<unknown>): Promise<string | undefined> => {
  try {
    await p;
    return undefined;
  } catch (error) {
    return (error as { code?: string }).code;
  }
};

test('finds the reader that matches its pattern, ignoring others', async () => {
  const cardReader = createSimCardReader({ readers: ['Some Other Reader', 'Kart Sim Reader 3'] });
  const terminal = createTerminalCore({ bindings: { cardReader }, readerNamePattern: '^Kart Sim Reader \\d+$' });
  assert.is(await terminal.findReader(), 'Kart Sim Reader 3');
});

test('waits for its reader to be plugged in', async () => {
  const cardReader = createSimCardReader();
  const terminal = createTerminalCore({ bindings: { cardReader }, readerNamePattern: 'kart sim' });
  const found = terminal.findReader({ timeoutMs: 2_000 });
  setTimeout(() => cardReader.addReader('Other'), 5);
  setTimeout(() => cardReader.addReader('Kart Sim Reader 1'), 10);
  assert.is(await found, 'Kart Sim Reader 1');
});

test('no matching reader: HAL_NO_READER after the timeout, HAL_CANCELED on abort', async () => {
  const cardReader = createSimCardReader({ readers: ['Other'] });
  const terminal = createTerminalCore({ bindings: { cardReader }, readerNamePattern: 'kart' });
  assert.is(await codeOf(terminal.findReader({ timeoutMs: 20 })), 'HAL_NO_READER');
  const abort = new AbortController();
  const waiting = terminal.findReader({ signal: abort.signal });
  abort.abort();
  assert.is(await codeOf(waiting), 'HAL_CANCELED');
});

test('acceptCard waits for a card, connects exclusively, and close releases the reader', async () => {
  const cardReader = createSimCardReader({ readers: ['Kart Sim Reader 0'] });
  const terminal = createTerminalCore({ bindings: { cardReader }, readerNamePattern: 'kart' });
  const accepted = terminal.acceptCard({ timeoutMs: 2_000 });
  setTimeout(() => cardReader.insertCard('Kart Sim Reader 0', createDemoCard()), 5);
  const session = await accepted;
  assert.is(session.connection.reader, 'Kart Sim Reader 0');
  assert.is(await codeOf(cardReader.connect('Kart Sim Reader 0', { share: 'shared' })), 'HAL_SHARING_VIOLATION');
  await terminal.close();
  assert.is(await codeOf(cardReader.listReaders()), 'HAL_DISCONNECTED');
});

test.run();
