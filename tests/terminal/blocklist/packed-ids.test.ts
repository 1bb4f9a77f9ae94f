import * as assert from 'uvu/assert';
import { assertDisjoint, compareIds, readPackedIds } from '../../../terminal/blocklist/packed-ids.ts';
import { suite } from '../../support/suite.ts';
import { throwsSchemaError } from '../schemas/vector-helpers.ts';

const test = suite('terminal/blocklist/packed-ids');
const id = (n: number): number[] => [0, 0, 0, 0, 0, 0, n >> 8, n & 0xff];

test('compareIds is unsigned big-endian', () => {
  const a = Uint8Array.of(...id(1), 0x80, 0, 0, 0, 0, 0, 0, 0);
  assert.ok(compareIds(a, 0, a, 8) < 0);
  assert.ok(compareIds(a, 8, a, 0) > 0);
  assert.is(compareIds(a, 0, a, 0), 0);
});

test('readPackedIds accepts ascending lists and names the offending id', () => {
  assert.equal(readPackedIds(Uint8Array.of(...id(1), ...id(2)), 'p'), Uint8Array.of(...id(1), ...id(2)));
  assert.equal(readPackedIds(new Uint8Array(0), 'p'), new Uint8Array(0));
  throwsSchemaError(() => readPackedIds(Uint8Array.of(...id(1), ...id(3), ...id(2)), 'p'), 'p[2]', 'ascending');
  throwsSchemaError(() => readPackedIds(new Uint8Array(7), 'p'), 'p', 'multiple of 8');
  throwsSchemaError(() => readPackedIds('ids', 'p'), 'p', 'byte string');
});

test('assertDisjoint finds a shared id', () => {
  assertDisjoint(Uint8Array.of(...id(1), ...id(3)), Uint8Array.of(...id(2)), 'p');
  throwsSchemaError(() => assertDisjoint(Uint8Array.of(...id(1), ...id(3)), Uint8Array.of(...id(3)), 'p'), 'p', 'both added and removed');
});

test.run();
