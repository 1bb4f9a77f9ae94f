/**
 * Bad batches, one table per kind (tampered, replayed, reordered, truncated, forged), on the embedded PGlite
 * store. Each row: a terminal with six sales has stored 1..2; the bad batch (built from 3..4) is refused with its
 * reason code (or, for bytes that are no batch at all, `LEDGER_BODY_MALFORMED`) and stores nothing; another
 * terminal's good batch right after it is accepted; then the correct 3..4 (the bad batch's good records) and 5..6
 * arrive, and the ledger ends with 1..6, each exactly once.
 */
import * as assert from 'uvu/assert';
import { suite } from '../support/suite.ts';
import { encodeJournalRecord, parseJournalRecordAt } from '../../terminal/journal/journal-record.ts';
import type { KeyStore } from '../../terminal/keys/key-store.ts';
import { decodeBatchAck } from '../../terminal/sync/batch-ack.ts';
import { buildBatch, encodeBatchPayload, terminalKeyIdOf, type BatchPayload, type BuiltBatch } from '../../terminal/sync/batch.ts';
import { parseCoseSign1, signCoseSign1 } from '../../terminal/sync/cose-sign1.ts';
import { Ledger } from '../../ledger/ledger.ts';
import { LedgerError } from '../../ledger/ledger-error.ts';
import { PgliteStore } from '../../ledger/store/pglite-store.ts';
import { CA_CERT, DAY, memoryKeyStore, testCard, testTerminal, type TestCard, type TestTerminal } from './ledger-fixtures.ts';

const test = suite('ledger/ingest-batch', { timeoutMs: 60_000 });
const ctx = {} as { store: PgliteStore; ledger: Ledger; card: TestCard };
let nextTerminal = 8_100;

test.before(async () => {
  ctx.store = await PgliteStore.open();
  ctx.ledger = new Ledger({ store: ctx.store, keys: memoryKeyStore(), trustedCas: [CA_CERT], now: () => (DAY + 1) * 86_400_000 });
  ctx.card = testCard(8100, 8100);
  await ctx.ledger.registerCard(ctx.card.issuerBytes, ctx.card.cardBytes, DAY);
  await ctx.ledger.setHousehold(ctx.card.householdId, 1000);
});
test.after(() => ctx.store?.close());

interface Scene {
  readonly t: TestTerminal;
  /** The correct batch of records 3..4, never sent before the bad one. */
  readonly good: BuiltBatch;
  readonly spki: Uint8Array;
  batch(from: number, to: number, keys?: KeyStore, terminalId?: number): Promise<BuiltBatch>;
  /** Re-signs a changed payload with the terminal's key. */
  resign(payload: BatchPayload): Promise<Uint8Array>;
  /** A changed payload under the good batch's original signature. */
  keepSignature(payload: BatchPayload): Promise<Uint8Array>;
}

interface Row {
  readonly name: string;
  readonly bad: (scene: Scene) => Promise<Uint8Array>;
  /** The refusal reason, or `LEDGER_BODY_MALFORMED` for bytes that are not a signed batch. */
  readonly reason: string;
  /** What the refusal says is stored (default 2; 0 when it answers for a terminal that holds nothing). */
  readonly storedUpTo?: number;
}

async function enrolledTerminal(): Promise<TestTerminal> {
  const t = await testTerminal(nextTerminal++);
  await ctx.ledger.enrolTerminal(t.terminalId, 'bakery', await t.keys.publicKey());
  for (let i = 0; i < 6; i++) await t.sell(ctx.card, 1);
  return t;
}

async function scene(): Promise<Scene> {
  const t = await enrolledTerminal();
  const spki = await t.keys.publicKey();
  const batch = async (from: number, to: number, keys: KeyStore = t.keys, terminalId = t.terminalId) =>
    buildBatch(await t.journal.read(from, to - from + 1), keys, { terminalId, blocklistVersion: 1, parameterVersion: 1 });
  const good = await batch(3, 4);
  const signature = parseCoseSign1(good.bytes).signature;
  const replaying: KeyStore = { publicKey: async () => spki, sign: async () => signature };
  return {
    t, good, spki, batch,
    resign: (payload) => signCoseSign1(encodeBatchPayload(payload), t.keys, { kid: terminalKeyIdOf(spki) }),
    keepSignature: (payload) => signCoseSign1(encodeBatchPayload(payload), replaying, { kid: terminalKeyIdOf(spki) }),
  };
}

