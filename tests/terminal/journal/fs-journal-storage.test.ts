import * as assert from 'uvu/assert';
import { mkdtemp, readFile, rm, stat, truncate } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { suite } from '../../support/suite.ts';
import { FsJournalStorage } from '../../../terminal/journal/fs-journal-storage.ts';
import { Journal } from '../../../terminal/journal/journal.ts';

const test = suite('terminal/journal/fs-journal-storage');
let dir = '';
test.before.each(async () => {
  dir = await mkdtemp(join(tmpdir(), 'kart-journal-'));
});
test.after.each(async () => {
  await rm(dir, { recursive: true, force: true });
});

test('files are created 0600, appended at the end, read back, truncated, renamed and removed', async () => {
  const storage = new FsJournalStorage(dir);
  assert.is(await storage.exists('a'), false);
  const file = await storage.create('a');
  await storage.syncDir();
  await file.append(new Uint8Array([1, 2, 3]));
  await file.append(new Uint8Array([4, 5]));
  await file.datasync();
  assert.is(file.size, 5);
  assert.equal([...(await file.read(1, 3))], [2, 3, 4]);
  assert.equal([...(await file.read(3, 100))], [4, 5]);
  await file.truncate(2);
  await file.datasync();
  await file.close();
  assert.is((await stat(join(dir, 'a'))).mode & 0o777, 0o600);
  await storage.rename('a', 'b');
  await storage.syncDir();
  const reopened = await storage.open('b');
  assert.is(reopened.size, 2);
  await reopened.close();
  assert.equal([...(await readFile(join(dir, 'b')))], [1, 2]);
  await storage.remove('b');
  await storage.remove('b');
  assert.is(await storage.exists('b'), false);
});

test('a journal on disk survives reopen, and a torn tail on disk is cut and reported', async () => {
  const storage = new FsJournalStorage(dir);
  const journal = await Journal.open({ storage });
  for (let i = 1; i <= 3; i++) await journal.append({ type: 1, body: new Uint8Array(40).fill(i) });
  const { size } = journal.state;
  await journal.close();
  await truncate(join(dir, 'journal.cbor'), size - 7);
  const again = await Journal.open({ storage });
  assert.is(again.openReport.tailCut?.reason, 'incomplete');
  assert.is(again.state.lastSeq, 2);
  assert.is((await again.append({ type: 1, body: new Uint8Array(1) })).seq, 3);
  again.acknowledge(2, { durable: true });
  assert.equal(await again.compact(), { removedRecords: 2 });
  await again.close();
  const third = await Journal.open({ storage });
  assert.equal((await third.read(0)).map((r) => r.seq), [3]);
  await third.close();
});

test.run();
