/**
 * The end-to-end crash test (see crash-run.ts): seeded runs of a terminal selling and syncing through power
 * cuts at seeded I/O operation counts, against a real ledger child process on PGlite in a data directory, which
 * is itself SIGKILLed at seeded points (every `KART_CRASH_KILL_EVERY`-th seed) and restarted, every other time
 * rolled back to a copy of its data taken before the run's first batch (PGlite acknowledged those rows with
 * durable = false: the terminal must still hold them and re-send).
 *
 * Replay: the base seed is printed; `KART_CRASH_BASE_SEED=N` repeats a whole session, `KART_CRASH_SEED=N` one run
 * (its ledger kill included, as it depends on the seed). `KART_CRASH_RUNS` (default 1000) and
 * `KART_CRASH_KILL_EVERY` (default 100: 10 runs kill the ledger, every other one rolling it back) size it.
 */
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import * as assert from 'uvu/assert';
import { suite } from '../../../support/suite.ts';
import { crashRun, crashRunDigest, type CrashRunResult } from './crash-run.ts';
import { LedgerProcess } from './ledger-process.ts';

// The issue asks for the 1,000 runs within 10 minutes: measured and printed (about 5 minutes on an idle 2-core machine).
// The watchdog only guards against a hang, with room for a loaded machine.
const test = suite('terminal/sync/crash', { timeoutMs: 1_200_000 });
const envInt = (name: string): number | undefined => (process.env[name] ? Number(process.env[name]) : undefined);
const RUNS = envInt('KART_CRASH_RUNS') ?? 1000;
const KILL_EVERY = envInt('KART_CRASH_KILL_EVERY') ?? 100;
const ONE_SEED = envInt('KART_CRASH_SEED');
const BASE = envInt('KART_CRASH_BASE_SEED') ?? 1 + Math.floor(Math.random() * 2 ** 30);
/** Seeds of the no-fdatasync runs start this far from the base (terminal ids and ATCs stay apart). */
const UNSAFE_OFFSET = 2_000_000;

const ctx = {} as { dir: string; ledger: LedgerProcess };

test.before(async () => {
  ctx.dir = mkdtempSync(join(tmpdir(), 'kart-crash-'));
  ctx.ledger = await LedgerProcess.start(join(ctx.dir, 'ledger'));
});
test.after(async () => {
  await ctx.ledger?.close();
  if (ctx.dir) rmSync(ctx.dir, { recursive: true, force: true });
});

const killsLedger = (seed: number): boolean => seed % KILL_EVERY === 0;
const run = (seed: number): Promise<CrashRunResult> => {
  const killLedger = { snapshotDir: join(ctx.dir, 'snapshot'), rollback: Math.floor(seed / KILL_EVERY) % 2 === 1 };
  return crashRun(seed, { ledger: ctx.ledger, ...(killsLedger(seed) ? { killLedger } : {}) });
};

test('every shown approval survives terminal power cuts and ledger kills, and reaches the ledger exactly once', async () => {
  const seeds = ONE_SEED !== undefined ? [ONE_SEED] : Array.from({ length: RUNS }, (_, i) => BASE + i);
  process.stdout.write(`  crash test: ${seeds.length} runs from seed ${seeds[0]} (replay one run: KART_CRASH_SEED=<seed>, all: KART_CRASH_BASE_SEED=${BASE})\n`);
  const started = performance.now();
  const totals = { approvals: 0, syncs: 0, terminalCuts: 0, ledgerKills: 0, rollbacks: 0, lostAcknowledgedRows: 0, killRuns: 0 };
  const failures: string[] = [];
  for (const [i, seed] of seeds.entries()) {
    const result = await run(seed);
    if (ONE_SEED !== undefined) process.stdout.write(`  seed ${seed}: ${JSON.stringify(result)} digest ${crashRunDigest(result)}\n`);
    totals.approvals += result.approvals;
    totals.syncs += result.syncs;
    totals.terminalCuts += result.terminalCuts;
    totals.ledgerKills += result.ledgerKilled ? 1 : 0;
    totals.rollbacks += result.rolledBack ? 1 : 0;
    totals.lostAcknowledgedRows += result.lostAcknowledgedRows;
    totals.killRuns += killsLedger(seed) ? 1 : 0;
    if (result.violations.length > 0) failures.push(`seed ${seed}: ${result.violations.slice(0, 3).join('; ')}`);
    if ((i + 1) % 100 === 0) process.stdout.write(`  ${i + 1} runs, ${((performance.now() - started) / 1000).toFixed(0)} s\n`);
  }
  const seconds = (performance.now() - started) / 1000;
  process.stdout.write(`  ${JSON.stringify(totals)}; ledger process: ${ctx.ledger.starts} starts, ${ctx.ledger.kills} SIGKILLs, ` +
    `${(ctx.ledger.startMs / 1000).toFixed(0)} s starting; ${seconds.toFixed(0)} s in all\n`);
  assert.equal(failures, [], `replay with KART_CRASH_SEED=<seed>`);
  assert.ok(totals.approvals > seeds.length * 5, 'the runs sold');
  assert.ok(totals.terminalCuts >= seeds.length, 'the terminal lost power in every run');
  if (ONE_SEED === undefined) {
    assert.ok(totals.ledgerKills >= Math.ceil(totals.killRuns * 0.8), `ledger killed in ${totals.ledgerKills} of ${totals.killRuns} runs planned`);
    assert.ok(totals.lostAcknowledgedRows > 0, 'some rollback lost acknowledged rows, so re-sending was exercised');
  }
});

test('the same property catches a journal whose fdatasync was deleted', async () => {
  if (ONE_SEED !== undefined) return;
  let violating = 0;
  const kinds = new Set<string>();
  for (let i = 0; i < 40; i++) {
    const result = await crashRun(BASE + UNSAFE_OFFSET + i, { ledger: ctx.ledger, unsafeSkipSync: true });
    if (result.violations.length > 0) violating++;
    for (const v of result.violations) if (/shown but lost/.test(v)) kinds.add('lost approval');
  }
  process.stdout.write(`  without fdatasync: ${violating} of 40 runs violate the property\n`);
  assert.ok(violating >= 10, `only ${violating} of 40 runs without fdatasync were caught`);
  assert.ok(kinds.has('lost approval'), 'a shown approval was lost and reported');
});

test.run();
