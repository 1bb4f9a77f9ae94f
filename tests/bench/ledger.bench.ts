/**
 * Sync and ledger figures: signed batch build (encode + sign) and verify rates, and ledger ingest rate
 * (transactions/s with every check on: batch signature, chain, record hashes, card chain (cached per card and day),
 * the card's debit-proof signature, replay, flags) on PGlite and on PostgreSQL 15 (skipped with a note when not
 * installed), then the ledger nodes the national peak needs at that rate. Growth: the same workload again on a
 * database that already holds N transactions of the same cards and households (their history over the year before,
 * at other terminals; written by SQL, `prefillHistory`, as ingesting them would take minutes), with the ratio of
 * the two rates: a scan that grows with the tables shows as a ratio well below 1. The workload's own batches all
 * fall on one day, so what grows with it (a household's day, a terminal's day) is not what the history adds.
 * With `--quick` (400 transactions, under a second each) the rates and the ratio are a smoke test, not a figure.
 */
import pg from 'pg';
import { buildBatch, type BuiltBatch } from '../../terminal/sync/batch.ts';
import { verifyCoseSign1 } from '../../terminal/sync/cose-sign1.ts';
import { decodeBatchPayload } from '../../terminal/sync/batch.ts';
import { Ledger } from '../../ledger/ledger.ts';
import type { LedgerStore } from '../../ledger/store/ledger-store.ts';
import { PgliteStore } from '../../ledger/store/pglite-store.ts';
import { PgStore } from '../../ledger/store/pg-store.ts';
import { CA_CERT, DAY, memoryKeyStore, testCard, testTerminal, type TestCard, type TestTerminal } from '../ledger/ledger-fixtures.ts';
import { startPostgres } from '../support/postgres.ts';
import type { Bench, BenchContext } from './figures.ts';

const PEAK_TX_PER_S = 5000;
const DAILY_TX = 25_000_000;
const PER_BATCH = 100;
/** Transactions already stored for the growth figures (`--quick`: fewer). */
const HISTORY = 200_000;
const HISTORY_QUICK = 50_000;

interface Workload {
  readonly terminals: TestTerminal[];
  readonly cards: TestCard[];
  readonly batches: BuiltBatch[];
  readonly records: number;
}

async function workload(ctx: BenchContext, terminalCount: number, batchesPerTerminal: number): Promise<Workload> {
  const cards = Array.from({ length: 50 }, (_, i) => testCard(9000 + i, 9000 + i));
  const terminals: TestTerminal[] = [];
  const batches: BuiltBatch[] = [];
  const total = terminalCount * batchesPerTerminal;
  for (let t = 0; t < terminalCount; t++) {
    const terminal = await testTerminal(50_000 + t);
    terminals.push(terminal);
    for (let b = 0; b < batchesPerTerminal; b++) {
      for (let i = 0; i < PER_BATCH; i++) await terminal.sell(cards[(t * 7 + b * 3 + i) % cards.length]!, 1);
      const records = await terminal.journal.read(b * PER_BATCH + 1, PER_BATCH);
      batches.push(await buildBatch(records, terminal.keys, { terminalId: terminal.terminalId, blocklistVersion: 1, parameterVersion: 1 }));
      ctx.progress('building batches', batches.length, total);
    }
  }
  return { terminals, cards, batches, records: batches.length * PER_BATCH };
}

/**
 * Stores `count` past transactions of the workload's cards and households as ingest would have stored them (a
 * `records` row with a frame of a real frame's size, a `transactions` row: four in five bread, one in five ration
 * goods), on the 365 days before the workload's day, at 40 other terminals, with ATCs above any the workload uses.
 */
