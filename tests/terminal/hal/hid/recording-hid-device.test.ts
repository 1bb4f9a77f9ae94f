import * as assert from 'uvu/assert';
import { existsSync, readFileSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { suite } from '../../../support/suite.ts';
import { HidFingerprintScanner } from '../../../../terminal/hal/hid/hid-fingerprint-scanner.ts';
import { recordingHidOpener } from '../../../../terminal/hal/hid/recording-hid-device.ts';
import { readHidRecording, type HidRecording } from '../../../../terminal/hal/hid/hid-recording-format.ts';
import { createReplayHidDevice } from '../../../../terminal/hal/hid/replay-hid-device.ts';
import { createSimHidFingerprintDevice } from '../../../../terminal/hal/sim/sim-hid-fingerprint-device.ts';
import { syntheticIsoTemplate } from '../../../../terminal/hal/sim/synthetic-finger-capture.ts';
import type { FingerprintCapture } from '../../../../terminal/hal/fingerprint-scanner.ts';
import { createSeededRandom } from '../../../../terminal/biometrics/index.ts';
import { rejectsWithCode, scannerProfile } from '../fingerprint-test-helpers.ts';

const test = suite('terminal/hal/hid/recording-hid-device', { timeoutMs: 10_000 });
const profile = scannerProfile('generic-hid-scanner', { packetTimeoutMs: 300 });
const FIXTURE = join(import.meta.dirname, '../../../fixtures/recordings/hid-scanner-session.cbor');

type Outcome = FingerprintCapture | { code: string };

/** The session: open, a finger, a rejection, no finger, close. Returns what each capture gave. */
async function session(open: Parameters<typeof HidFingerprintScanner.open>[0]['open']): Promise<Outcome[]> {
  const scanner = await HidFingerprintScanner.open({ profile, open, readSliceMs: 20 });
  const out: Outcome[] = [];
  for (const timeoutMs of [1_000, 1_000, 300]) {
    try {
      out.push(await scanner.capture({ purpose: 'verify', timeoutMs }));
    } catch (error) {
      out.push({ code: (error as { code: string }).code });
    }
  }
  await scanner.close();
  return out;
}

async function record(redact: boolean): Promise<{ outcomes: Outcome[]; recording: HidRecording; bytes: Uint8Array }> {
  const device = createSimHidFingerprintDevice({ profile });
  device.script.present({ person: 'R', quality: 77 }, 120);
  device.script.push({ kind: 'rejected', reason: 'too-few-features', quality: 22 }, { kind: 'no-finger' });
  const chunks: Uint8Array[] = [];
  const outcomes = await session(recordingHidOpener(device.open, { target: { write: (c) => chunks.push(Uint8Array.from(c)) }, source: 'sim', redact }));
  const bytes = Buffer.concat(chunks);
  return { outcomes, recording: readHidRecording(bytes), bytes };
}

test('a redacted recording holds no template byte and replays with the same shapes and outcomes', async () => {
  const { outcomes, recording, bytes } = await record(true);
  const template = syntheticIsoTemplate({ person: 'R', quality: 77 });
  assert.equal((outcomes[0] as FingerprintCapture).template, template);
  assert.ok(!Buffer.from(bytes).includes(Buffer.from(template.subarray(24, 48))), 'template bytes in the file');
  assert.is(recording.header.redacted, true);
  assert.ok(recording.steps.some((s) => s.kind === 'read' && s.redactions.length > 0));
  const replay = createReplayHidDevice(recording);
  const replayed = await session(replay.open);
  replay.assertComplete();
  const first = replayed[0] as FingerprintCapture;
  assert.is(first.format, 'iso-19794-2');
  assert.is(first.quality, 77);
  assert.equal(first.template, new Uint8Array(template.length), 'same length, zero-filled');
  assert.equal(replayed.slice(1), outcomes.slice(1));
});

test('an unredacted recording says so and replays the template exactly', async () => {
  const { outcomes, recording } = await record(false);
  assert.match(recording.header.notice!, /UNREDACTED/);
  const replay = createReplayHidDevice(recording);
  assert.equal(await session(replay.open), outcomes);
  replay.assertComplete();
});

test('divergence fails: another command, another profile, a session that stops early', async () => {
  const { recording } = await record(true);
  const diverged = createReplayHidDevice(recording);
  const scanner = await HidFingerprintScanner.open({ profile, open: diverged.open, readSliceMs: 20 });
  await rejectsWithCode(scanner.capture({ purpose: 'enroll', timeoutMs: 1_000 }), 'HAL_REPLAY_DIVERGED');
  await rejectsWithCode(HidFingerprintScanner.open({ profile: scannerProfile('generic-hid-scanner', { id: 'other' }), open: createReplayHidDevice(recording).open }), 'HAL_REPLAY_DIVERGED');
  const early = createReplayHidDevice(recording);
  await (await HidFingerprintScanner.open({ profile, open: early.open })).close();
  assert.throws(() => early.assertComplete(), (e: { code?: string }) => e.code === 'HAL_REPLAY_INCOMPLETE');
});

test('the committed recording (tests/fixtures/recordings/hid-scanner-session.cbor) still replays', async () => {
  // Regenerate only on purpose (KART_WRITE_FIXTURES=1): a missing or stale file must fail here.
  if (process.env['KART_WRITE_FIXTURES'] === '1') writeFileSync(FIXTURE, (await record(true)).bytes);
  assert.ok(existsSync(FIXTURE), `${FIXTURE} is missing (KART_WRITE_FIXTURES=1 writes it)`);
  const replay = createReplayHidDevice(readHidRecording(readFileSync(FIXTURE)));
  const [first, second, third] = await session(replay.open);
  replay.assertComplete();
  assert.is((first as FingerprintCapture).quality, 77);
  assert.equal(second, { format: 'iso-19794-2', quality: 22, rejected: 'too-few-features' });
  assert.equal(third, { code: 'HAL_TIMEOUT' });
});

test('any bytes read as a recording: a recording or HAL_RECORDING_MALFORMED', async () => {
  const { bytes } = await record(true);
  const rng = createSeededRandom(77);
  let ok = 0;
  for (let i = 0; i < 2_000; i++) {
    const mutated = Uint8Array.from(bytes.subarray(0, rng.int(0, bytes.length)));
    for (let k = rng.int(0, 3); k > 0 && mutated.length > 0; k--) mutated[rng.int(0, mutated.length - 1)] = rng.int(0, 255);
    try {
      readHidRecording(mutated);
      ok++;
    } catch (error) {
      assert.is((error as { code?: string }).code, 'HAL_RECORDING_MALFORMED', (error as Error).message);
    }
  }
  assert.ok(ok > 0);
});

test.run();
