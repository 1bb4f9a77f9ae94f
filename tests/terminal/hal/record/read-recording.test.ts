import { readFileSync } from 'node:fs';
import * as assert from 'uvu/assert';
import { suite } from '../../../support/suite.ts';
import { HalError } from '../../../../terminal/hal/errors.ts';
import { readRecording } from '../../../../terminal/hal/record/read-recording.ts';
import { encodeRecord, type RecordingHeader } from '../../../../terminal/hal/record/recording-format.ts';
import { createReplayCardReader } from '../../../../terminal/hal/record/replay-card-reader.ts';
import { DEMO_FIXTURE, demoRecordingBytes, runDemoSession } from './demo-session.ts';
import { seededRandom } from './seeded-random.ts';

const test = suite('terminal/hal/record/read-recording');

const header: RecordingHeader = { format: 'kart-card-recording', version: 1, created: '2026-01-01T00:00:00.000Z', source: 't', redacted: true };
const hex = (text: string): Uint8Array => Uint8Array.from(Buffer.from(text.replace(/\s+/g, ''), 'hex'));
const join = (...parts: Uint8Array[]): Uint8Array => Uint8Array.from(Buffer.concat(parts));

/** Reads `bytes`; anything but a recording or HAL_RECORDING_MALFORMED fails the test. Returns the error code or 'ok'. */
function outcome(bytes: Uint8Array): string {
  try {
    readRecording(bytes);
    return 'ok';
  } catch (error) {
    if (!(error instanceof HalError) || error.code !== 'HAL_RECORDING_MALFORMED') {
      throw new Error(`untyped failure on ${Buffer.from(bytes).toString('hex').slice(0, 200)}: ${String(error)}`);
    }
    return error.code;
  }
}

test('the fixture is what the demo session records today (regenerate: demo-session.ts --write)', async () => {
  assert.equal(new Uint8Array(readFileSync(DEMO_FIXTURE)), await demoRecordingBytes());
});

test('malformed files name what is wrong', () => {
  const cases: [string, Uint8Array, string][] = [
    ['empty', new Uint8Array(0), 'empty'],
    ['not CBOR', hex('1c'), 'not a CBOR sequence'],
    ['truncated', encodeRecord(header).subarray(0, 20), 'not a CBOR sequence'],
    ['header not a map', hex('83010203'), 'header: header is not a map'],
    ['other format', encodeRecord({ ...header, format: 'x' } as never), 'format is not'],
    ['future version', encodeRecord({ ...header, version: 2 } as never), 'version 2 is not supported'],
    ['unknown kind', join(encodeRecord(header), encodeRecord({ kind: 'teleport', at: 0 } as never)), 'record 1: kind "teleport" is unknown'],
    ['negative time', join(encodeRecord(header), encodeRecord({ kind: 'close', at: -1, dur: 0 })), 'record 1: at is not an integer'],
    ['response without SW', join(encodeRecord(header), encodeRecord({ kind: 'transmit', at: 0, dur: 0, conn: 1, capdu: hex('00a40400'), capduRedactions: [], rapdu: hex('90'), rapduRedactions: [] })), 'shorter than a status word'],
    ['span out of range', join(encodeRecord(header), encodeRecord({ kind: 'transmit', at: 0, dur: 0, conn: 1, capdu: hex('00a40400'), capduRedactions: [{ offset: 2, length: 3, label: 'x' }], rapdu: hex('9000'), rapduRedactions: [] })), 'out of range'],
    ['circular references', join(encodeRecord(header), hex('d81c81d81d00')), 'record 1'],
  ];
  for (const [name, bytes, message] of cases) {
    try {
      readRecording(bytes);
      assert.unreachable(`${name}: accepted`);
    } catch (error) {
      assert.instance(error, HalError, name);
      assert.is((error as HalError).code, 'HAL_RECORDING_MALFORMED', name);
      assert.match((error as HalError).message, message, name);
    }
  }
});

test('fuzz: random bytes, and the fixture mutated, give a recording or a typed error, quickly', async () => {
  const random = seededRandom(0x4b415254);
  const fixture = new Uint8Array(readFileSync(DEMO_FIXTURE));
  const started = performance.now();
  const seen = new Map<string, number>();
  const count = (o: string): void => void seen.set(o, (seen.get(o) ?? 0) + 1);
  for (let i = 0; i < 1500; i++) count(outcome(random.bytes(random.int(64))));
  for (let cut = 0; cut < fixture.length; cut++) count(outcome(fixture.subarray(0, cut)));
  for (let i = 0; i < 1500; i++) {
    const mutated = Uint8Array.from(fixture);
    for (let n = 1 + random.int(4); n > 0; n--) mutated[random.int(mutated.length)] = random.int(256);
    const result = outcome(mutated);
    count(result);
    // A mutant that still reads as a recording must replay to a typed result too, never a crash or hang.
    if (result === 'ok' && i % 10 === 0) await runDemoSession(createReplayCardReader(mutated)).catch((e: unknown) => assert.instance(e, HalError));
  }
  assert.ok((seen.get('HAL_RECORDING_MALFORMED') ?? 0) > 1000, 'most mutants are refused');
  assert.ok((seen.get('ok') ?? 0) > 10, 'some mutants (in values only) still read');
  assert.ok(performance.now() - started < 5000, 'the parser stays fast on hostile input');
});

test.run();