const ingest = async (bytes: Uint8Array): Promise<{ reason: string; storedUpTo?: number; raw?: Uint8Array }> => {
  try {
    const result = await ctx.ledger.ingest(bytes);
    const ack = decodeBatchAck(parseCoseSign1(result.ack).payload);
    return { reason: ack.reason, storedUpTo: ack.storedUpToSeq, raw: result.ack };
  } catch (error) {
    if (error instanceof LedgerError) return { reason: error.code };
    throw error;
  }
};

const storedSeqs = async (terminalId: number): Promise<number[]> =>
  (await ctx.store.query('SELECT seq FROM transactions WHERE terminal_id = $1 ORDER BY seq', [terminalId])).map((r) => Number(r['seq']));

/** A record frame with its body changed and its own hash recomputed (so it verifies alone, but not in the chain). */
function reforged(frame: Uint8Array): Uint8Array {
  const parsed = parseJournalRecordAt(frame, 0);
  if (!parsed.ok) throw new Error('test setup: not a frame');
  const body = parsed.record.body.slice();
  body[body.length - 1]! ^= 0x01;
  return encodeJournalRecord({ ...parsed.record, body }).bytes;
}

/** Runs a table: each row refused with its reason, nothing of it stored, nothing good lost. */
function table(kind: string, rows: readonly Row[]): void {
  test(`${kind} batches are refused with their reason codes and nothing good is lost`, async () => {
    for (const row of rows) {
      const s = await scene();
      assert.is((await ingest((await s.batch(1, 2)).bytes)).reason, 'OK', `${row.name}: setup`);
      const bad = await row.bad(s);
      const answer = await ingest(bad);
      assert.is(answer.reason, row.reason, row.name);
      if (answer.storedUpTo !== undefined) assert.is(answer.storedUpTo, row.storedUpTo ?? 2, `${row.name}: says what is stored`);
      assert.equal(await storedSeqs(s.t.terminalId), [1, 2], `${row.name}: nothing of the bad batch stored`);
      const other = await enrolledTerminal();
      const otherBatch = await buildBatch(await other.journal.read(1, 6), other.keys, { terminalId: other.terminalId, blocklistVersion: 1, parameterVersion: 1 });
      assert.is((await ingest(otherBatch.bytes)).reason, 'OK', `${row.name}: a good batch right after the bad one`);
      assert.is((await ingest(s.good.bytes)).reason, 'OK', `${row.name}: the bad batch's good records, re-sent correctly`);
      assert.is((await ingest((await s.batch(5, 6)).bytes)).storedUpTo, 6, `${row.name}: the next batch`);
      assert.equal(await storedSeqs(s.t.terminalId), [1, 2, 3, 4, 5, 6], `${row.name}: each record exactly once`);
    }
  });
}

table('tampered', [
  { name: 'a record byte flipped under the signature', reason: 'SIGNATURE_INVALID', bad: (s) => {
    const records = s.good.payload.records.map((r) => r.slice());
    records[1]![records[1]!.length - 40]! ^= 0x01;
    return s.keepSignature({ ...s.good.payload, records });
  } },
  { name: 'totals raised under the signature', reason: 'SIGNATURE_INVALID', bad: (s) => s.keepSignature({ ...s.good.payload, totals: [{ service: 1, type: 0, count: 2, amount: 9 }] }) },
  { name: 'versions changed under the signature', reason: 'SIGNATURE_INVALID', bad: (s) => s.keepSignature({ ...s.good.payload, blocklistVersion: 0 }) },
  { name: 'signature bits flipped', reason: 'SIGNATURE_INVALID', bad: async (s) => {
    const bytes = s.good.bytes.slice();
    bytes[bytes.length - 1]! ^= 0x80;
    return bytes;
  } },
]);

