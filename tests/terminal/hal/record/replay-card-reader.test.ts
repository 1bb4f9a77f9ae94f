import * as assert from 'uvu/assert';
import { suite } from '../../../support/suite.ts';
import type { ReaderEvent } from '../../../../terminal/hal/card-reader.ts';
import type { HalError } from '../../../../terminal/hal/errors.ts';
import { readRecording } from '../../../../terminal/hal/record/read-recording.ts';
import { encodeRecording, type Recording } from '../../../../terminal/hal/record/recording-format.ts';
import { createReplayCardReader } from '../../../../terminal/hal/record/replay-card-reader.ts';
import { DEMO_COMMANDS, DEMO_PIN, DEMO_READER, demoRecordingBytes, runDemoSession } from './demo-session.ts';

const test = suite('terminal/hal/record/replay-card-reader');

let redacted: Uint8Array;
let clear: Uint8Array;
let live: Uint8Array[];
test.before(async () => {
  redacted = await demoRecordingBytes();
  clear = await demoRecordingBytes({ redact: false });
  live = readRecording(redacted).steps.flatMap((s) => (s.kind === 'transmit' && s.rapdu ? [s.rapdu] : []));
});

const failure = async (run: () => Promise<unknown>): Promise<HalError> => {
  try {
    await run();
  } catch (error) {
    return error as HalError;
  }
  throw new Error('expected a failure');
};

/** The demo VERIFY with another PIN block of the same shape (PIN 000000). */
const verifyWithOtherPin = Uint8Array.of(0x00, 0x20, 0x00, 0x80, 0x08, 0x26, 0x00, 0x00, 0x00, 0xff, 0xff, 0xff, 0xff);

test('a replay serves the recorded responses to the same session, and the whole recording is used', async () => {
  for (const bytes of [redacted, clear]) {
    const replay = createReplayCardReader(bytes);
    assert.equal(await runDemoSession(replay), live);
    assert.is(replay.remaining, 0);
    replay.assertComplete();
  }
});

test('events, readers and ATR come back as recorded', async () => {
  const replay = createReplayCardReader(readRecording(redacted));
  const events: ReaderEvent[] = [];
  replay.onEvent((e) => events.push(e));
  assert.equal(events.map((e) => e.type), ['reader-added', 'card-inserted'], 'reported at once to the listener');
  assert.equal(await replay.listReaders(), [DEMO_READER]);
  const atr = await replay.waitForCard(DEMO_READER);
  const connection = await replay.connect(DEMO_READER);
  assert.equal(connection.atr, atr);
  assert.equal((events[1] as { atr: Uint8Array }).atr, atr);
  assert.is(connection.protocol, 'T1');
  assert.is(replay.remaining, DEMO_COMMANDS.length + 2);
  const incomplete = await failure(async () => replay.assertComplete());
  assert.is(incomplete.code, 'HAL_REPLAY_INCOMPLETE');
  assert.match(incomplete.message, 'step 7');
});

test('a redacted VERIFY matches any PIN block of the same shape; the unredacted one only its own', async () => {
  const session = [...DEMO_COMMANDS.slice(0, 4), verifyWithOtherPin, DEMO_COMMANDS[5]!];
  assert.equal(await runDemoSession(createReplayCardReader(redacted), session), live);
  const error = await failure(() => runDemoSession(createReplayCardReader(clear), session));
  assert.is(error.code, 'HAL_REPLAY_DIVERGED');
  assert.match(error.message, 'step 11');
  assert.match(error.message, 'expected transmit on connection 1: 00 20 00 80 08 <redacted: PIN block, 8 bytes>');
  assert.not.match(error.message, '26 48 26 93', 'even an unredacted recording does not print the PIN');
  assert.not.match(error.message, DEMO_PIN);
});

test('a different command diverges, naming the step and showing expected and got', async () => {
  const session = [DEMO_COMMANDS[0]!, Uint8Array.of(0x80, 0xca, 0x9f, 0x17, 0x00)];
  const replay = createReplayCardReader(redacted);
  const error = await failure(() => runDemoSession(replay, session));
  assert.is(error.code, 'HAL_REPLAY_DIVERGED');
  assert.match(error.message, 'step 8: different command byte at offset 3');
  assert.match(error.message, 'expected transmit on connection 1: 80 CA 9F 36 00');
  assert.match(error.message, 'got transmit on connection 1: 80 CA 9F 17 00');
  // Once diverged, the replay stays diverged.
  assert.is((await failure(() => replay.listReaders())).code, 'HAL_REPLAY_DIVERGED');
});

test('calls out of order diverge', async () => {
  const replay = createReplayCardReader(redacted);
  replay.onEvent(() => {});
  const error = await failure(() => replay.connect(DEMO_READER));
  assert.is(error.code, 'HAL_REPLAY_DIVERGED');
  assert.match(error.message, 'expected listReaders(), got connect(Kart Sim Reader 0)');
  const other = createReplayCardReader(redacted);
  other.onEvent(() => {});
  await other.listReaders();
  assert.is((await failure(() => other.waitForCard('another reader'))).code, 'HAL_REPLAY_DIVERGED');
});

test('asking for more than was recorded fails with HAL_REPLAY_EXHAUSTED', async () => {
  const replay = createReplayCardReader(redacted);
  const events = replay.onEvent(() => {});
  await replay.listReaders();
  await replay.waitForCard(DEMO_READER);
  const connection = await replay.connect(DEMO_READER);
  for (const capdu of DEMO_COMMANDS) await connection.transmit(capdu);
  await connection.disconnect('reset');
  events();
  await replay.close();
  assert.is((await failure(() => replay.listReaders())).code, 'HAL_DISCONNECTED');

  const { header, steps } = readRecording(redacted);
  const cut: Recording = { header, steps: steps.slice(0, 8) };
  const short = createReplayCardReader(encodeRecording(cut));
  const error = await failure(() => runDemoSession(short));
  assert.is(error.code, 'HAL_REPLAY_EXHAUSTED');
  assert.match(error.message, 'step 9');
});

test('recorded errors come back with their code', async () => {
  const { header, steps } = readRecording(redacted);
  const failing: Recording = {
    header,
    steps: steps.map((s) => (s.kind === 'wait-for-card' ? { kind: s.kind, at: s.at, dur: s.dur, reader: s.reader, error: { code: 'HAL_TIMEOUT', message: 'no card' } } : s)),
  };
  const error = await failure(() => runDemoSession(createReplayCardReader(failing)));
  assert.is(error.code, 'HAL_TIMEOUT');
});

test('a malformed recording is refused with HAL_RECORDING_MALFORMED', async () => {
  const error = await failure(async () => createReplayCardReader(redacted.subarray(0, 40)));
  assert.is(error.code, 'HAL_RECORDING_MALFORMED');
});

test.run();
