/**
 * The terminal's crash-safe local journal (see FORMAT.md): an append-only CBOR sequence of hash-chained records.
 * `append` resolves only after the record is written and fdatasync'd, so a caller that shows an approval after
 * it resolves never shows one that a power cut can take back. Opening verifies the whole file, truncates a torn
 * tail (reported in `openReport.tailCut`) and refuses a corrupt middle with `TERM_JOURNAL_CORRUPT`. The file is
 * bounded (`maxBytes`): when full, `append` fails with `TERM_JOURNAL_FULL` unless records the ledger acknowledged
 * as durable can be compacted away; unacknowledged records are never deleted or overwritten.
 *
 * After an I/O failure the journal refuses further use (`TERM_JOURNAL_IO`): what reached the disk is unknown
 * until it is opened again, which re-verifies the file.
 */
import { TerminalError } from '../errors.ts';
import type { JournalFile, JournalStorage } from './journal-file.ts';
import { CHECKPOINT_TYPE, encodeJournalRecord, parseJournalRecordAt, ZERO_HASH, type JournalRecord } from './journal-record.ts';
import { recoverJournal, type JournalIndexEntry, type TailCut } from './recover-journal.ts';

export interface JournalOptions {
  readonly storage: JournalStorage;
  /** File name inside the storage (default `journal.cbor`; compaction uses it plus `.tmp`). */
  readonly name?: string;
  /** Largest file size in bytes (default 16 MiB). */
  readonly maxBytes?: number;
  /** Largest body of one record (default 64 KiB). */
  readonly maxBodyBytes?: number;
  /** Milliseconds since the Unix epoch (default `Date.now`). */
  readonly clock?: () => number;
}

/** What `Journal.open` found and did. */
export interface JournalOpenReport {
  /** The file did not exist (or held no intact record) and was started afresh at seq 1. */
  readonly created: boolean;
  /** A torn or corrupted tail that was truncated, with how many bytes were cut and why. */
  readonly tailCut: TailCut | undefined;
  /** A compaction interrupted before its rename left a temporary file, now removed. */
  readonly removedTempFile: boolean;
}

export interface JournalEntry {
  /** Application record type, 1 to 2^32 - 1 (0 is reserved for checkpoints). */
  readonly type: number;
  readonly body: Uint8Array;
  /** Defaults to the journal clock. */
  readonly time?: number;
}

/** A durable record: what `append` resolves with. */
export interface AppendedRecord {
  readonly seq: number;
  readonly time: number;
  readonly type: number;
  readonly hash: Uint8Array;
}

export interface JournalState {
  /** Seq of the last record deleted by compaction (0 if none): records start at `checkpointSeq + 1`. */
  readonly checkpointSeq: number;
  /** Hash of record `checkpointSeq` (zeros if none): the chain anchor. */
  readonly checkpointHash: Uint8Array;
  readonly lastSeq: number;
  readonly lastHash: Uint8Array;
  readonly size: number;
  readonly maxBytes: number;
  readonly ackedSeq: number;
  readonly durableAckedSeq: number;
}

const DEFAULT_MAX_BYTES = 16 * 1024 * 1024;
const DEFAULT_MAX_BODY_BYTES = 64 * 1024;

export class Journal {
  #file: JournalFile;
  #checkpoint: JournalRecord;
  #entries: JournalIndexEntry[];
  #ackedSeq: number;
  #durableAckedSeq: number;
  #queue: Promise<unknown> = Promise.resolve();
  #failure: unknown;
  #closed = false;
  readonly #options: Required<JournalOptions>;

  private constructor(options: Required<JournalOptions>, file: JournalFile, checkpoint: JournalRecord, entries: JournalIndexEntry[], readonly openReport: JournalOpenReport) {
    this.#options = options;
    this.#file = file;
    this.#checkpoint = checkpoint;
    this.#entries = entries;
    this.#ackedSeq = checkpoint.seq;
    this.#durableAckedSeq = checkpoint.seq;
  }

