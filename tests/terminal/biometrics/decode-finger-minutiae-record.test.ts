import * as assert from 'uvu/assert';
import { suite } from '../../support/suite.ts';
import { BiometricError } from '../../../terminal/biometrics/errors.ts';
import { decodeFingerMinutiaeRecord } from '../../../terminal/biometrics/decode-finger-minutiae-record.ts';
import { DIFFICULTY_LEVELS } from '../../../terminal/biometrics/difficulty-levels.ts';
import { encodeFingerMinutiaeRecord } from '../../../terminal/biometrics/encode-finger-minutiae-record.ts';
import { createSeededRandom } from '../../../terminal/biometrics/seeded-random.ts';
import { generateSyntheticFinger } from '../../../terminal/biometrics/synthetic-finger.ts';
import { generateImpression } from '../../../terminal/biometrics/synthetic-impression.ts';
import { HAND_MADE_BYTES, HAND_MADE_RECORD } from './hand-made-record.ts';
import { mutate, randomBytes } from './record-mutator.ts';

const test = suite('terminal/biometrics/decode-finger-minutiae-record', { timeoutMs: 60_000 });

function fieldOf(bytes: Uint8Array): string {
  try {
    decodeFingerMinutiaeRecord(bytes);
  } catch (error) {
    assert.instance(error, BiometricError);
    assert.is((error as BiometricError).code, 'BIO_TEMPLATE_MALFORMED');
    return (error as BiometricError).field;
  }
  throw new Error('expected a BiometricError');
}

function patched(offset: number, ...values: number[]): Uint8Array {
  const bytes = HAND_MADE_BYTES.slice();
  bytes.set(values, offset);
  return bytes;
}

test('decodes the hand-made bytes to the hand-made record', () => {
  assert.equal(decodeFingerMinutiaeRecord(HAND_MADE_BYTES), HAND_MADE_RECORD);
});

test('round-trips generated records with several views and extended data', () => {
  const finger = generateSyntheticFinger(7);
  const a = generateImpression(finger, DIFFICULTY_LEVELS.medium, 1).record;
  const b = generateImpression(finger, DIFFICULTY_LEVELS.hard, 2).record;
  const record = { ...a, views: [a.views[0]!, { ...b.views[0]!, viewNumber: 1, extendedData: Uint8Array.of(1, 2, 3, 4) }] };
  const bytes = encodeFingerMinutiaeRecord(record);
  assert.equal(decodeFingerMinutiaeRecord(bytes), record);
});

test('faults name the field', () => {
  assert.is(fieldOf(patched(0, 0x46, 0x4d, 0x52, 0x20)), 'formatIdentifier');
  assert.is(fieldOf(patched(4, 0x20, 0x33, 0x30, 0x00)), 'version');
  assert.is(fieldOf(HAND_MADE_BYTES.subarray(0, 20)), 'recordHeader');
  assert.is(fieldOf(patched(8, 0, 0, 0, 41)), 'recordLength');
  assert.is(fieldOf(patched(18, 0, 0)), 'resolutionX');
  assert.is(fieldOf(patched(23, 1)), 'reserved');
  assert.is(fieldOf(patched(24, 11)), 'view[0].fingerPosition');
  assert.is(fieldOf(patched(25, 0x04)), 'view[0].impressionType');
  assert.is(fieldOf(patched(26, 101)), 'view[0].fingerQuality');
  assert.is(fieldOf(patched(28, 0xc0)), 'view[0].minutia[0].type');
  assert.is(fieldOf(patched(28, 0x41, 0x40)), 'view[0].minutia[0].x');
  assert.is(fieldOf(patched(36, 0x81)), 'view[0].minutia[1].reserved');
  assert.is(fieldOf(patched(36, 0x01, 0x90)), 'view[0].minutia[1].y');
  assert.is(fieldOf(patched(39, 101)), 'view[0].minutia[1].quality');
  assert.is(fieldOf(patched(27, 3)), 'view[0].minutiae');
  assert.is(fieldOf(patched(40, 0, 1)), 'view[0].extendedData');
  assert.is(fieldOf(patched(22, 2)), 'view[1].header');
});

test('the error carries the byte offset of the fault', () => {
  try {
    decodeFingerMinutiaeRecord(patched(36, 0x01, 0x90));
    assert.unreachable('should throw');
  } catch (error) {
    assert.is((error as BiometricError).offset, 36);
  }
});

test('fuzz: 200,000 random and mutated records give a record or BIO_TEMPLATE_MALFORMED, fast', () => {
  const rng = createSeededRandom(0xf022);
  const seeds: Uint8Array[] = [HAND_MADE_BYTES];
  for (let i = 0; i < 40; i++) {
    const level = [DIFFICULTY_LEVELS.easy, DIFFICULTY_LEVELS.medium, DIFFICULTY_LEVELS.hard][i % 3]!;
    const record = generateImpression(generateSyntheticFinger(i), level, i).record;
    const views = i % 4 === 0 ? [record.views[0]!, { ...record.views[0]!, viewNumber: 1, extendedData: Uint8Array.of(i, 0, 4) }] : record.views;
    seeds.push(encodeFingerMinutiaeRecord({ ...record, views }));
  }
  let decoded = 0;
  let rejected = 0;
  let slowest = 0;
  for (let n = 0; n < 200_000; n++) {
    const input = n % 5 === 0 ? randomBytes(rng, 120, HAND_MADE_BYTES.subarray(0, 8)) : mutate(rng, seeds[n % seeds.length]!, 8);
    const t0 = performance.now();
    try {
      const record = decodeFingerMinutiaeRecord(input);
      decoded++;
      // Strict decoding: whatever decodes re-encodes to the very same bytes.
      const again = encodeFingerMinutiaeRecord(record);
      if (again.length !== input.length || again.some((b, i) => b !== input[i])) assert.unreachable(`re-encoding differs (#${n})`);
    } catch (error) {
      if (!(error instanceof BiometricError) || error.code !== 'BIO_TEMPLATE_MALFORMED' || error.field === '') throw error;
      rejected++;
    }
    slowest = Math.max(slowest, performance.now() - t0);
  }
  assert.ok(decoded > 1000, `only ${decoded} inputs decoded: the mutations are too destructive to test anything`);
  assert.ok(rejected > 100_000, `only ${rejected} rejected`);
  // A per-call bound on wall time: generous, as the machine is shared (a pause of the whole process counts too),
  // yet far below what a loop that does not terminate, or work beyond linear in a 300-byte input, would take.
  assert.ok(slowest < 1000, `slowest call took ${slowest.toFixed(1)} ms`);
});

test.run();
