import * as assert from 'uvu/assert';
import { PersistentStore } from '../../card/persistent-store.ts';
import { suite } from '../support/suite.ts';

const test = suite('card/persistent-store');
const b = (...values: number[]): Uint8Array => Uint8Array.from(values);

test('writes in a transaction are visible inside it and durable only after commit', () => {
  const store = new PersistentStore();
  store.begin();
  store.set('a', b(1));
  store.set('b', b(2));
  assert.equal(store.get('a'), b(1));
  assert.equal(store.entries(), []);
  store.commit();
  assert.equal(store.entries(), [['a', b(1)], ['b', b(2)]]);
});

test('rollback discards every write and delete of the transaction', () => {
  const store = new PersistentStore([['a', b(1)]]);
  store.begin();
  store.set('a', b(9));
  store.set('c', b(3));
  store.delete('a');
  assert.is(store.get('a'), undefined);
  store.rollback();
  assert.equal(store.entries(), [['a', b(1)]]);
});

test('writeNow is durable even when the transaction rolls back', () => {
  const store = new PersistentStore([['tries', b(3)]]);
  store.begin();
  store.set('tries', b(7));
  store.writeNow('tries', b(2));
  assert.equal(store.get('tries'), b(2));
  store.rollback();
  assert.equal(store.get('tries'), b(2));
});

test('values are copied in and out', () => {
  const store = new PersistentStore();
  const value = b(1, 2);
  store.set('k', value);
  value[0] = 9;
  const read = store.get('k')!;
  read[1] = 9;
  assert.equal(store.get('k'), b(1, 2));
});

test('scoped views keep applets apart', () => {
  const store = new PersistentStore();
  const one = store.scoped('A/');
  const two = store.scoped('B/');
  one.set('x', b(1));
  assert.is(two.has('x'), false);
  assert.is(one.has('x'), true);
  assert.equal(store.entries(), [['A/x', b(1)]]);
});

test('version moves on committed changes only', () => {
  const store = new PersistentStore();
  const start = store.version;
  store.begin();
  store.set('a', b(1));
  store.rollback();
  assert.is(store.version, start);
  store.begin();
  store.set('a', b(1));
  store.commit();
  assert.ok(store.version > start);
});

test.run();
