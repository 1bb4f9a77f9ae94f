import * as assert from 'uvu/assert';
import { sortPairs } from '../../../terminal/blocklist/sort-pairs.ts';
import { suite } from '../../support/suite.ts';
import { seeded } from './random-ids.ts';

const test = suite('terminal/blocklist/sort-pairs');

test('sorts (hi, lo) pairs as 64-bit values, in place', () => {
  const next = seeded(3);
  const n = 5000;
  const hi = new Uint32Array(n).map(() => next() & 0x8000_00ff);
  const lo = new Uint32Array(n).map(() => next());
  const expected = [...hi].map((h, i) => (BigInt(h) << 32n) | BigInt(lo[i]!)).sort((a, b) => (a < b ? -1 : a > b ? 1 : 0));
  sortPairs(hi, lo);
  assert.equal([...hi].map((h, i) => (BigInt(h) << 32n) | BigInt(lo[i]!)), expected);
});

test('empty and single inputs are left alone', () => {
  const hi = Uint32Array.of(9);
  const lo = Uint32Array.of(1);
  sortPairs(hi, lo);
  assert.equal([hi[0], lo[0]], [9, 1]);
  sortPairs(new Uint32Array(0), new Uint32Array(0));
});

test.run();