  /** Opens (or creates) the journal, verifying and repairing it; see the module description. */
  static async open(options: JournalOptions): Promise<Journal> {
    const full: Required<JournalOptions> = {
      name: 'journal.cbor', maxBytes: DEFAULT_MAX_BYTES, maxBodyBytes: DEFAULT_MAX_BODY_BYTES, clock: Date.now, ...options,
    };
    const { storage, name } = full;
    return ioGuard('open', async () => {
      const temp = `${name}.tmp`;
      const removedTempFile = await storage.exists(temp);
      if (removedTempFile) {
        await storage.remove(temp);
        await storage.syncDir();
      }
      if (!(await storage.exists(name))) {
        const file = await storage.create(name);
        const checkpoint = await writeCheckpoint(file, full.clock(), 0, ZERO_HASH);
        await storage.syncDir();
        return new Journal(full, file, checkpoint, [], { created: true, tailCut: undefined, removedTempFile });
      }
      const file = await storage.open(name);
      try {
        const recovered = recoverJournal(await file.read(0, file.size));
        if (recovered.tail) {
          await file.truncate(recovered.validEnd);
          await file.datasync();
        }
        const checkpoint = recovered.checkpoint ?? (await writeCheckpoint(file, full.clock(), 0, ZERO_HASH));
        const report = { created: !recovered.checkpoint, tailCut: recovered.tail, removedTempFile };
        return new Journal(full, file, checkpoint, recovered.entries, report);
      } catch (error) {
        await file.close().catch(() => undefined);
        throw error;
      }
    });
  }

  /** The journal's position: sequence numbers, anchor, size and acknowledgements. */
  get state(): JournalState {
    const last = this.#entries.at(-1);
    return {
      checkpointSeq: this.#checkpoint.seq,
      checkpointHash: this.#checkpoint.prevHash,
      lastSeq: last?.seq ?? this.#checkpoint.seq,
      lastHash: last?.hash ?? this.#checkpoint.prevHash,
      size: this.#file.size,
      maxBytes: this.#options.maxBytes,
      ackedSeq: this.#ackedSeq,
      durableAckedSeq: this.#durableAckedSeq,
    };
  }