async function prefillHistory(ctx: BenchContext, store: LedgerStore, work: Workload, count: number): Promise<void> {
  const cards = work.cards.map((c) => Buffer.from(c.cardId).toString('hex'));
  const households = work.cards.map((c) => Buffer.from(c.householdId).toString('hex'));
  const frameBytes = work.batches[0]!.payload.records[0]!.length;
  const chunk = 20_000;
  for (let start = 0; start < count; start += chunk) {
    const n = Math.min(chunk, count - start);
    await store.transaction(async (tx) => {
      // Row i: terminal 60000 + i % 40 (seq i / 40 + 1), card i % cards, day DAY - 1 - (i / 40) % 365.
      const series = `FROM generate_series($1::bigint, $1::bigint + $2::bigint - 1) AS i, LATERAL (SELECT
          60000 + i % 40 AS terminal_id, i / 40 + 1 AS seq, (i % $3::int)::int AS c, ($4::int - 1 - (i / 40) % 365)::int AS day) k`;
      await tx.query(
        `INSERT INTO records (terminal_id, seq, type, frame, verdict)
           SELECT k.terminal_id, k.seq, 1, decode(repeat('a5', $5::int), 'hex'), 'ACCEPTED' ${series}`,
        [start, n, cards.length, DAY, frameBytes],
      );
      await tx.query(
        `INSERT INTO transactions (terminal_id, seq, service, outcome, code, card_id, household_id, atc, amount, price, time_s, day,
                                   card_kind, cvm, items, challenge, source)
           SELECT k.terminal_id, k.seq, CASE WHEN i % 5 = 0 THEN 2 ELSE 1 END, 0, 'APPROVED', ($5::text[])[k.c + 1], ($6::text[])[k.c + 1],
                  1000000 + i / $3::int, CASE WHEN i % 5 = 0 THEN 500 ELSE 5 END, 100, k.day::bigint * 86400 + 21600 + (k.seq % 600) * 60, k.day,
                  0, 1, CASE WHEN i % 5 = 0 THEN '[[1,1]]'::jsonb ELSE '[]'::jsonb END, md5(i::text), 0 ${series}`,
        [start, n, cards.length, DAY, cards, households],
      );
    });
    ctx.progress(`history (${store.kind})`, start + n, count);
  }
  // The planner's statistics, as autovacuum would have gathered them on a database that grew by ingest.
  await store.query('ANALYZE');
}

async function ingestRate(ctx: BenchContext, store: LedgerStore, work: Workload): Promise<number> {
  const ledger = new Ledger({ store, keys: memoryKeyStore(), trustedCas: [CA_CERT], now: () => (DAY + 1) * 86_400_000 });
  for (const t of work.terminals) await ledger.enrolTerminal(t.terminalId, 'bench', await t.keys.publicKey());
  for (const c of work.cards) {
    await ledger.registerCard(c.issuerBytes, c.cardBytes, DAY);
    await ledger.setHousehold(c.householdId, 1000);
  }
  // One sender per terminal, as terminals arrive in parallel; each terminal's batches in order.
  const perTerminal = new Map<number, BuiltBatch[]>();
  for (const b of work.batches) perTerminal.set(b.payload.terminalId, [...(perTerminal.get(b.payload.terminalId) ?? []), b]);
  let done = 0;
  const start = performance.now();
  await Promise.all([...perTerminal.values()].map(async (list) => {
    for (const b of list) {
      const result = await ledger.ingest(b.bytes);
      if (result.status !== 200) throw new Error(`bench batch refused: ${result.reason}`);
      ctx.progress(`ingest (${store.kind})`, ++done, work.batches.length);
    }
  }));
  return work.records / ((performance.now() - start) / 1000);
}

