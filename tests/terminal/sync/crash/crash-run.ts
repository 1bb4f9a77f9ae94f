/**
 * One seeded run of the end-to-end crash property: a terminal (journal on `PowerLossStorage`) sells and syncs
 * to the ledger child process over HTTP through several boots, each ended by a power cut at a seeded I/O
 * operation count (reads, writes, syncs). On runs that ask for it, the ledger process is SIGKILLed at a seeded
 * ingest and phase, restarted, and on some of them rolled back to a copy of its data directory taken before the
 * run's first batch (a PGlite host that lost rows it had acknowledged with `durable = false`).
 *
 * The property, checked after every reboot and at the end:
 * - every approval shown (append resolved) is in the journal, with its body and hash, the journal's chain
 *   verifies, and at most the one append in flight at the cut is there besides; nothing present before is lost;
 * - the terminal never takes a non-durable acknowledgement as leave to delete (no compaction on PGlite acks);
 * - after a final sync, the ledger holds exactly the journal's records (same frames, same seqs), its chain for
 *   the terminal verifies up to `last_hash`, and every shown approval is there exactly once, accepted.
 */
import { createHash } from 'node:crypto';
import { HalError } from '../../../../terminal/hal/errors.ts';
import { isTerminalError } from '../../../../terminal/errors.ts';
import { Journal } from '../../../../terminal/journal/journal.ts';
import { encodeJournalRecord, parseJournalRecordAt, type JournalRecord } from '../../../../terminal/journal/journal-record.ts';
import { PowerCutError, PowerLossStorage } from '../../../../terminal/journal/power-loss-storage.ts';
import { createSeededRandom } from '../../../../terminal/journal/seeded-random.ts';
import { TRANSACTION_RECORD_TYPE } from '../../../../terminal/sync/batch-totals.ts';
import { SyncEngine } from '../../../../terminal/sync/sync-engine.ts';
import { breadSale, memoryKeyStore } from '../../../ledger/ledger-fixtures.ts';
import { withoutDatasync } from '../../journal/crash-property.ts';
import { crashCards } from './crash-cards.ts';
import type { KillPhase } from './ledger-child.ts';
import type { LedgerProcess } from './ledger-process.ts';

export interface CrashRunOptions {
  readonly ledger: LedgerProcess;
  /**
   * SIGKILL the ledger process at a seeded ingest and phase of this run; with `rollback`, restore its data directory
   * to the copy taken before the run's first batch before restarting it.
   */
  readonly killLedger?: { readonly snapshotDir: string; readonly rollback: boolean };
  /** The journal with its fdatasync calls deleted: the property must then fail. */
  readonly unsafeSkipSync?: boolean;
}

export interface CrashRunResult {
  readonly violations: string[];
  readonly approvals: number;
  readonly syncs: number;
  readonly terminalCuts: number;
  readonly ledgerKilled: boolean;
  readonly rolledBack: boolean;
  /** Rows the ledger had acknowledged and then no longer held after its restart (the terminal re-sent them). */
  readonly lostAcknowledgedRows: number;
}

const hex = (bytes: Uint8Array): string => Buffer.from(bytes).toString('hex');
const PHASES: readonly KillPhase[] = ['before', 'in-transaction', 'after'];
const isCut = (error: unknown): boolean => error instanceof PowerCutError || (error as Error | undefined)?.cause instanceof PowerCutError;

