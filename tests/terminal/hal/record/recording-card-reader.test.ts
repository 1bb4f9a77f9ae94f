import { mkdtempSync, readFileSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import * as assert from 'uvu/assert';
import { suite } from '../../../support/suite.ts';
import type { CardReader } from '../../../../terminal/hal/card-reader.ts';
import { HalError } from '../../../../terminal/hal/errors.ts';
import { createReplayCardReader } from '../../../../terminal/hal/record/replay-card-reader.ts';
import { readRecording } from '../../../../terminal/hal/record/read-recording.ts';
import { recordCardReader } from '../../../../terminal/hal/record/recording-card-reader.ts';
import { UNREDACTED_NOTICE, type RecordingStep } from '../../../../terminal/hal/record/recording-format.ts';
import { createSimCardReader } from '../../../../terminal/hal/sim/sim-card-reader.ts';
import { createDemoCard } from '../../../../card/demo-card.ts';
import { DEMO_COMMANDS, DEMO_PIN, DEMO_PIN_BLOCK, DEMO_READER, demoReader, recordDemoSession, runDemoSession, steppingClock } from './demo-session.ts';

const test = suite('terminal/hal/record/recording-card-reader');

const contains = (haystack: Uint8Array, needle: Uint8Array): boolean =>
  Buffer.from(haystack.buffer, haystack.byteOffset, haystack.length).indexOf(Buffer.from(needle)) >= 0;
const hex = (text: string): Uint8Array => Uint8Array.from(Buffer.from(text, 'hex'));
const transmits = (steps: readonly RecordingStep[]) => steps.filter((s) => s.kind === 'transmit');

let dir = '';
test.before(() => {
  dir = mkdtempSync(join(tmpdir(), 'kart-record-'));
});
test.after(() => rmSync(dir, { recursive: true, force: true }));

test('a recorded session keeps every exchange and no byte of the PIN', async () => {
  const path = join(dir, 'session.cbor');
  const responses = await recordDemoSession(path);
  const bytes = new Uint8Array(readFileSync(path));
  assert.not.ok(contains(bytes, DEMO_PIN_BLOCK), 'PIN block in the file');
  assert.not.ok(contains(bytes, DEMO_PIN_BLOCK.subarray(1, 4)), 'PIN digits (BCD) in the file');
  assert.not.ok(contains(bytes, new TextEncoder().encode(DEMO_PIN)), 'PIN digits (ASCII) in the file');

  const { header, steps } = readRecording(bytes);
  assert.is(header.redacted, true);
  assert.is(header.notice, undefined);
  assert.is(header.source, 'sim: demo card');
  const sent = transmits(steps);
  assert.equal(sent.map((s) => s.rapdu), responses);
  assert.equal(sent.slice(0, 4).map((s) => s.capdu), DEMO_COMMANDS.slice(0, 4));
  const verify = sent[4]!;
  assert.equal(verify.capdu.subarray(0, 5), DEMO_COMMANDS[4]!.subarray(0, 5), 'VERIFY header and Lc kept');
  assert.equal(verify.capdu.length, DEMO_COMMANDS[4]!.length, 'VERIFY length kept');
  assert.equal(verify.capduRedactions, [{ offset: 5, length: 8, label: 'PIN block' }]);
  assert.equal(verify.rapdu, Uint8Array.of(0x90, 0x00), 'the PIN was right');
});

test('redact: false keeps the PIN and says so in the header', async () => {
  const bytes = await new Promise<Uint8Array>((done) => {
    const chunks: Uint8Array[] = [];
    void recordDemoSession({ write: (c) => chunks.push(c) }, { redact: false }).then(() => done(Buffer.concat(chunks)));
  });
  assert.ok(contains(bytes, DEMO_PIN_BLOCK));
  const { header, steps } = readRecording(bytes);
  assert.is(header.redacted, false);
  assert.is(header.notice, UNREDACTED_NOTICE);
  assert.equal(transmits(steps)[4]!.capduRedactions, []);
});

test('calls, events and connections are recorded in order, with monotonic timing', async () => {
  const chunks: Uint8Array[] = [];
  await recordDemoSession({ write: (c) => chunks.push(c) });
  const { steps } = readRecording(Buffer.concat(chunks));
  assert.equal(
    steps.map((s) => s.kind),
    ['subscribe', 'event', 'event', 'list-readers', 'wait-for-card', 'connect', ...DEMO_COMMANDS.map(() => 'transmit'), 'disconnect', 'unsubscribe', 'close'],
  );
  const events = steps.flatMap((s) => (s.kind === 'event' ? [s.event.type] : []));
  assert.equal(events, ['reader-added', 'card-inserted']);
  const connect = steps.find((s) => s.kind === 'connect');
  assert.is(connect?.kind === 'connect' && connect.protocol, 'T1');
  assert.ok(connect?.kind === 'connect' && connect.atr && connect.atr.length > 2);
  const times = steps.map((s) => s.at);
  assert.equal(times, [...times].sort((a, b) => a - b));
  for (const s of steps) if ('dur' in s) assert.is(s.dur, 1000, `${s.kind} took one tick of the fake clock`);
});

test('a failed call is recorded with its code and reaches the caller unchanged', async () => {
  const sim = createSimCardReader({ readers: [DEMO_READER] });
  sim.insertCard(DEMO_READER, createDemoCard({ pin: DEMO_PIN, protocol: 'T=1' }));
  const chunks: Uint8Array[] = [];
  const reader = recordCardReader(sim, { write: (c) => chunks.push(c) }, { clock: steppingClock() });
  const connection = await reader.connect(DEMO_READER);
  sim.failNextTransmit(DEMO_READER, 'HAL_CARD_IO');
  try {
    await connection.transmit(DEMO_COMMANDS[4]!);
    assert.unreachable('the transmit should fail');
  } catch (error) {
    assert.instance(error, HalError);
    assert.is((error as HalError).code, 'HAL_CARD_IO');
  }
  const refusal = await reader.connect('no such reader').then(() => undefined, (e: unknown) => e as HalError);
  assert.is(refusal?.code, 'HAL_UNKNOWN_READER');
  await reader.close();
  const steps = readRecording(Buffer.concat(chunks)).steps;
  const failed = steps.find((s) => s.kind === 'transmit');
  assert.is(failed?.kind === 'transmit' && failed.error?.code, 'HAL_CARD_IO');
  assert.is(failed?.kind === 'transmit' && failed.rapdu, undefined);
  assert.not.ok(contains(Buffer.concat(chunks), DEMO_PIN_BLOCK), 'a failed VERIFY is redacted too');
  const refused = steps.filter((s) => s.kind === 'connect');
  assert.equal(refused.map((s) => s.kind === 'connect' && [s.conn, s.error?.code]), [[1, undefined], [2, 'HAL_UNKNOWN_READER']]);
});

test('a recording that cannot be written fails with HAL_RECORDING_WRITE_FAILED', async () => {
  try {
    recordCardReader(demoReader(), join(dir, 'no', 'such', 'dir', 'x.cbor'));
    assert.unreachable('opening should fail');
  } catch (error) {
    assert.is((error as HalError).code, 'HAL_RECORDING_WRITE_FAILED');
  }
});

test('the wrapped reader serves the same responses as the bare one', async () => {
  const bare = await runDemoSession(demoReader());
  const recorded = await recordDemoSession({ write: () => {} });
  assert.equal(recorded, bare);
});

/** A fake reader whose one card answers each command (by hex) with a scripted response. */
function fakeReader(script: Record<string, string>): CardReader {
  const atr = Uint8Array.of(0x3b, 0x00);
  return {
    listReaders: async () => ['Fake'],
    status: async (reader) => ({ reader, cardPresent: true, atr }),
    onEvent: () => () => {},
    waitForCard: async () => atr,
    waitForCardRemoval: async () => {},
    connect: async (reader) => ({
      reader,
      protocol: 'T1',
      atr,
      transmit: async (capdu) => Uint8Array.from(Buffer.from(script[Buffer.from(capdu).toString('hex')] ?? '6d00', 'hex')),
      reset: async () => atr,
      disconnect: async () => {},
    }),
    close: async () => {},
  };
}

test('biometric samples and national ID numbers in commands and responses never reach the file', async () => {
  const nationalId = new TextEncoder().encode('29005170301234');
  const idTlv = `df200e${Buffer.from(nationalId).toString('hex')}`;
  const verifyFinger = '0021009108' + '7f2e05' + '8103c0ffee';
  const script = {
    '80ca7f6100': '7f610c020101' + '7f6006' + '5f2e03abcdef' + '9000',
    '80cadf2000': idTlv + '9000',
    [verifyFinger]: '9000',
  };
  const chunks: Uint8Array[] = [];
  const reader = recordCardReader(fakeReader(script), { write: (c) => chunks.push(c) });
  const commands = Object.keys(script).map((h) => Uint8Array.from(Buffer.from(h, 'hex')));
  const connection = await reader.connect('Fake');
  const responses = [];
  for (const capdu of commands) responses.push(await connection.transmit(capdu));
  await reader.close();
  const file = Buffer.concat(chunks);
  assert.ok(responses[0]!.length > 2 && responses[1]!.length > 2, 'the card did answer with the data');
  for (const secret of [hex('abcdef'), hex('c0ffee'), nationalId, hex(Buffer.from('2900517030', 'ascii').toString('hex'))]) {
    assert.not.ok(contains(file, secret), `${Buffer.from(secret).toString('hex')} in the file`);
  }
  const labels = transmits(readRecording(file).steps).map((s) => [...s.capduRedactions, ...(s.rapduRedactions ?? [])].map((r) => r.label));
  assert.equal(labels, [['biometric data'], ['national ID'], ['biometric data']]);

  // The redacted recording still replays: the biometric VERIFY matches by shape, another sample of that size too.
  const replay = createReplayCardReader(file);
  const again = await replay.connect('Fake');
  await again.transmit(commands[0]!);
  await again.transmit(commands[1]!);
  const otherFinger = Uint8Array.from(Buffer.from('0021009108' + '7f2e05' + '8103123456', 'hex'));
  assert.equal(await again.transmit(otherFinger), hex('9000'));
  await replay.close();
  replay.assertComplete();
});

test.run();
