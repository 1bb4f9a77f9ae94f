import * as assert from 'uvu/assert';
import { Blocklist } from '../../../terminal/blocklist/blocklist.ts';
import type { BlocklistDelta } from '../../../terminal/blocklist/blocklist-delta.ts';
import { isTerminalError } from '../../../terminal/errors.ts';
import { SchemaError } from '../../../terminal/schemas/schema-error.ts';
import { suite } from '../../support/suite.ts';
import { idAt, randomPackedIds, seeded, sequentialPackedIds, sortedUnique } from './random-ids.ts';

const test = suite('terminal/blocklist/blocklist');
const N = 20_000;
const listed = randomPackedIds(N, 1);
const list = Blocklist.fromIds(5, listed);

const delta = (fromVersion: number, toVersion: number, adds: Uint8Array, removes: Uint8Array = new Uint8Array(0)): BlocklistDelta => ({
  version: 1, fromVersion, toVersion, adds: sortedUnique(adds), removes: sortedUnique(removes),
  signerKeyId: new Uint8Array(8), signature: new Uint8Array(64),
});
const throwsCode = (fn: () => unknown, code: string): void => {
  try {
    fn();
  } catch (error) {
    assert.ok(isTerminalError(error), String(error));
    assert.is((error as { code: string }).code, code);
    return;
  }
  assert.unreachable(`expected ${code}`);
};

test('every listed id is found; version and size are kept', () => {
  assert.is(list.version, 5);
  assert.is(list.size, N);
  for (let i = 0; i < N; i++) assert.ok(list.has(idAt(listed, i)), `id ${i}`);
});

test('no false positives: random non-members and near neighbours are not found', () => {
  const others = randomPackedIds(50_000, 2);
  for (let i = 0; i < 50_000; i++) assert.not.ok(list.has(idAt(others, i)));
  for (let i = 0; i < 1000; i++) {
    const near = idAt(listed, i).slice();
    near[7] = near[7]! ^ 1;
    assert.not.ok(list.has(near), 'a listed id with its last bit flipped');
    const far = idAt(listed, i).slice();
    far[0] = far[0]! ^ 0x80;
    assert.not.ok(list.has(far), 'a listed id with its first bit flipped');
  }
});

test('sequential ids (issued in order) spread over buckets and stay exact', () => {
  const ids = sequentialPackedIds(10_000, 0x50780300, 17);
  const seq = Blocklist.fromIds(1, ids);
  assert.is(seq.size, 10_000);
  for (let i = 0; i < 10_000; i++) assert.ok(seq.has(idAt(ids, i)));
  assert.not.ok(seq.has(idAt(sequentialPackedIds(1, 0x50780300, 16), 0)));
  assert.not.ok(seq.has(idAt(sequentialPackedIds(1, 0x50780300, 10_017), 0)));
});

test('extreme ids, duplicates and the empty list', () => {
  const edge = new Uint8Array([...new Uint8Array(8), ...new Uint8Array(8).fill(0xff), ...new Uint8Array(8)]);
  const l = Blocklist.fromIds(1, edge);
  assert.is(l.size, 2);
  assert.ok(l.has(new Uint8Array(8)));
  assert.ok(l.has(new Uint8Array(8).fill(0xff)));
  assert.not.ok(Blocklist.empty().has(new Uint8Array(8)));
  assert.is(Blocklist.empty().version, 0);
  assert.throws(() => l.has(new Uint8Array(7)), RangeError);
});

test('a delta adds and removes; the version moves', () => {
  const l = Blocklist.fromIds(5, listed);
  const adds = randomPackedIds(500, 3);
  const removes = listed.subarray(0, 300 * 8);
  l.applyDelta(delta(5, 6, adds, removes));
  assert.is(l.version, 6);
  assert.is(l.size, N + 500 - 300);
  for (let i = 0; i < 500; i++) assert.ok(l.has(idAt(adds, i)));
  for (let i = 0; i < 300; i++) assert.not.ok(l.has(idAt(listed, i)));
  for (let i = 300; i < N; i++) assert.ok(l.has(idAt(listed, i)));
});

test('a delta from another version is refused with TERM_BLOCKLIST_VERSION, list unchanged', () => {
  const l = Blocklist.fromIds(5, listed);
  throwsCode(() => l.applyDelta(delta(4, 6, randomPackedIds(3, 4))), 'TERM_BLOCKLIST_VERSION');
  throwsCode(() => l.applyDelta(delta(6, 7, randomPackedIds(3, 4))), 'TERM_BLOCKLIST_VERSION');
  throwsCode(() => l.applyDelta(delta(0, 5, randomPackedIds(3, 4))), 'TERM_BLOCKLIST_VERSION');
  assert.is(l.version, 5);
  assert.is(l.size, N);
});

test('atomic: a conflicting delta leaves the old list intact', () => {
  const l = Blocklist.fromIds(5, listed);
  const before = l.ids();
  const adds = new Uint8Array([...randomPackedIds(100, 5), ...idAt(listed, 7)]);
  throwsCode(() => l.applyDelta(delta(5, 6, adds)), 'TERM_BLOCKLIST_CONFLICT');
  throwsCode(() => l.applyDelta(delta(5, 6, new Uint8Array(0), randomPackedIds(1, 6))), 'TERM_BLOCKLIST_CONFLICT');
  assert.is(l.version, 5);
  assert.equal(l.ids(), before);
  assert.not.ok(l.has(idAt(randomPackedIds(100, 5), 0)));
});

test('a full list (from version 0) replaces an older list, never a newer one', () => {
  const l = Blocklist.fromIds(5, listed);
  const fresh = randomPackedIds(50, 7);
  l.applyDelta(delta(0, 9, fresh));
  assert.is(l.version, 9);
  assert.is(l.size, 50);
  assert.not.ok(l.has(idAt(listed, 0)));
  throwsCode(() => l.applyDelta(delta(0, 9, listed)), 'TERM_BLOCKLIST_VERSION');
});

test('serialize round trip: same version, same ids, 8 bytes a card plus a small header', () => {
  const bytes = list.serialize();
  assert.ok(bytes.length <= N * 8 + 16, `${bytes.length} bytes`);
  const back = Blocklist.deserialize(bytes);
  assert.is(back.version, 5);
  assert.equal(back.ids(), list.ids());
  assert.equal(back.ids(), sortedUnique(listed));
});

test('fuzz: damaged serialized bytes give SCHEMA_INVALID or a valid list, never a crash', () => {
  const small = Blocklist.fromIds(3, randomPackedIds(40, 8)).serialize();
  const next = seeded(99);
  let refused = 0;
  for (let n = 0; n < 1000; n++) {
    const bytes = small.slice();
    bytes[next() % bytes.length] = next() & 0xff;
    const cut = next() % 5 === 0 ? bytes.subarray(0, next() % bytes.length) : bytes;
    try {
      Blocklist.deserialize(cut);
    } catch (error) {
      assert.ok(error instanceof SchemaError, String(error));
      refused++;
    }
  }
  assert.ok(refused > 300, `refused ${refused}`);
});

test.run();
