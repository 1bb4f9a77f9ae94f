import * as assert from 'uvu/assert';
import { suite } from '../../support/suite.ts';
import { TerminalError } from '../../../terminal/errors.ts';
import { Journal } from '../../../terminal/journal/journal.ts';
import { encodeJournalRecord, parseJournalRecordAt } from '../../../terminal/journal/journal-record.ts';
import { PowerLossStorage } from '../../../terminal/journal/power-loss-storage.ts';
import { crashRun } from './crash-property.ts';

const test = suite('terminal/journal/journal', { timeoutMs: 60_000 });
const NAME = 'journal.cbor';
const hex = (bytes: Uint8Array): string => Buffer.from(bytes).toString('hex');
const body = (n: number): Uint8Array => new Uint8Array(20).fill(n);

async function journalWith(count: number, options: { maxBytes?: number } = {}) {
  const disk = new PowerLossStorage({ seed: 1 });
  let now = 1_700_000_000_000;
  const open = () => Journal.open({ storage: disk, clock: () => now++, ...options });
  const journal = await open();
  const appended = [];
  for (let i = 1; i <= count; i++) appended.push(await journal.append({ type: 1, body: body(i) }));
  return { disk, journal, appended, open };
}

/** Byte offsets of each frame in a journal file (the checkpoint first). */
function frameOffsets(bytes: Uint8Array): number[] {
  const offsets: number[] = [];
  for (let at = 0; at < bytes.length; ) {
    const frame = parseJournalRecordAt(bytes, at);
    if (!frame.ok) throw new Error(`test setup: no frame at ${at}`);
    offsets.push(at);
    at = frame.end;
  }
  return offsets;
}

async function expectCode(promise: Promise<unknown>, code: string): Promise<TerminalError> {
  try {
    await promise;
  } catch (error) {
    assert.instance(error, TerminalError);
    assert.is((error as TerminalError).code, code, (error as Error).message);
    return error as TerminalError;
  }
  assert.unreachable(`expected ${code}`);
  throw new Error('unreachable');
}

test('appended records come back after reopening, in order, with contiguous seq and the same hashes', async () => {
  const { journal, appended, open } = await journalWith(5);
  assert.equal(appended.map((a) => a.seq), [1, 2, 3, 4, 5]);
  await journal.close();
  const again = await open();
  assert.equal(again.openReport, { created: false, tailCut: undefined, removedTempFile: false });
  const records = await again.read(1);
  assert.equal(records.map((r) => r.seq), [1, 2, 3, 4, 5]);
  assert.equal(records.map((r) => hex(r.body)), [1, 2, 3, 4, 5].map((i) => hex(body(i))));
  assert.equal(records.map((r) => hex(r.hash)), appended.map((a) => hex(a.hash)));
  assert.equal((await again.append({ type: 2, body: body(6) })).seq, 6);
  assert.equal((await again.read(4, 2)).map((r) => r.seq), [4, 5]);
  await expectCode(journal.append({ type: 1, body: body(0) }), 'TERM_JOURNAL_CLOSED');
});

test('each record carries the previous record hash; the first chains to the zero anchor', async () => {
  const { journal } = await journalWith(4);
  const records = await journal.read(1);
  assert.is(hex(records[0]!.prevHash), '00'.repeat(32));
  for (let i = 1; i < records.length; i++) assert.is(hex(records[i]!.prevHash), hex(records[i - 1]!.hash));
  assert.is(hex(journal.state.lastHash), hex(records[3]!.hash));
});

test('a torn last record is cut at open at every byte offset, reported, and the journal goes on', async () => {
  const { disk, open } = await journalWith(3);
  const whole = disk.peek(NAME)!;
  const lastStart = frameOffsets(whole).at(-1)!;
  for (let cut = lastStart; cut < whole.length; cut++) {
    disk.poke(NAME, whole.subarray(0, cut));
    const journal = await open();
    const expected = cut === lastStart ? undefined : { offset: lastStart, bytesCut: cut - lastStart, reason: 'incomplete' };
    assert.equal(journal.openReport.tailCut, expected, `cut at ${cut}`);
    assert.equal((await journal.read(1)).map((r) => r.seq), [1, 2], `cut at ${cut}`);
    assert.is(disk.peek(NAME)!.length, lastStart, `truncated at ${cut}`);
    assert.is((await journal.append({ type: 1, body: body(9) })).seq, 3);
    const reopened = await open();
    assert.is(reopened.openReport.tailCut, undefined);
    assert.equal((await reopened.read(1)).map((r) => hex(r.body)), [hex(body(1)), hex(body(2)), hex(body(9))]);
  }
});