table('replayed', [
  { name: 'the stored 1..2 re-built with another body (reused id)', reason: 'BATCH_ID_REUSED', bad: async (s) => (await s.batch(1, 3)).bytes },
  { name: 'stored record 2 replayed in a new batch 2..3', reason: 'BATCH_OVERLAP', bad: async (s) => (await s.batch(2, 3)).bytes },
  { name: 'a captured batch replayed as another terminal’s', reason: 'KEY_UNKNOWN', storedUpTo: 0, bad: async (s) => {
    const other = await enrolledTerminal();
    return s.keepSignature({ ...s.good.payload, terminalId: other.terminalId });
  } },
]);

table('reordered', [
  { name: 'a later batch before 3..4', reason: 'SEQ_GAP', bad: async (s) => (await s.batch(5, 6)).bytes },
  { name: 'records swapped inside the batch', reason: 'RECORDS_NOT_CONTIGUOUS', bad: (s) => s.resign({ ...s.good.payload, records: [...s.good.payload.records].reverse() }) },
  { name: 'records 5..6 under the header of 3..4 (signed)', reason: 'RECORDS_NOT_CONTIGUOUS', bad: async (s) => s.resign({ ...s.good.payload, records: (await s.batch(5, 6)).payload.records }) },
]);

table('truncated', [
  { name: 'message cut in the header', reason: 'LEDGER_BODY_MALFORMED', bad: async (s) => s.good.bytes.subarray(0, 5) },
  { name: 'message cut in the payload', reason: 'LEDGER_BODY_MALFORMED', bad: async (s) => s.good.bytes.subarray(0, Math.floor(s.good.bytes.length / 2)) },
  { name: 'message cut in the signature', reason: 'LEDGER_BODY_MALFORMED', bad: async (s) => s.good.bytes.subarray(0, s.good.bytes.length - 1) },
  { name: 'a record dropped, range kept (signed)', reason: 'RECORDS_RANGE_MISMATCH', bad: (s) => s.resign({ ...s.good.payload, records: s.good.payload.records.slice(0, 1) }) },
  { name: 'a record frame cut short (signed)', reason: 'RECORD_FRAME_INVALID', bad: (s) => s.resign({ ...s.good.payload, records: [s.good.payload.records[0]!, s.good.payload.records[1]!.subarray(0, 50)] }) },
]);

table('forged', [
  { name: 'signed by a key the ledger does not know', reason: 'KEY_UNKNOWN', bad: async (s) => (await s.batch(3, 4, memoryKeyStore())).bytes },
  { name: 'the enrolled key id, another key’s signature', reason: 'SIGNATURE_INVALID', bad: (s) => signCoseSign1(encodeBatchPayload(s.good.payload), memoryKeyStore(), { kid: terminalKeyIdOf(s.spki) }) },
  { name: 'a terminal that is not enrolled', reason: 'TERMINAL_UNKNOWN', storedUpTo: 0, bad: async (s) => (await s.batch(3, 4, s.t.keys, 99_999_999)).bytes },
  { name: 'a forged batch id (signed)', reason: 'BATCH_ID_INVALID', bad: (s) => s.resign({ ...s.good.payload, batchId: new Uint8Array(16).fill(7) }) },
  { name: 'a forged chain link (signed)', reason: 'CHAIN_BROKEN', bad: (s) => s.resign({ ...s.good.payload, prevHash: new Uint8Array(32).fill(3) }) },
  { name: 'a record re-forged with its own hash (signed)', reason: 'RECORDS_CHAIN_BROKEN', bad: (s) => s.resign({ ...s.good.payload, records: [reforged(s.good.payload.records[0]!), s.good.payload.records[1]!] }) },
  { name: 'forged totals (signed)', reason: 'TOTALS_MISMATCH', bad: (s) => s.resign({ ...s.good.payload, totals: [{ service: 1, type: 0, count: 2, amount: 50 }] }) },
]);

test('a replayed good batch is not refused: the same acknowledgement bytes, nothing doubled', async () => {
  const s = await scene();
  const first = await ingest((await s.batch(1, 2)).bytes);
  await ingest(s.good.bytes);
  const replays = [await ingest((await s.batch(1, 2)).bytes), await ingest(s.good.bytes)];
  assert.equal(replays[0]!.raw, first.raw);
  assert.is(replays[1]!.reason, 'OK');
  assert.equal(await storedSeqs(s.t.terminalId), [1, 2, 3, 4]);
});

test.run();