const bench: Bench = {
  title: 'terminal/sync + ledger: signed batches and ledger ingest',
  async run(ctx) {
    const work = await workload(ctx, ctx.quick ? 2 : 4, ctx.quick ? 2 : 5);
    const t = work.terminals[0]!;
    const records = await t.journal.read(1, PER_BATCH);
    const rounds = ctx.quick ? 20 : 100;
    let start = performance.now();
    let sample: BuiltBatch | undefined;
    for (let i = 0; i < rounds; i++) sample = await buildBatch(records, t.keys, { terminalId: t.terminalId, blocklistVersion: 1, parameterVersion: 1 });
    const buildS = (performance.now() - start) / 1000;
    ctx.figure('batch of 100: encode + sign', rounds / buildS, 'per s', `${sample!.bytes.length} bytes a batch`);
    const spki = await t.keys.publicKey();
    start = performance.now();
    for (let i = 0; i < rounds; i++) {
      const checked = verifyCoseSign1(sample!.bytes, spki);
      if (!checked.ok) throw new Error('bench batch does not verify');
      decodeBatchPayload(checked.payload);
    }
    ctx.figure('batch of 100: verify + decode', rounds / ((performance.now() - start) / 1000), 'per s', 'COSE signature and payload shape only');

    const history = ctx.quick ? HISTORY_QUICK : HISTORY;
    const grown = `${history / 1000}k stored`;
    /** The workload's rate on a fresh database, then on a fresh one holding `history` past transactions. */
    const emptyAndGrown = async (name: string, open: () => Promise<LedgerStore>, note: (store: LedgerStore) => Promise<string>): Promise<number> => {
      const empty = await open();
      let rate: number;
      try {
        rate = await ingestRate(ctx, empty, work);
        ctx.figure(`ledger ingest, ${name}`, rate, 'tx/s', await note(empty));
      } finally {
        await empty.close();
      }
      const full = await open();
      try {
        await prefillHistory(ctx, full, work, history);
        const after = await ingestRate(ctx, full, work);
        ctx.figure(`ledger ingest, ${name}, ${grown}`, after, 'tx/s', `same workload after ${history} transactions of its cards and households`);
        ctx.figure(`ledger ingest growth, ${name}`, after / rate, 'x', `${grown} / empty (1 = no slowdown)`);
      } finally {
        await full.close();
      }
      return rate;
    };
    // One run thrown away first: the first ingests of the process also pay for JIT compilation and PGlite's start.
    const warmUp = await PgliteStore.open();
    try {
      await ingestRate(ctx, warmUp, work);
    } finally {
      await warmUp.close();
    }
    let best = await emptyAndGrown('PGlite', () => PgliteStore.open(),
      async () => `${work.records} tx, ${work.terminals.length} terminals in parallel, every check on`);
    const server = await startPostgres();
    if (!server) {
      process.stdout.write('  (PostgreSQL 15 not installed: PostgreSQL ingest skipped)\n');
    } else {
      let database = 0;
      // A database of its own for each run: the growth run must not see the empty run's rows.
      const openDatabase = async (): Promise<LedgerStore> => {
        const name = `kart_bench_${++database}`;
        const admin = new pg.Pool({ connectionString: server.url, max: 1 });
        try {
          await admin.query(`CREATE DATABASE ${name}`);
        } finally {
          await admin.end();
        }
        const url = new URL(server.url);
        url.pathname = `/${name}`;
        return PgStore.open(url.toString());
      };
      try {
        const warm = await openDatabase(); // the server's first run is thrown away too (cold caches, first connections)
        try {
          await ingestRate(ctx, warm, work);
        } finally {
          await warm.close();
        }
        best = Math.max(best, await emptyAndGrown('PostgreSQL 15', openDatabase, async (store) => `durable: ${String(await store.durable())}, same workload`));
      } finally {
        await server.stop();
      }
    }
    ctx.figure('national peak', PEAK_TX_PER_S, 'tx/s', `${DAILY_TX / 1e6} M a day = ${(DAILY_TX / 86_400).toFixed(0)} tx/s on average`);
    ctx.figure('ledger nodes for the peak', Math.ceil(PEAK_TX_PER_S / best), 'nodes', 'at the best ingest rate above, one process each');
  },
};
export default bench;