test('a corrupted tail (bad hash, zeros) is cut and reported with its reason', async () => {
  const { disk, open } = await journalWith(3);
  const whole = disk.peek(NAME)!;
  const flipped = whole.slice();
  flipped[whole.length - 40]! ^= 0x01;
  disk.poke(NAME, flipped);
  const journal = await open();
  assert.is(journal.openReport.tailCut?.reason, 'hash-mismatch');
  assert.is(journal.state.lastSeq, 2);
  disk.poke(NAME, Buffer.concat([disk.peek(NAME)!, new Uint8Array(4096)]));
  const zeros = await open();
  assert.equal(zeros.openReport.tailCut, { offset: disk.peek(NAME)!.length, bytesCut: 4096, reason: 'malformed' });
});

test('damage in the middle is TERM_JOURNAL_CORRUPT and nothing is cut', async () => {
  const { disk, open } = await journalWith(4);
  const whole = disk.peek(NAME)!;
  const second = frameOffsets(whole)[2]!;
  for (const at of [second, second + 5, second + 30]) {
    const bad = whole.slice();
    bad[at]! ^= 0x40;
    disk.poke(NAME, bad);
    const error = await expectCode(open(), 'TERM_JOURNAL_CORRUPT');
    assert.ok(error.userMessage?.ar);
    assert.is(hex(disk.peek(NAME)!), hex(bad), 'file left as it was');
  }
});

test('a record that verifies itself but does not chain is TERM_JOURNAL_CORRUPT, even at the tail', async () => {
  const { disk, open, appended } = await journalWith(3);
  const whole = disk.peek(NAME)!;
  const offsets = frameOffsets(whole);
  const forged = encodeJournalRecord({ seq: 4, time: 1, type: 1, body: body(7), prevHash: appended[0]!.hash }).bytes;
  disk.poke(NAME, Buffer.concat([whole, forged]));
  await expectCode(open(), 'TERM_JOURNAL_CORRUPT');
  const gap = encodeJournalRecord({ seq: 5, time: 1, type: 1, body: body(7), prevHash: appended[2]!.hash }).bytes;
  disk.poke(NAME, Buffer.concat([whole, gap]));
  await expectCode(open(), 'TERM_JOURNAL_CORRUPT');
  disk.poke(NAME, Buffer.concat([whole.subarray(0, offsets[2]), whole.subarray(offsets[3]!)]));
  await expectCode(open(), 'TERM_JOURNAL_CORRUPT');
});

test('when full, append fails with TERM_JOURNAL_FULL and the file is not touched; non-durable acks do not free it', async () => {
  const { disk, journal } = await journalWith(0, { maxBytes: 600 });
  let appended = 0;
  let error: TerminalError | undefined;
  while (!error) {
    try {
      await journal.append({ type: 1, body: body(appended + 1) });
      appended++;
    } catch (e) {
      error = e as TerminalError;
    }
  }
  assert.is(error.code, 'TERM_JOURNAL_FULL');
  assert.match(error.userMessage!.en, 'full');
  assert.ok(appended >= 5);
  const before = hex(disk.peek(NAME)!);
  journal.acknowledge(appended, { durable: false });
  await expectCode(journal.append({ type: 1, body: body(99) }), 'TERM_JOURNAL_FULL');
  assert.is(hex(disk.peek(NAME)!), before);
  assert.equal((await journal.compact()).removedRecords, 0);
  journal.acknowledge(2, { durable: true });
  assert.is((await journal.append({ type: 1, body: body(99) })).seq, appended + 1);
  assert.is(journal.state.checkpointSeq, 2);
  assert.equal((await journal.read(0)).map((r) => r.seq)[0], 3);
});

