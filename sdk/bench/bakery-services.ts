/**
 * The firmware side of a bakery counter, wired as it runs on a terminal: the journal in a directory (fdatasync'd
 * CBOR sequence), the terminal key in a `FileKeyStore` beside it, the transaction runner with the match-on-card
 * fingerprint verifier, the PIN pad and the supervisor desk on the second slot, the ledger's household view over
 * HTTP, and the sync engine sending signed batches in the background. The ledger is the embedded one (PGlite in
 * memory, HTTP on loopback) with this terminal enrolled. Used by `createTestbench` and, on real devices, by the demo.
 */
import { join } from 'node:path';
import type { CardIssuer } from '../../card/gov/test-issuer.ts';
import { startEmbeddedLedger, type EmbeddedLedger } from '../../ledger/embedded-ledger.ts';
import { DEFAULT_PARAMETERS, type Parameters } from '../../terminal/auth/parameters.ts';
import { MatchOnCardVerifier } from '../../terminal/biometrics-verify/match-on-card-verifier.ts';
import { Blocklist } from '../../terminal/blocklist/blocklist.ts';
import type { FingerprintScanner } from '../../terminal/hal/fingerprint-scanner.ts';
import { HttpUplink } from '../../terminal/hal/http/http-uplink.ts';
import type { PinEntry } from '../../terminal/hal/pin-entry.ts';
import { FsJournalStorage } from '../../terminal/journal/fs-journal-storage.ts';
import { Journal } from '../../terminal/journal/journal.ts';
import { FileKeyStore } from '../../terminal/keys/file-key-store.ts';
import { HttpLedgerView } from '../../terminal/services/http-ledger-view.ts';
import { createTransactionRunner, type TransactionRunner } from '../../terminal/services/run-transaction.ts';
import { restoreLocalState } from '../../terminal/services/restore-local-state.ts';
import { createSupervisorDesk, type SupervisorSlot } from '../../terminal/services/supervisor-desk.ts';
import { TransactionJournal } from '../../terminal/services/transaction-journal.ts';
import type { TransactionApproved } from '../../terminal/services/transaction-types.ts';
import type { BatchAck } from '../../terminal/sync/batch-ack.ts';
import { SyncEngine, type SyncEvent } from '../../terminal/sync/sync-engine.ts';
import type { Terminal } from '../../terminal/terminal.ts';

export interface BakeryServicesOptions {
  readonly terminal: Terminal;
  readonly supervisorSlot: SupervisorSlot;
  readonly scanner: FingerprintScanner;
  readonly pinEntry: PinEntry;
  /** Where the journal (`journal.cbor`) and the terminal key (`terminal-key.pem`) live. */
  readonly dir: string;
  readonly terminalId: number;
  readonly issuer: CardIssuer;
  readonly cashierCardId: Uint8Array;
  readonly clock: () => number;
  readonly utcOffsetMinutes: number;
  readonly params?: Parameters;
  /** Idle poll of the background sync (default 5 000 ms; every sale nudges it anyway). */
  readonly syncPollMs?: number;
  /** An existing ledger to sync to instead of starting an embedded one (it is not closed by `close`). */
  readonly ledger?: EmbeddedLedger;
  readonly onApproved?: (approval: TransactionApproved) => void;
}

export interface BakeryServices {
  readonly runner: TransactionRunner;
  readonly journal: TransactionJournal;
  readonly keys: FileKeyStore;
  readonly ledger: EmbeddedLedger;
  readonly ledgerView: HttpLedgerView;
  readonly sync: SyncEngine;
  /** Every acknowledgement the sync engine has verified, in order. */
  readonly acks: readonly BatchAck[];
  /** Sends every unsynced record now (the background loop paused meanwhile); the acknowledgements it got. */
  syncNow(): Promise<BatchAck[]>;
  /** Stops the sync, closes the journal and (if it started it) the embedded ledger. */
  close(): Promise<void>;
}

/** Opens the journal and key, starts (or joins) the ledger, enrols the terminal and starts the sync. */
export async function startBakeryServices(o: BakeryServicesOptions): Promise<BakeryServices> {
  const closers: (() => Promise<unknown>)[] = [];
  const closeAll = async (): Promise<void> => {
    for (const close of closers.splice(0).reverse()) await close().catch(() => undefined);
  };
  // The embedded ledger takes seconds to start (PGlite runs initdb in WebAssembly): the terminal opens meanwhile.
  const starting = o.ledger ? Promise.resolve(o.ledger) : startEmbeddedLedger({ issuer: o.issuer, now: o.clock });
  starting.catch(() => undefined); // awaited below; a failure is thrown from there
  if (!o.ledger) closers.push(() => starting.then((l) => l.close()));
  try {
    const [keys, raw] = await Promise.all([
      FileKeyStore.open(join(o.dir, 'terminal-key.pem')),
      Journal.open({ storage: new FsJournalStorage(o.dir), clock: o.clock }),
    ]);
    closers.push(() => raw.close());
    const ledger = await starting;
    await ledger.enrolTerminal(o.terminalId, await keys.publicKey(), 'Kart test bench bakery');
    const journal = await TransactionJournal.open(raw);
    // A restarted counter remembers its day: usage, the supervised exceptions granted, its own switches.
    const restored = await restoreLocalState(raw, { lastSyncMs: 0 });
    const acks: BatchAck[] = [];
    let lastSyncMs = 0;
    const blocklist = Blocklist.empty();
    const sync = new SyncEngine({
      journal: raw, keys, uplink: new HttpUplink({ baseUrl: ledger.url, timeoutMs: 5_000 }), terminalId: o.terminalId,
      ledgerPublicKey: ledger.publicKey, versions: () => ({ blocklistVersion: blocklist.version, parameterVersion: 1 }),
      pollMs: o.syncPollMs ?? 5_000, backoff: { initialMs: 500, maxMs: 10_000 },
      onEvent: (event: SyncEvent) => {
        if (event.kind !== 'ack') return;
        acks.push(event.ack);
        lastSyncMs = o.clock();
      },
    });
    const ledgerView = new HttpLedgerView({
      baseUrl: ledger.url, ledgerPublicKey: ledger.publicKey, lastSyncMs: () => lastSyncMs, now: o.clock, utcOffsetMinutes: o.utcOffsetMinutes,
    });
    const runner = createTransactionRunner({
      terminal: o.terminal, terminalId: o.terminalId, params: o.params ?? DEFAULT_PARAMETERS,
      trustedCas: [o.issuer.caCertificate], blocklist, journal, ledger: ledgerView, tallies: restored.tallies, localSwitches: restored.localSwitches,
      devices: {
        fingerprint: (transceive) => new MatchOnCardVerifier({ scanner: o.scanner, transceive }),
        pinEntry: o.pinEntry,
        supervisor: createSupervisorDesk(o.supervisorSlot),
      },
      cashierCardId: o.cashierCardId, clock: o.clock, utcOffsetMinutes: o.utcOffsetMinutes,
      onApproved: (approval) => {
        sync.nudge();
        o.onApproved?.(approval);
      },
    });
    sync.start();
    closers.push(() => sync.stop());
    return {
      runner, journal, keys, ledger, ledgerView, sync, acks,
      async syncNow() {
        const before = acks.length;
        await sync.stop();
        try {
          // stop() aborted the loop's signal: this exchange gets its own.
          await sync.syncOnce(AbortSignal.timeout(30_000));
        } finally {
          sync.start();
        }
        return acks.slice(before);
      },
      close: closeAll,
    };
  } catch (error) {
    await closeAll();
    throw error;
  }
}
