/**
 * Sync and ledger figures: signed batch build (encode + sign) and verify rates, and ledger ingest rate
 * (transactions/s with every check on: batch signature, chain, record hashes, card chain (cached per card and day),
 * the card's debit-proof signature, replay, flags) on PGlite and on PostgreSQL 15 (skipped with a note when not
 * installed), then the ledger nodes the national peak needs at that rate.
 */
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

    const pglite = await PgliteStore.open();
    let best = 0;
    try {
      const rate = await ingestRate(ctx, pglite, work);
      best = rate;
      ctx.figure('ledger ingest, PGlite', rate, 'tx/s', `${work.records} tx, ${work.terminals.length} terminals in parallel, every check on`);
    } finally {
      await pglite.close();
    }
    const server = await startPostgres();
    if (!server) {
      process.stdout.write('  (PostgreSQL 15 not installed: PostgreSQL ingest skipped)\n');
    } else {
      const store = await PgStore.open(server.url);
      try {
        const rate = await ingestRate(ctx, store, work);
        best = Math.max(best, rate);
        ctx.figure('ledger ingest, PostgreSQL 15', rate, 'tx/s', `durable: ${await store.durable()}, same workload`);
      } finally {
        await store.close();
        await server.stop();
      }
    }
    ctx.figure('national peak', PEAK_TX_PER_S, 'tx/s', `${DAILY_TX / 1e6} M a day = ${(DAILY_TX / 86_400).toFixed(0)} tx/s on average`);
    ctx.figure('ledger nodes for the peak', Math.ceil(PEAK_TX_PER_S / best), 'nodes', 'at the best ingest rate above, one process each');
  },
};
export default bench;
