import * as assert from 'uvu/assert';
import { suite } from '../../support/suite.ts';
import { PowerCutError, PowerLossStorage } from '../../../terminal/journal/power-loss-storage.ts';

const test = suite('terminal/journal/power-loss-storage');
const bytes = (...values: number[]): Uint8Array => new Uint8Array(values);

test('a power cut keeps synced writes and drops unsynced ones except the torn last write', async () => {
  let holes = 0;
  for (let seed = 0; seed < 20; seed++) {
    const disk = new PowerLossStorage({ seed });
    const file = await disk.create('f');
    await disk.syncDir();
    await file.append(bytes(1, 2, 3));
    await file.datasync();
    await file.append(bytes(4, 5));
    await file.append(bytes(6, 7, 8, 9));
    assert.equal([...disk.peek('f')!], [1, 2, 3, 4, 5, 6, 7, 8, 9]);
    disk.powerCut();
    const after = [...disk.peek('f')!];
    // The middle write is dropped; a kept prefix of the last one sits at its offset behind a hole of zeros.
    if (after.length === 3) assert.equal(after, [1, 2, 3]);
    else assert.equal(after, [1, 2, 3, 0, 0, ...[6, 7, 8, 9].slice(0, after.length - 5)], `seed ${seed}`);
    if (after.length > 5) holes++;
  }
  assert.ok(holes > 0, 'no seed kept part of the last write');
});

test('the torn prefix length is seeded: the same seed tears alike, seeds differ, every length 0..n occurs', async () => {
  const tornLength = async (seed: number): Promise<number> => {
    const disk = new PowerLossStorage({ seed });
    const file = await disk.create('f');
    await file.datasync();
    await disk.syncDir();
    await file.append(new Uint8Array(10).fill(9));
    disk.powerCut();
    const kept = disk.peek('f')!;
    assert.ok(kept.every((b) => b === 9));
    return kept.length;
  };
  assert.is(await tornLength(3), await tornLength(3));
  const seen = new Set<number>();
  for (let seed = 0; seed < 300; seed++) seen.add(await tornLength(seed));
  assert.equal([...seen].sort((a, b) => a - b), [0, 1, 2, 3, 4, 5, 6, 7, 8, 9, 10]);
});

test('truncate, create and rename are undone by a cut unless synced', async () => {
  const disk = new PowerLossStorage({ seed: 1 });
  const file = await disk.create('a');
  await file.append(bytes(1, 2, 3));
  await file.datasync();
  await disk.syncDir();
  await file.truncate(1);
  await disk.rename('a', 'b');
  await disk.create('c');
  disk.powerCut();
  assert.equal([...disk.peek('a')!], [1, 2, 3]);
  assert.is(disk.peek('b'), undefined);
  assert.is(disk.peek('c'), undefined);
  const again = await disk.open('a');
  await again.truncate(2);
  await again.datasync();
  await disk.rename('a', 'b');
  await disk.syncDir();
  disk.powerCut();
  assert.equal([...disk.peek('b')!], [1, 2]);
  assert.is(await disk.exists('a'), false);
});

test('the n-th I/O operation cuts the power: it throws, a write is torn, old handles are dead', async () => {
  const disk = new PowerLossStorage({ seed: 2 });
  const file = await disk.create('f');
  await disk.syncDir();
  const start = disk.operations;
  disk.cutAtOperation(2);
  await file.append(bytes(1));
  try {
    await file.datasync();
    assert.unreachable('datasync at the kill point succeeded');
  } catch (error) {
    assert.instance(error, PowerCutError);
  }
  assert.is(disk.operations, start + 2);
  assert.is(disk.cuts, 1);
  assert.ok(disk.peek('f')!.length <= 1);
  await file.read(0, 1).then(() => assert.unreachable('stale handle read'), (e: unknown) => assert.instance(e, PowerCutError));
  const fresh = await disk.open('f');
  assert.ok(fresh.size <= 1);
});

test('reading past the end returns what is there; opening a missing file is ENOENT', async () => {
  const disk = new PowerLossStorage({ seed: 3 });
  const file = await disk.create('f');
  await file.append(bytes(1, 2));
  assert.equal([...(await file.read(1, 10))], [2]);
  await disk.open('nope').then(() => assert.unreachable(), (e: unknown) => assert.is((e as { code?: string }).code, 'ENOENT'));
});

test.run();
