import * as assert from 'uvu/assert';
import { suite } from '../../support/suite.ts';
import { createSeededRandom } from '../../../terminal/biometrics/seeded-random.ts';

const test = suite('terminal/biometrics/seeded-random');

test('the same seed gives the same sequence; another seed another', () => {
  const a = createSeededRandom(42);
  const b = createSeededRandom(42);
  const c = createSeededRandom(43);
  const xs = Array.from({ length: 100 }, () => a.next());
  assert.equal(Array.from({ length: 100 }, () => b.next()), xs);
  assert.not.equal(Array.from({ length: 100 }, () => c.next()), xs);
});

test('ranges and moments are right', () => {
  const r = createSeededRandom(7);
  let sum = 0;
  let sq = 0;
  const n = 20_000;
  for (let i = 0; i < n; i++) {
    const u = r.next();
    assert.ok(u >= 0 && u < 1);
    const k = r.int(3, 5);
    assert.ok(k === 3 || k === 4 || k === 5);
    const z = r.normal(10, 2);
    sum += z;
    sq += z * z;
  }
  const mean = sum / n;
  assert.ok(Math.abs(mean - 10) < 0.1, `mean ${mean}`);
  assert.ok(Math.abs(Math.sqrt(sq / n - mean * mean) - 2) < 0.1);
});

test.run();
