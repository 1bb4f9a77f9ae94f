import { mkdtempSync, readFileSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import * as assert from 'uvu/assert';
import { suite } from '../../../support/suite.ts';
import { HalError } from '../../../../terminal/hal/errors.ts';
import { readRecording } from '../../../../terminal/hal/record/read-recording.ts';
import { recordCardReader } from '../../../../terminal/hal/record/recording-card-reader.ts';
import { UNREDACTED_NOTICE, type RecordingStep } from '../../../../terminal/hal/record/recording-format.ts';
import { createSimCardReader } from '../../../../terminal/hal/sim/sim-card-reader.ts';
import { createDemoCard } from '../../../../card/demo-card.ts';
import { DEMO_COMMANDS, DEMO_PIN, DEMO_PIN_BLOCK, DEMO_READER, demoReader, recordDemoSession, runDemoSession, steppingClock } from './demo-session.ts';

const test = suite('terminal/hal/record/recording-card-reader');

const contains = (haystack: Uint8Array, needle: Uint8Array): boolean =>
  Buffer.from(haystack.buffer, haystack.byteOffset, haystack.length).indexOf(Buffer.from(needle)) >= 0;
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

test.run();
