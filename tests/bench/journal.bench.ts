/**
 * Journal figures: durable appends per second on the real file system (each append written and fdatasync'd,
 * in a temporary directory), the size of a representative bakery transaction record as CBOR vs JSON, and the
 * COSE_Sign1 (ES256) sign+verify rate of a batch of 100 such records.
 */
import { generateKeyPairSync, sign } from 'node:crypto';
import { mkdtemp, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { encodeCbor } from '../../terminal/codec/cbor.ts';
import { FsJournalStorage } from '../../terminal/journal/fs-journal-storage.ts';
import { Journal } from '../../terminal/journal/journal.ts';
import { encodeJournalRecord, ZERO_HASH } from '../../terminal/journal/journal-record.ts';
import type { KeyStore } from '../../terminal/keys/key-store.ts';
import { signCoseSign1, verifyCoseSign1 } from '../../terminal/sync/cose-sign1.ts';
import { summarize, type Bench } from './figures.ts';

/** A bakery sale as a positional record (the shape of a v1 transaction body; terminal/schemas has the real one). */
function bakeryRecord(seq: number) {
  const fill = (n: number, seed: number) => new Uint8Array(n).map((_, i) => (i * 31 + seed) & 0xff);
  return {
    terminalId: 'EG-PSD-BKR-000417',
    seq,
    time: 1_735_000_000_000 + seq * 41_000,
    cardId: '4000123412341234',
    household: 27_015_334,
    service: 1, // bread
    loaves: 10,
    amountPiastres: 200,
    signature: fill(64, seq),
    challenge: fill(32, seq + 7),
  };
}
type Bakery = ReturnType<typeof bakeryRecord>;
const asCbor = (r: Bakery): Uint8Array =>
  encodeCbor([1, r.terminalId, r.seq, r.time, r.cardId, r.household, r.service, r.loaves, r.amountPiastres, r.signature, r.challenge]);
const asJson = (r: Bakery): Uint8Array =>
  new TextEncoder().encode(JSON.stringify({ v: 1, ...r, signature: Buffer.from(r.signature).toString('base64'), challenge: Buffer.from(r.challenge).toString('base64') }));

const bench: Bench = {
  title: 'terminal/journal: durable appends, record size, COSE_Sign1 batches',
  async run(ctx) {
    const body = asCbor(bakeryRecord(1));
    const frame = encodeJournalRecord({ seq: 1, time: bakeryRecord(1).time, type: 1, body, prevHash: ZERO_HASH }).bytes;
    const json = asJson(bakeryRecord(1));
    ctx.figure('bakery record, CBOR body', body.length, 'bytes', 'positional array, binary signature and challenge');
    ctx.figure('bakery record, journal frame', frame.length, 'bytes', 'CBOR body + seq, time, type, prevHash, hash');
    ctx.figure('bakery record, JSON', json.length, 'bytes', 'named fields, base64 binaries');
    ctx.figure('JSON / CBOR body size', json.length / body.length, 'x');

    const dir = await mkdtemp(join(tmpdir(), 'kart-journal-bench-'));
    try {
      const journal = await Journal.open({ storage: new FsJournalStorage(dir) });
      const total = ctx.quick ? 100 : 1000;
      const latencies: number[] = [];
      const start = performance.now();
      for (let i = 1; i <= total; i++) {
        const t0 = performance.now();
        await journal.append({ type: 1, body: asCbor(bakeryRecord(i)) });
        latencies.push(performance.now() - t0);
        if (i % 50 === 0) ctx.progress('durable appends', i, total);
      }
      const seconds = (performance.now() - start) / 1000;
      await journal.close();
      const { median, p99 } = summarize(latencies);
      ctx.figure('durable appends (write + fdatasync)', total / seconds, 'per s', `${total} appends, one at a time, tmp dir`);
      ctx.figure('append latency median', median, 'ms');
      ctx.figure('append latency p99', p99, 'ms');
    } finally {
      await rm(dir, { recursive: true, force: true });
    }

    const { privateKey, publicKey } = generateKeyPairSync('ec', { namedCurve: 'prime256v1' });
    const keys: KeyStore = {
      publicKey: async () => new Uint8Array(publicKey.export({ format: 'der', type: 'spki' })),
      sign: async (data) => new Uint8Array(sign('sha256', data, { key: privateKey, dsaEncoding: 'ieee-p1363' })),
    };
    const spki = await keys.publicKey();
    const records = Array.from({ length: 100 }, (_, i) => asCbor(bakeryRecord(i + 1)));
    const rounds = ctx.quick ? 20 : 200;
    const batchStart = performance.now();
    let payloadBytes = 0;
    for (let round = 0; round < rounds; round++) {
      const payload = encodeCbor([round, records]);
      payloadBytes = payload.length;
      const message = await signCoseSign1(payload, keys, { kid: new Uint8Array([1, 2, 3, 4]) });
      if (!verifyCoseSign1(message, spki).ok) throw new Error('bench: batch did not verify');
    }
    const perBatchMs = (performance.now() - batchStart) / rounds;
    ctx.figure('COSE_Sign1 batch of 100 sign+verify', 1000 / perBatchMs, 'per s', `${payloadBytes}-byte payload, ES256`);
    ctx.figure('COSE_Sign1 batch of 100 sign+verify time', perBatchMs, 'ms');
  },
};

export default bench;
