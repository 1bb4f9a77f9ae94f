import * as assert from 'uvu/assert';
import { mixCardId, unmixCardId } from '../../../terminal/blocklist/card-id-mix.ts';
import { suite } from '../../support/suite.ts';
import { seeded } from './random-ids.ts';

const test = suite('terminal/blocklist/card-id-mix');

test('unmix inverts mix (a bijection: lookups stay exact)', () => {
  const next = seeded(5);
  const m = new Uint32Array(2);
  const r = new Uint32Array(2);
  for (const [hi, lo] of [[0, 0], [0xffffffff, 0xffffffff], [0x50780300, 17]] as const) {
    mixCardId(hi, lo, m, m.subarray(1), 0);
    unmixCardId(m[0]!, m[1]!, r, r.subarray(1), 0);
    assert.equal([r[0], r[1]], [hi, lo]);
  }
  for (let i = 0; i < 10_000; i++) {
    const hi = next();
    const lo = next();
    mixCardId(hi, lo, m, m.subarray(1), 0);
    unmixCardId(m[0]!, m[1]!, r, r.subarray(1), 0);
    assert.ok(r[0] === hi && r[1] === lo);
  }
});

test('sequential ids spread over the top 16 bits', () => {
  const m = new Uint32Array(2);
  const buckets = new Set<number>();
  for (let i = 0; i < 4096; i++) {
    mixCardId(0x50780300, i, m, m.subarray(1), 0);
    buckets.add(m[0]! >>> 16);
  }
  assert.ok(buckets.size > 3500, `${buckets.size} distinct buckets of 4096 ids`);
});

test.run();