/** Runs the scenario of `seed`; the terminal id is the seed, so seeds must be distinct per ledger. */
export async function crashRun(seed: number, options: CrashRunOptions): Promise<CrashRunResult> {
  const { ledger } = options;
  const random = createSeededRandom(seed);
  const disk = new PowerLossStorage({ seed: seed ^ 0x5eed });
  const storage = options.unsafeSkipSync ? withoutDatasync(disk) : disk;
  const where = (what: string): string => `seed ${seed}: ${what}`;
  const violations: string[] = [];
  const keys = memoryKeyStore();
  const cards = crashCards();
  const terminalId = seed;
  let atc = (seed % 4_000_000) * 1000;
  let shown = new Map<number, { body: string; hash: string }>();
  let kept: JournalRecord[] = [];
  let inFlight: string | undefined;
  let approvals = 0;
  let syncs = 0;
  let ackedUpTo = 0;
  let ledgerKilled = false;
  let rolledBack = false;
  let lostAcknowledgedRows = 0;

  await ledger.enrol(terminalId, await keys.publicKey());
  const kill = options.killLedger;
  const rollback = kill?.rollback === true;
  if (kill) {
    await ledger.kill(); // an idle kill point; the copy is the disk as the dead process left it
    ledger.snapshot(kill.snapshotDir);
    await ledger.restart();
    // A rollback comes after at least one acknowledged batch, so that it loses acknowledged rows.
    await ledger.planKill((rollback ? 2 : 1) + random.int(3), PHASES[random.int(PHASES.length)]!);
  }

  /** After the ledger process died: maybe lose its non-durable rows, restart it, and see what it lost. */
  const recoverLedger = async (): Promise<void> => {
    await ledger.exited();
    ledgerKilled = true;
    if (rollback) {
      ledger.restore(kill!.snapshotDir);
      rolledBack = true;
    }
    await ledger.restart();
    const held = (await ledger.dump(terminalId)).storedUpTo;
    if (held < 0) violations.push(where('the ledger forgot the terminal enrolled before its first batch'));
    lostAcknowledgedRows += Math.max(0, ackedUpTo - held);
    ackedUpTo = Math.min(ackedUpTo, held);
  };

  const sync = async (engine: SyncEngine): Promise<void> => {
    syncs++;
    try {
      await engine.syncOnce();
    } catch (error) {
      if (!(error instanceof HalError)) throw error;
      // The connection broke: if the ledger process died (a planned kill), bring it back; the next sync re-sends.
      await Promise.race([ledger.exited(), new Promise((resolve) => setTimeout(resolve, 3000))]);
      if (!ledger.alive) await recoverLedger();
    }
  };

  const verifyJournal = async (journal: Journal, boot: number): Promise<JournalRecord[]> => {
    const at = (what: string) => where(`boot ${boot}: ${what}`);
    const { checkpointSeq, checkpointHash, durableAckedSeq } = journal.state;
    if (checkpointSeq !== 0 || durableAckedSeq !== 0) violations.push(at(`records deleted on non-durable acknowledgements (checkpoint ${checkpointSeq})`));
    const records = await journal.read(0, Number.MAX_SAFE_INTEGER);
    let prev = hex(checkpointHash);
    for (const r of records) {
      if (hex(r.prevHash) !== prev) violations.push(at(`journal seq ${r.seq} does not chain`));
      prev = hex(r.hash);
    }
    for (const [seq, approval] of shown) {
      const r = records[seq - 1];
      if (!r || r.seq !== seq || hex(r.body) !== approval.body || hex(r.hash) !== approval.hash) violations.push(at(`approval seq ${seq} shown but lost`));
    }
    for (const k of kept) {
      const r = records[k.seq - 1];
      if (!r || hex(r.hash) !== hex(k.hash)) violations.push(at(`record seq ${k.seq} present at the last boot is gone`));
    }
    const known = Math.max(kept.length, ...shown.keys(), 0);
    const extra = records.slice(known);
    if (extra.length > 1 || (extra.length === 1 && hex(extra[0]!.body) !== inFlight)) violations.push(at(`${extra.length} record(s) that never resolved`));
    return records;
  };

  const boots = 2 + random.int(3);
  let journal: Journal | undefined;
  for (let boot = 0; boot <= boots; boot++) {
    if (boot < boots) disk.cutAtOperation(1 + random.int(50));
    try {
      journal = await Journal.open({ storage, clock: () => 1_742_000_000_000 });
      if (boot > 0) kept = await verifyJournal(journal, boot);
    } catch (error) {
      if (isCut(error)) continue;
      violations.push(where(`boot ${boot}: open failed: ${(error as Error).message}`));
      return { violations, approvals, syncs, terminalCuts: disk.cuts, ledgerKilled, rolledBack, lostAcknowledgedRows };
    }
    if (boot === boots) break;
    const engine = newEngine(journal);
    inFlight = undefined;
    try {
      for (let action = 0, n = 4 + random.int(10); action < n; action++) {
        if (random.next() < 0.8) {
          const seq = journal.state.lastSeq + 1;
          const body = breadSale({ terminalId, seq, card: cards[random.int(cards.length)]!, atc: ++atc, loaves: 1 + random.int(5) });
          inFlight = hex(body);
          const appended = await journal.append({ type: TRANSACTION_RECORD_TYPE, body });
          shown.set(appended.seq, { body: inFlight, hash: hex(appended.hash) });
          approvals++;
          inFlight = undefined;
        } else {
          await sync(engine);
        }
      }
      disk.powerCut();
    } catch (error) {
      if (!isCut(error)) violations.push(where(`boot ${boot}: unexpected ${String((error as Error).message ?? error)}`));
    }
  }

  function newEngine(j: Journal): SyncEngine {
    return new SyncEngine({
      journal: j, keys, uplink: ledger.uplink, terminalId, ledgerPublicKey: ledger.publicKey, maxRecords: 1 + random.int(8),
      versions: () => ({ blocklistVersion: 1, parameterVersion: 1 }),
      onEvent: (event) => {
        if (event.kind === 'ack') ackedUpTo = Math.max(ackedUpTo, event.ack.storedUpToSeq);
      },
    });
  }

  // Final: no more cuts; sync until the ledger holds everything, then compare.
  if (journal) {
    const engine = newEngine(journal);
    for (let attempt = 0; journal.state.ackedSeq < journal.state.lastSeq && attempt < 10; attempt++) {
      try {
        await sync(engine);
      } catch (error) {
        violations.push(where(`final sync: ${isTerminalError(error) ? error.code : ''} ${(error as Error).message}`));
        break;
      }
    }
    if (journal.state.ackedSeq < journal.state.lastSeq) violations.push(where(`sync did not finish: acked ${journal.state.ackedSeq} of ${journal.state.lastSeq}`));
    else await verifyLedger(await journal.read(0, Number.MAX_SAFE_INTEGER));
  }
  if (kill && !ledgerKilled) await ledger.planKill(0, 'before');
  return { violations, approvals, syncs, terminalCuts: disk.cuts, ledgerKilled, rolledBack, lostAcknowledgedRows };

  async function verifyLedger(records: JournalRecord[]): Promise<void> {
    const dump = await ledger.dump(terminalId);
    const journalFrames = records.map((r) => hex(encodeJournalRecord(r).bytes));
    const ledgerFrames = dump.records.map((r) => r.frame);
    if (dump.records.some((r, i) => r.seq !== i + 1) || ledgerFrames.join() !== journalFrames.join()) {
      violations.push(where(`ledger holds seqs ${dump.records.map((r) => r.seq).join(',')}, journal 1..${records.length}, or other frames`));
    }
    let prev = '00'.repeat(32);
    const bodies = new Map<string, number>();
    for (const r of dump.records) {
      const parsed = parseJournalRecordAt(Buffer.from(r.frame, 'hex'), 0);
      if (!parsed.ok || hex(parsed.record.prevHash) !== prev) {
        violations.push(where(`ledger chain broken at seq ${r.seq}`));
        break;
      }
      prev = hex(parsed.record.hash);
      const body = hex(parsed.record.body);
      bodies.set(body, (bodies.get(body) ?? 0) + 1);
      if (r.verdict !== 'ACCEPTED') violations.push(where(`ledger refused seq ${r.seq}: ${r.verdict}`));
    }
    if (dump.storedUpTo !== records.length || (records.length > 0 && dump.lastHash !== prev)) violations.push(where(`ledger stored_up_to/last_hash do not match its records`));
    const sales = new Set(dump.transactionSeqs);
    if (sales.size !== dump.transactionSeqs.length) violations.push(where('a transaction is counted twice'));
    for (const [seq, approval] of shown) {
      const copies = bodies.get(approval.body) ?? 0;
      if (copies !== 1 || !sales.has(seq)) violations.push(where(`approval seq ${seq} is in the ledger ${copies} times`));
    }
  }
}

/** A short digest of a run's outcome, to show that a replay is the same run. */
export function crashRunDigest(result: CrashRunResult): string {
  return createHash('sha256').update(JSON.stringify(result)).digest('hex').slice(0, 12);
}
