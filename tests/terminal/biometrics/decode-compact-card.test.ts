import * as assert from 'uvu/assert';
import { suite } from '../../support/suite.ts';
import { BiometricError } from '../../../terminal/biometrics/errors.ts';
import { decodeCompactCard } from '../../../terminal/biometrics/decode-compact-card.ts';
import { encodeCompactCard } from '../../../terminal/biometrics/encode-compact-card.ts';
import { createSeededRandom } from '../../../terminal/biometrics/seeded-random.ts';
import { HAND_MADE_COMPACT_BYTES } from './hand-made-record.ts';
import { mutate, randomBytes } from './record-mutator.ts';

const test = suite('terminal/biometrics/decode-compact-card', { timeoutMs: 60_000 });

function fieldOf(bytes: Uint8Array): string {
  try {
    decodeCompactCard(bytes);
  } catch (error) {
    assert.instance(error, BiometricError);
    assert.is((error as BiometricError).code, 'BIO_TEMPLATE_MALFORMED');
    return (error as BiometricError).field;
  }
  throw new Error('expected a BiometricError');
}

test('decodes the hand-made compact bytes', () => {
  assert.equal(decodeCompactCard(HAND_MADE_COMPACT_BYTES), [
    { x: 51, y: 102, type: 1, angle: 16 },
    { x: 8, y: 152, type: 2, angle: 50 },
  ]);
  assert.equal(decodeCompactCard(new Uint8Array(0)), []);
});

test('faults name the field', () => {
  assert.is(fieldOf(HAND_MADE_COMPACT_BYTES.subarray(0, 5)), 'length');
  assert.is(fieldOf(Uint8Array.of(1, 2, 0x50, 3, 4, 0xc0)), 'minutia[1].type');
});

test('fuzz: 200,000 random and mutated inputs give minutiae that re-encode exactly, or BIO_TEMPLATE_MALFORMED', () => {
  const rng = createSeededRandom(0xc0ac7);
  let decoded = 0;
  let slowest = 0;
  for (let n = 0; n < 200_000; n++) {
    const input = n % 2 === 0 ? randomBytes(rng, 400) : mutate(rng, HAND_MADE_COMPACT_BYTES, undefined);
    const t0 = performance.now();
    try {
      const again = encodeCompactCard(decodeCompactCard(input));
      decoded++;
      if (again.length !== input.length || again.some((b, i) => b !== input[i])) assert.unreachable(`re-encoding differs (#${n})`);
    } catch (error) {
      if (!(error instanceof BiometricError) || error.code !== 'BIO_TEMPLATE_MALFORMED') throw error;
    }
    slowest = Math.max(slowest, performance.now() - t0);
  }
  assert.ok(decoded > 10_000, `only ${decoded} decoded`);
  assert.ok(slowest < 1000, `slowest call took ${slowest.toFixed(1)} ms (a generous bound for a shared machine)`);
});

test.run();