  /**
   * Appends one record and resolves once it is durable (written and fdatasync'd). Throws `TERM_JOURNAL_FULL`
   * when it does not fit even after compacting durably acknowledged records, `TERM_JOURNAL_RECORD_INVALID` for
   * a bad entry, `TERM_JOURNAL_IO` when the write or sync fails (the record is then not approved).
   */
  append(entry: JournalEntry): Promise<AppendedRecord> {
    return this.#serialize(async () => {
      const time = entry.time ?? this.#options.clock();
      this.#validate(entry, time);
      const { lastSeq, lastHash } = this.state;
      const record = { seq: lastSeq + 1, time, type: entry.type, body: entry.body, prevHash: lastHash };
      const { bytes, hash } = encodeJournalRecord(record);
      if (this.#file.size + bytes.length > this.#options.maxBytes && this.#durableAckedSeq > this.#checkpoint.seq) {
        await this.#compact();
      }
      if (this.#file.size + bytes.length > this.#options.maxBytes) {
        throw new TerminalError(
          'TERM_JOURNAL_FULL',
          `journal full: ${this.#file.size} of ${this.#options.maxBytes} bytes used, record needs ${bytes.length}; ` +
            `${lastSeq - this.#durableAckedSeq} records await a durable acknowledgement`,
        );
      }
      await this.#io('append', async () => {
        await this.#file.append(bytes);
        await this.#file.datasync();
      });
      this.#entries.push({ seq: record.seq, offset: this.#file.size - bytes.length, length: bytes.length, hash });
      return { seq: record.seq, time, type: entry.type, hash };
    });
  }

  /** Reads up to `limit` records from `fromSeq` on (records before the checkpoint are gone). */
  read(fromSeq: number, limit = 1000): Promise<JournalRecord[]> {
    return this.#serialize(async () => {
      const start = Math.max(0, fromSeq - this.#checkpoint.seq - 1);
      const wanted = this.#entries.slice(start, start + Math.max(0, limit));
      if (wanted.length === 0) return [];
      const first = wanted[0]!.offset;
      const last = wanted.at(-1)!;
      const bytes = await this.#io('read', () => this.#file.read(first, last.offset + last.length - first));
      return wanted.map((entry) => {
        const frame = parseJournalRecordAt(bytes, entry.offset - first);
        if (!frame.ok) throw new TerminalError('TERM_JOURNAL_CORRUPT', `journal corrupt: record seq ${entry.seq} changed on disk (${frame.damage})`);
        return frame.record;
      });
    });
  }

  /**
   * Records the ledger's acknowledgement of every record up to `upToSeq`. Only a `durable` acknowledgement
   * (the ledger stored them durably) lets compaction delete them. Throws `TERM_JOURNAL_ACK_INVALID` for a seq
   * beyond the last record; an acknowledgement below an earlier one changes nothing.
   */
  acknowledge(upToSeq: number, options: { readonly durable: boolean }): void {
    const { lastSeq } = this.state;
    if (!Number.isSafeInteger(upToSeq) || upToSeq < 0 || upToSeq > lastSeq) {
      throw new TerminalError('TERM_JOURNAL_ACK_INVALID', `acknowledgement up to seq ${upToSeq} but the last record is seq ${lastSeq}`);
    }
    this.#ackedSeq = Math.max(this.#ackedSeq, upToSeq);
    if (options.durable) this.#durableAckedSeq = Math.max(this.#durableAckedSeq, upToSeq);
  }

  /**
   * Deletes the records the ledger acknowledged as durable: writes a new file holding a checkpoint (the last
   * deleted seq and its hash, so the chain stays verifiable) and the remaining records, syncs it, renames it over
   * the journal and syncs the directory. Returns how many records were deleted.
   */
  compact(): Promise<{ readonly removedRecords: number }> {
    return this.#serialize(() => this.#compact());
  }

  /** Waits for pending work and closes the file; later calls fail with `TERM_JOURNAL_CLOSED`. */
  close(): Promise<void> {
    return this.#serialize(async () => {
      this.#closed = true;
      await this.#file.close();
    });
  }

  async #compact(): Promise<{ removedRecords: number }> {
    const upTo = this.#durableAckedSeq;
    const removed = upTo - this.#checkpoint.seq;
    if (removed <= 0) return { removedRecords: 0 };
    const { storage, name, clock } = this.#options;
    const anchor = this.#entries[removed - 1]!.hash;
    const kept = this.#entries.slice(removed);
    const from = kept[0]?.offset ?? this.#file.size;
    await this.#io('compact', async () => {
      const tail = await this.#file.read(from, this.#file.size - from);
      const temp = await storage.create(`${name}.tmp`);
      const checkpoint = await writeCheckpoint(temp, clock(), upTo, anchor, tail);
      await temp.close();
      await storage.rename(`${name}.tmp`, name);
      await storage.syncDir();
      const old = this.#file;
      this.#file = await storage.open(name);
      await old.close();
      const shift = this.#file.size - tail.length - from;
      this.#checkpoint = checkpoint;
      this.#entries = kept.map((entry) => ({ ...entry, offset: entry.offset + shift }));
    });
    return { removedRecords: removed };
  }

  #validate(entry: JournalEntry, time: number): void {
    const problem =
      !Number.isSafeInteger(entry.type) || entry.type < 1 || entry.type > 0xffff_ffff ? `type ${entry.type} is not 1 to 2^32 - 1`
      : !(entry.body instanceof Uint8Array) ? 'body is not a Uint8Array'
      : entry.body.length > this.#options.maxBodyBytes ? `body of ${entry.body.length} bytes exceeds ${this.#options.maxBodyBytes}`
      : !Number.isSafeInteger(time) || time < 0 ? `time ${time} is not a non-negative integer`
      : undefined;
    if (problem) throw new TerminalError('TERM_JOURNAL_RECORD_INVALID', `journal entry refused: ${problem}`);
  }

  #serialize<T>(work: () => Promise<T>): Promise<T> {
    const result = this.#queue.then(() => {
      if (this.#closed) throw new TerminalError('TERM_JOURNAL_CLOSED', 'journal is closed');
      if (this.#failure !== undefined) {
        throw new TerminalError('TERM_JOURNAL_IO', 'journal stopped after an I/O failure: open it again', { cause: this.#failure });
      }
      return work();
    });
    this.#queue = result.catch(() => undefined);
    return result;
  }

  async #io<T>(what: string, work: () => Promise<T>): Promise<T> {
    try {
      return await work();
    } catch (error) {
      this.#failure = error;
      throw new TerminalError('TERM_JOURNAL_IO', `journal ${what} failed`, { cause: error });
    }
  }
}

/** Appends a checkpoint record (and any following bytes) to an empty file and makes it durable. */
async function writeCheckpoint(file: JournalFile, time: number, seq: number, anchor: Uint8Array, after?: Uint8Array): Promise<JournalRecord> {
  const fields = { seq, time, type: CHECKPOINT_TYPE, body: new Uint8Array(0), prevHash: anchor };
  const { bytes, hash } = encodeJournalRecord(fields);
  const all = after ? new Uint8Array(bytes.length + after.length) : bytes;
  if (after) {
    all.set(bytes);
    all.set(after, bytes.length);
  }
  await file.append(all);
  await file.datasync();
  return { ...fields, hash };
}

async function ioGuard<T>(what: string, work: () => Promise<T>): Promise<T> {
  try {
    return await work();
  } catch (error) {
    if (error instanceof TerminalError) throw error;
    throw new TerminalError('TERM_JOURNAL_IO', `journal ${what} failed`, { cause: error });
  }
}
