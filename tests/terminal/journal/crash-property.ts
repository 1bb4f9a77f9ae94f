/**
 * The crash property of the journal, checked against `PowerLossStorage`: a seeded workload of appends,
 * acknowledgements and compactions runs over several boots, each ended by a power cut at a seeded I/O
 * operation count. After every reboot, each append that had resolved must be present exactly once, in order,
 * with its body and hash, the chain must verify from the checkpoint, and compaction must have deleted only
 * records acknowledged as durable. At most the one append in flight at the cut may also be present.
 */
import { isTerminalError } from '../../../terminal/errors.ts';
import type { JournalFile, JournalStorage } from '../../../terminal/journal/journal-file.ts';
import { Journal } from '../../../terminal/journal/journal.ts';
import { PowerCutError, PowerLossStorage } from '../../../terminal/journal/power-loss-storage.ts';
import { createSeededRandom } from '../../../terminal/journal/seeded-random.ts';

const hex = (bytes: Uint8Array): string => Buffer.from(bytes).toString('hex');

interface ModelRecord {
  readonly seq: number;
  readonly body: string;
  readonly hash: string;
}

/** A storage whose files' `datasync` does nothing: the journal with its fdatasync calls deleted. */
export function withoutDatasync(storage: JournalStorage): JournalStorage {
  const wrap = (file: JournalFile): JournalFile => ({
    get size() { return file.size; },
    read: (position, length) => file.read(position, length),
    append: (bytes) => file.append(bytes),
    datasync: () => Promise.resolve(),
    truncate: (length) => file.truncate(length),
    close: () => file.close(),
  });
  return {
    exists: (name) => storage.exists(name),
    open: async (name) => wrap(await storage.open(name)),
    create: async (name) => wrap(await storage.create(name)),
    rename: (from, to) => storage.rename(from, to),
    remove: (name) => storage.remove(name),
    syncDir: () => storage.syncDir(),
  };
}

export interface CrashRunOptions {
  readonly boots?: number;
  readonly actionsPerBoot?: number;
  readonly unsafeSkipSync?: boolean;
}

/** Runs one seeded crash scenario; returns the violations found (empty when the property holds). */
export async function crashRun(seed: number, options: CrashRunOptions = {}): Promise<string[]> {
  const random = createSeededRandom(seed);
  const disk = new PowerLossStorage({ seed: seed ^ 0x5eed });
  const storage = options.unsafeSkipSync ? withoutDatasync(disk) : disk;
  const violations: string[] = [];
  let model: ModelRecord[] = [];
  let durableAckedEver = 0;
  let inFlight: string | undefined;
  let clock = 1_700_000_000_000;
  const open = () => Journal.open({ storage, maxBytes: 1500, clock: () => clock++ });

  const verify = async (journal: Journal, boot: number): Promise<void> => {
    const { checkpointSeq, checkpointHash } = journal.state;
    const records = await journal.read(0, Number.MAX_SAFE_INTEGER);
    const where = `seed ${seed} boot ${boot}`;
    if (checkpointSeq > durableAckedEver) violations.push(`${where}: compaction deleted up to ${checkpointSeq}, durable ack was ${durableAckedEver}`);
    const anchor = model.find((m) => m.seq === checkpointSeq);
    if (anchor && anchor.hash !== hex(checkpointHash)) violations.push(`${where}: checkpoint anchor differs from hash of seq ${checkpointSeq}`);
    let prev = hex(checkpointHash);
    for (const r of records) {
      if (hex(r.prevHash) !== prev) violations.push(`${where}: seq ${r.seq} does not chain`);
      prev = hex(r.hash);
    }
    const expected = model.filter((m) => m.seq > checkpointSeq);
    for (const [i, m] of expected.entries()) {
      const r = records[i];
      if (!r || r.seq !== m.seq || hex(r.body) !== m.body || hex(r.hash) !== m.hash) {
        violations.push(`${where}: lost approval seq ${m.seq}${r ? ` (found seq ${r.seq})` : ''}`);
        break;
      }
    }
    const extra = records.slice(expected.length);
    if (extra.length > 1 || (extra.length === 1 && hex(extra[0]!.body) !== inFlight)) {
      violations.push(`${where}: ${extra.length} record(s) present that never resolved`);
    }
    model = records.map((r) => ({ seq: r.seq, body: hex(r.body), hash: hex(r.hash) }));
  };

  const boots = options.boots ?? 3;
  for (let boot = 0; boot <= boots; boot++) {
    if (boot < boots) disk.cutAtOperation(1 + random.int(90));
    let journal: Journal;
    try {
      journal = await open();
      if (boot > 0) await verify(journal, boot);
    } catch (error) {
      if (disk.cuts > boot) continue; // the cut hit the open itself
      violations.push(`seed ${seed} boot ${boot}: open failed: ${(error as Error).message}`);
      return violations;
    }
    if (boot === boots) break;
    inFlight = undefined;
    try {
      for (let action = 0; action < (options.actionsPerBoot ?? 30); action++) {
        const roll = random.next();
        if (roll < 0.8) {
          const body = new Uint8Array(Array.from({ length: 1 + random.int(60) }, () => random.int(256)));
          inFlight = hex(body);
          try {
            const appended = await journal.append({ type: 1 + random.int(3), body });
            model.push({ seq: appended.seq, body: inFlight, hash: hex(appended.hash) });
          } catch (error) {
            if (!isTerminalError(error, 'TERM_JOURNAL_FULL')) throw error;
          }
          inFlight = undefined;
        } else if (roll < 0.92) {
          const { checkpointSeq, lastSeq } = journal.state;
          const upTo = checkpointSeq + random.int(lastSeq - checkpointSeq + 1);
          const durable = random.next() < 0.7;
          journal.acknowledge(upTo, { durable });
          if (durable) durableAckedEver = Math.max(durableAckedEver, upTo);
        } else {
          await journal.compact();
        }
      }
      disk.powerCut();
    } catch (error) {
      const cut = error instanceof PowerCutError || (error as Error).cause instanceof PowerCutError;
      if (!cut) violations.push(`seed ${seed} boot ${boot}: unexpected ${(error as Error).message}`);
    }
  }
  return violations;
}