test('compaction keeps unacknowledged records and the chain, across a reopen', async () => {
  const { journal, appended, open, disk } = await journalWith(10);
  const sizeBefore = journal.state.size;
  journal.acknowledge(6, { durable: true });
  journal.acknowledge(9, { durable: false });
  assert.equal(await journal.compact(), { removedRecords: 6 });
  assert.ok(journal.state.size < sizeBefore);
  assert.is(journal.state.checkpointSeq, 6);
  assert.is(hex(journal.state.checkpointHash), hex(appended[5]!.hash));
  const check = async (j: Journal) => {
    const records = await j.read(0, 4);
    assert.equal(records.map((r) => r.seq), [7, 8, 9, 10]);
    assert.is(hex(records[0]!.prevHash), hex(appended[5]!.hash));
    assert.equal(records.map((r) => hex(r.hash)), appended.slice(6).map((a) => hex(a.hash)));
  };
  await check(journal);
  assert.is((await journal.append({ type: 1, body: body(11) })).seq, 11);
  await journal.close();
  const again = await open();
  assert.is(again.state.checkpointSeq, 6);
  assert.equal((await again.read(0)).map((r) => r.seq), [7, 8, 9, 10, 11]);
  assert.is(disk.peek(`${NAME}.tmp`), undefined);
  await check(again);
});

test('a temporary file left by an interrupted compaction is removed at open', async () => {
  const { disk, open } = await journalWith(2);
  disk.poke(`${NAME}.tmp`, new Uint8Array([1, 2, 3]));
  const journal = await open();
  assert.ok(journal.openReport.removedTempFile);
  assert.is(disk.peek(`${NAME}.tmp`), undefined);
  assert.is(journal.state.lastSeq, 2);
});

test('bad acknowledgements and entries are typed errors', async () => {
  const { journal } = await journalWith(2);
  assert.throws(() => journal.acknowledge(3, { durable: true }), (e: unknown) => (e as TerminalError).code === 'TERM_JOURNAL_ACK_INVALID');
  assert.throws(() => journal.acknowledge(-1, { durable: true }), (e: unknown) => (e as TerminalError).code === 'TERM_JOURNAL_ACK_INVALID');
  for (const entry of [{ type: 0, body: body(1) }, { type: 1.5, body: body(1) }, { type: 1, body: 'x' as unknown as Uint8Array }, { type: 1, body: body(1), time: -1 }]) {
    await expectCode(journal.append(entry), 'TERM_JOURNAL_RECORD_INVALID');
  }
  await expectCode(journal.append({ type: 1, body: new Uint8Array(70_000) }), 'TERM_JOURNAL_RECORD_INVALID');
  assert.is(journal.state.lastSeq, 2);
});

test('after a failed write the journal refuses further use until reopened', async () => {
  const { disk, journal, open } = await journalWith(2);
  disk.cutAtOperation(2);
  const error = await expectCode(journal.append({ type: 1, body: body(3) }), 'TERM_JOURNAL_IO');
  assert.is((error.cause as Error).name, 'PowerCutError');
  await expectCode(journal.append({ type: 1, body: body(4) }), 'TERM_JOURNAL_IO');
  const again = await open();
  assert.ok(again.state.lastSeq === 2 || again.state.lastSeq === 3);
});

test('crash property: 300 seeded runs of appends, acks and compactions with power cuts lose no resolved append', async () => {
  const violations: string[] = [];
  for (let seed = 1; seed <= 300; seed++) violations.push(...(await crashRun(seed)));
  assert.equal(violations, []);
});

test('crash property catches a journal without fdatasync: it loses approvals that had resolved', async () => {
  const violations: string[] = [];
  for (let seed = 1; seed <= 40; seed++) violations.push(...(await crashRun(seed, { unsafeSkipSync: true })));
  assert.ok(violations.some((v) => v.includes('lost approval')), 'the crash check found no lost approval');
});

test.run();
