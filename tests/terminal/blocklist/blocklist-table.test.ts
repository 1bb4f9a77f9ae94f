import * as assert from 'uvu/assert';
import { buildTable, BUCKETS, mergeTable, tableBytes, tableSize, tableToPackedIds } from '../../../terminal/blocklist/blocklist-table.ts';
import { isTerminalError } from '../../../terminal/errors.ts';
import { suite } from '../../support/suite.ts';
import { randomPackedIds, sortedUnique } from './random-ids.ts';

const test = suite('terminal/blocklist/blocklist-table');
const ids = randomPackedIds(3000, 21);

test('build: offsets cover every entry, ids come back sorted, 6 bytes an entry', () => {
  const t = buildTable(new Uint8Array([...ids, ...ids.subarray(0, 80)]));
  assert.is(tableSize(t), 3000, 'duplicates count once');
  assert.is(t.offsets[BUCKETS], 3000);
  assert.is(tableBytes(t), (BUCKETS + 1) * 4 + 3000 * 6);
  assert.equal(tableToPackedIds(t), sortedUnique(ids));
});

test('merge adds and removes, and names the card on a conflict', () => {
  const base = buildTable(ids);
  const adds = randomPackedIds(10, 22);
  const merged = mergeTable(base, buildTable(adds), buildTable(ids.subarray(0, 16)));
  assert.equal(tableToPackedIds(merged), sortedUnique(new Uint8Array([...ids.subarray(16), ...adds])));
  assert.equal(tableToPackedIds(base), sortedUnique(ids), 'base untouched');
  const hex = Buffer.from(ids.subarray(8, 16)).toString('hex');
  try {
    mergeTable(base, buildTable(ids.subarray(8, 16)), buildTable(new Uint8Array(0)));
    assert.unreachable('conflict expected');
  } catch (error) {
    assert.ok(isTerminalError(error, 'TERM_BLOCKLIST_CONFLICT'), String(error));
    assert.ok((error as Error).message.includes(hex), (error as Error).message);
  }
});

test.run();
