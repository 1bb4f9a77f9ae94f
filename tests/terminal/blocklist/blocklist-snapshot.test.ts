import * as assert from 'uvu/assert';
import { blocklistSnapshotCodec } from '../../../terminal/blocklist/blocklist-snapshot.ts';
import { suite } from '../../support/suite.ts';
import { mutated, throwsSchemaError } from '../schemas/vector-helpers.ts';
import { randomPackedIds, sortedUnique } from './random-ids.ts';

const test = suite('terminal/blocklist/blocklist-snapshot');
const ids = sortedUnique(randomPackedIds(100, 11));
const bytes = blocklistSnapshotCodec.encode({ version: 1, listVersion: 77, ids });

test('round trip; 8 bytes a card plus a header of a few bytes', () => {
  assert.equal(blocklistSnapshotCodec.decode(bytes), { version: 1, listVersion: 77, ids });
  assert.ok(bytes.length <= ids.length + 8);
});

test('malformed snapshots name the field', () => {
  throwsSchemaError(() => blocklistSnapshotCodec.decode(mutated(bytes, (r) => (r[0] = 0))), 'blocklistSnapshot[0].version');
  throwsSchemaError(() => blocklistSnapshotCodec.decode(mutated(bytes, (r) => (r[1] = -1))), 'blocklistSnapshot[1].listVersion');
  throwsSchemaError(() => blocklistSnapshotCodec.decode(mutated(bytes, (r) => (r[2] = ids.slice().reverse()))), 'blocklistSnapshot[2].ids[1]', 'ascending');
  throwsSchemaError(() => blocklistSnapshotCodec.decode(mutated(bytes, (r) => r.push(1))), 'blocklistSnapshot', 'got 4');
  throwsSchemaError(() => blocklistSnapshotCodec.encode({ version: 1, listVersion: 1, ids: new Uint8Array(9) }), 'blocklistSnapshot[2].ids', 'multiple of 8');
});

test.run();
