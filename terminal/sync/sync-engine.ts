/**
 * The sync engine: sends the journal's unsynced records to the ledger as signed batches and records the ledger's
 * acknowledgements in the journal. It never blocks the caller: `start()` runs it in the background (the terminal
 * keeps serving customers), `nudge()` wakes it after an append, failures back off with jitter. A batch is kept,
 * byte for byte, until an acknowledgement for it arrives, so after a cut the whole idempotent batch is re-sent.
 * Only a verified acknowledgement moves anything: records are acknowledged `durable` only when the ledger says
 * its store survives a power loss, and nothing is acknowledged on transport success alone.
 */
import { TerminalError } from '../errors.ts';
import type { Journal } from '../journal/journal.ts';
import type { KeyStore } from '../keys/key-store.ts';
import type { Uplink } from '../hal/uplink.ts';
import { buildBatch, type BuiltBatch } from './batch.ts';
import { verifyBatchAck, type BatchAck } from './batch-ack.ts';
import { backoffDelay } from './backoff.ts';

export interface SyncEngineOptions {
  readonly journal: Journal;
  readonly keys: KeyStore;
  readonly uplink: Uplink;
  readonly terminalId: number;
  /** The ledger's public key (SPKI DER) that signs acknowledgements. */
  readonly ledgerPublicKey: Uint8Array;
  /** Versions in force, stamped on each batch. */
  readonly versions: () => { readonly blocklistVersion: number; readonly parameterVersion: number };
  /** Records per batch (default 100). */
  readonly maxRecords?: number;
  /** First back-off delay and cap in ms (defaults 1 000 and 300 000). */
  readonly backoff?: { readonly initialMs: number; readonly maxMs: number };
  /** Idle poll interval of the background loop (default 30 000 ms). */
  readonly pollMs?: number;
  /** Uniform [0, 1) for the jitter (default Math.random). */
  readonly random?: () => number;
  /** Told about every acknowledgement and failure. */
  readonly onEvent?: (event: SyncEvent) => void;
}

export type SyncEvent =
  | { readonly kind: 'ack'; readonly ack: BatchAck }
  | { readonly kind: 'failure'; readonly error: unknown; readonly retryInMs: number };

/** Reasons of a refusal after which the engine resumes from the ledger's `storedUpToSeq`. */
const RESYNC_REASONS = new Set(['BATCH_ID_REUSED', 'BATCH_OVERLAP', 'SEQ_GAP']);

export class SyncEngine {
  readonly #o: SyncEngineOptions;
  #nextSeq: number;
  #pending: BuiltBatch | undefined;
  #attempt = 0;
  #failures = 0;
  #running = false;
  #loop: Promise<void> | undefined;
  #wake: (() => void) | undefined;
  #abort = new AbortController();
  #lastError: unknown;

  constructor(options: SyncEngineOptions) {
    this.#o = options;
    this.#nextSeq = options.journal.state.ackedSeq + 1;
  }

  /** The first seq not yet known to be stored by the ledger, the last failure, and consecutive failures. */
  get status(): { readonly nextSeq: number; readonly failures: number; readonly lastError: unknown } {
    return { nextSeq: this.#nextSeq, failures: this.#failures, lastError: this.#lastError };
  }

  /**
   * Sends batches until the ledger holds every journal record or something fails. Resolves with the number of
   * acknowledged batches; rejects with the fault (`HAL_*` network faults, `SYNC_ACK_INVALID`,
   * `SYNC_BATCH_REJECTED` for a refusal the terminal cannot cure itself). The unacknowledged batch is kept.
   */
  async syncOnce(signal: AbortSignal = this.#abort.signal): Promise<number> {
    let acked = 0;
    let resyncs = 0;
    for (;;) {
      if (!this.#pending) {
        const records = await this.#o.journal.read(this.#nextSeq, this.#o.maxRecords ?? 100);
        if (records.length === 0) return acked;
        this.#pending = await buildBatch(records, this.#o.keys, { terminalId: this.#o.terminalId, ...this.#o.versions() });
        this.#attempt = 0;
      }
      const batch = this.#pending;
      this.#attempt++;
      const answer = await this.#o.uplink.send(batch.bytes, { signal, attempt: this.#attempt });
      const ack = verifyBatchAck(answer, this.#o.ledgerPublicKey, {
        terminalId: this.#o.terminalId, batchId: batch.payload.batchId, payloadHash: batch.payloadHash,
      });
      this.#record(ack);
      this.#o.onEvent?.({ kind: 'ack', ack });
      this.#pending = undefined;
      if (ack.status === 'accepted') {
        acked++;
        continue;
      }
      if (!RESYNC_REASONS.has(ack.reason) || ++resyncs > 2) {
        throw new TerminalError('SYNC_BATCH_REJECTED', `ledger refused batch at seq ${batch.payload.firstSeq}: ${ack.reason}`);
      }
    }
  }

  /** Applies an acknowledgement: what the ledger stored is acknowledged in the journal; sync resumes after it. */
  #record(ack: BatchAck): void {
    const { lastSeq, checkpointSeq } = this.#o.journal.state;
    if (ack.storedUpToSeq > lastSeq) {
      throw new TerminalError('SYNC_ACK_INVALID', `ledger claims seq ${ack.storedUpToSeq} stored, the journal ends at ${lastSeq}`);
    }
    if (ack.storedUpToSeq < checkpointSeq) {
      throw new TerminalError('SYNC_BATCH_REJECTED', `ledger holds up to seq ${ack.storedUpToSeq} but records up to ${checkpointSeq} were deleted after a durable acknowledgement`);
    }
    this.#o.journal.acknowledge(ack.storedUpToSeq, { durable: ack.durable });
    this.#nextSeq = ack.storedUpToSeq + 1;
  }

  /** Starts the background loop; returns at once. */
  start(): void {
    if (this.#running) return;
    this.#running = true;
    this.#abort = new AbortController();
    this.#loop = this.#run();
  }

  /** Wakes the background loop after an append; ignored while backing off from a failure (no hammering). */
  nudge(): void {
    if (this.#failures === 0) this.#wake?.();
  }

  /** Stops the loop, aborting an exchange in flight (its batch is kept for the next start). */
  async stop(): Promise<void> {
    this.#running = false;
    this.#abort.abort(new TerminalError('SYNC_STOPPED', 'sync stopped'));
    this.#wake?.();
    await this.#loop;
  }

  async #run(): Promise<void> {
    while (this.#running) {
      let waitMs = this.#o.pollMs ?? 30_000;
      try {
        await this.syncOnce();
        this.#failures = 0;
        this.#lastError = undefined;
      } catch (error) {
        if (!this.#running) break;
        this.#failures++;
        this.#lastError = error;
        const { initialMs, maxMs } = this.#o.backoff ?? { initialMs: 1000, maxMs: 300_000 };
        waitMs = backoffDelay(this.#failures, initialMs, maxMs, this.#o.random ?? Math.random);
        this.#o.onEvent?.({ kind: 'failure', error, retryInMs: waitMs });
      }
      if (!this.#running) break;
      await new Promise<void>((resolve) => {
        const timer = setTimeout(resolve, waitMs);
        this.#wake = () => {
          clearTimeout(timer);
          resolve();
        };
      });
      this.#wake = undefined;
    }
  }
}
