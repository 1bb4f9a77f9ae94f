/**
 * Helpers for the terminal/services suites (not a suite): households of virtual KARTGOV cards from the TEST
 * issuer, and a bench around `createTransactionRunner`: the in-process sim reader, a journal (in memory by
 * default), a simulated ledger, a scripted fingerprint scanner (probes sent to the card: the right finger is the
 * card's own reference), a scripted PIN entry and a supervisor desk. Key material here is TEST ONLY.
 */
import { createHash } from 'node:crypto';
import { createTestbench, type Testbench } from '../../../sdk/create-testbench.ts';
import { issueHousehold, type IssuedCard } from '../../../card/gov/issue-household.ts';
import { createTestIssuer, type CardIssuer } from '../../../card/gov/test-issuer.ts';
import type { HouseholdMember } from '../../../card/gov/household-description.ts';
import { isoDay } from '../../../terminal/auth/calendar.ts';
import { DEFAULT_PARAMETERS, type Parameters } from '../../../terminal/auth/parameters.ts';
import { Blocklist } from '../../../terminal/blocklist/blocklist.ts';
import { HalError } from '../../../terminal/hal/errors.ts';
import { PinBlock } from '../../../terminal/hal/pin-block.ts';
import type { PinEntry } from '../../../terminal/hal/pin-entry.ts';
import type { JournalStorage } from '../../../terminal/journal/journal-file.ts';
import { Journal } from '../../../terminal/journal/journal.ts';
import { PowerLossStorage } from '../../../terminal/journal/power-loss-storage.ts';
import { createSimLedgerView, type SimLedgerView } from '../../../terminal/services/ledger-view.ts';
import { createMatchOnCardVerifier, type ProbeScanner } from './probe-verifier.ts';
import { createTransactionRunner, type TransactionRunner } from '../../../terminal/services/run-transaction.ts';
import { createSupervisorDesk } from '../../../terminal/services/supervisor-desk.ts';
import { createSimCardReader } from '../../../terminal/hal/sim/sim-card-reader.ts';
import type { VirtualCard } from '../../../card/virtual-card.ts';
import { TransactionJournal } from '../../../terminal/services/transaction-journal.ts';
import type { TransactionApproved, TransactionConfig } from '../../../terminal/services/transaction-types.ts';
import type { Terminal } from '../../../terminal/terminal.ts';

/** Cards are issued on 2026-03-10; the terminal's clock reads 2026-03-15 10:00 Cairo (08:00 UTC). */
export const ISSUE_DAY = isoDay('2026-03-10');
export const TODAY = isoDay('2026-03-15');
export const NOW_MS = Date.UTC(2026, 2, 15, 8, 0);
export const TERMINAL_ID = 0x00b4_0001;
export const CASHIER_CARD = Uint8Array.of(0x53, 0, 0, 0, 0, 0, 0, 0x09);
export const SUPERVISOR_PIN = '8642';

/**
 * A staff card from the TEST issuer: with `supervisor`, its certificate carries the SUPERVISE usage (a supervisor's
 * card); without, it is an ordinary card (a cashier's, or anybody's). Same card id every time (fresh keys).
 */
export function staffCard(supervisor = true): IssuedCard {
  const nationalId = supervisor ? '27001010000011' : '27001010000022';
  const [card] = issueHousehold(
    { householdId: Uint8Array.of(0x4f, 0, 0, 0, 0, 0, 0, supervisor ? 1 : 2), rationCardNumber: supervisor ? '9000001' : '9000002', beneficiaries: 1, activations: {},
      members: [{ nationalId, nameAr: 'موظف', nameEn: 'STAFF', role: 'head', age: 45, pin: SUPERVISOR_PIN, fingerprint: finger(nationalId) }] },
    { issuer: testIssuer(), issuedOn: ISSUE_DAY - 30, protocol: 'T=1', ...(supervisor ? { supervisors: [nationalId] } : {}) },
  );
  return card!;
}


let issuer: CardIssuer | undefined;
/** The TEST issuer, made once per process. */
export const testIssuer = (): CardIssuer => (issuer ??= createTestIssuer());

/** A member's fingerprint reference (deterministic by label). */
export const finger = (label: string): Uint8Array => new Uint8Array(createHash('sha256').update(`finger ${label}`).digest());
/** A finger that matches nobody. */
export const WRONG_FINGER = finger('a stranger');

let households = 0;
/** Issues a household: `entitled` adults (head, spouse, children over 16) of `beneficiaries`; fingers by name. */
export function household(options: { beneficiaries?: number; entitled?: number; issuedOn?: number; activations?: Partial<Record<'bread' | 'ration' | 'health', number>>; cardIssuer?: CardIssuer } = {}): IssuedCard[] & { fingers: Uint8Array[] } {
  const n = ++households;
  const entitled = options.entitled ?? 1;
  const members: HouseholdMember[] = Array.from({ length: entitled }, (_, i) => ({
    nationalId: `2850101${String(n).padStart(5, '0')}${i}${i}`.slice(0, 14), nameAr: 'فرد', nameEn: `MEMBER ${n}.${i}`,
    role: i === 0 ? 'head' : i === 1 ? 'spouse' : 'child', age: i < 2 ? 40 : 18, pin: '1234', fingerprint: finger(`${n}.${i}`),
  }));
  const householdId = Uint8Array.of(0x48, 0, 0, 0, 0, 0, n >> 8, n & 0xff);
  const cards = issueHousehold(
    { householdId, rationCardNumber: `10000${n}`, beneficiaries: options.beneficiaries ?? 4, activations: options.activations ?? {}, members },
    { issuer: options.cardIssuer ?? testIssuer(), issuedOn: options.issuedOn ?? ISSUE_DAY, protocol: 'T=1' },
  );
  return Object.assign(cards, { fingers: members.map((m) => m.fingerprint!) });
}

/** A scanner that yields the queued probes in order. */
export interface ScriptedScanner extends ProbeScanner {
  readonly queue: Array<Uint8Array | 'rejected'>;
}

export function scriptedScanner(): ScriptedScanner {
  const queue: Array<Uint8Array | 'rejected'> = [];
  return {
    queue,
    async capture() {
      const next = queue.shift();
      if (next === undefined) throw new HalError('HAL_INTERNAL', 'scripted scanner: no finger queued (test bug)');
      return next === 'rejected' ? { rejected: 'low-quality' } : { template: next };
    },
  };
}

/** A PIN entry that yields the queued digits in order ('cancel' presses Cancel). */
export interface ScriptedPins extends PinEntry {
  readonly queue: string[];
}

export function scriptedPins(): ScriptedPins {
  const queue: string[] = [];
  return {
    queue,
    async collectPin() {
      const next = queue.shift();
      if (next === undefined) throw new HalError('HAL_INTERNAL', 'scripted PIN entry: no PIN queued (test bug)');
      if (next === 'cancel') throw new HalError('HAL_CANCELED', 'PIN entry canceled on the keypad');
      return PinBlock.fromDigits(next);
    },
  };
}

export interface ServiceBench {
  readonly testbench: Testbench;
  readonly runner: TransactionRunner;
  readonly journal: TransactionJournal;
  readonly storage: JournalStorage;
  readonly ledger: SimLedgerView;
  readonly scanner: ScriptedScanner;
  readonly pins: ScriptedPins;
  readonly blocklist: Blocklist;
  readonly approvals: TransactionApproved[];
  /** The terminal clock, settable. */
  readonly clock: { now: number };
  close(): Promise<void>;
}

export interface ServiceBenchOptions {
  readonly storage?: JournalStorage;
  readonly testbench?: Testbench;
  /** Another terminal (e.g. on the real PC/SC stack) instead of the testbench's. */
  readonly terminal?: Terminal;
  readonly ledgerOnline?: boolean;
  readonly params?: Parameters;
  readonly terminalId?: number;
  readonly blocklistIds?: Uint8Array[];
  readonly revokedKeyIds?: Uint8Array[];
  readonly cardIssuer?: CardIssuer;
  readonly nowMs?: number;
  readonly config?: Partial<TransactionConfig>;
  /** The card in the second (supervisor's) slot: default a fresh `staffCard()`; null for an empty slot. */
  readonly supervisorCard?: VirtualCard | null;
}

/** A terminal ready to serve: synced an hour ago, offline unless `ledgerOnline`. */
export async function serviceBench(options: ServiceBenchOptions = {}): Promise<ServiceBench> {
  const testbench = options.testbench ?? createTestbench();
  const storage = options.storage ?? new PowerLossStorage({ seed: 1 });
  const journal = await TransactionJournal.open(await Journal.open({ storage }));
  const clock = { now: options.nowMs ?? NOW_MS };
  const ledger = createSimLedgerView({ online: options.ledgerOnline ?? false, lastSyncMs: clock.now - 3_600_000 });
  const scanner = scriptedScanner();
  const pins = scriptedPins();
  const blocklist = Blocklist.fromIds(7, options.blocklistIds ?? []);
  const approvals: TransactionApproved[] = [];
  const slotName = 'Kart Sim Supervisor Slot';
  const supervisorSlot = createSimCardReader({ readers: [slotName] });
  const supervisorCard = options.supervisorCard === undefined ? staffCard().card : options.supervisorCard;
  if (supervisorCard) supervisorSlot.insertCard(slotName, supervisorCard);
  const runner = createTransactionRunner({
    terminal: options.terminal ?? testbench.terminal,
    terminalId: options.terminalId ?? TERMINAL_ID,
    params: options.params ?? DEFAULT_PARAMETERS,
    trustedCas: [(options.cardIssuer ?? testIssuer()).caCertificate],
    ...(options.revokedKeyIds ? { revokedKeyIds: options.revokedKeyIds } : {}),
    blocklist,
    journal,
    ledger,
    devices: {
      fingerprint: (transceive) => createMatchOnCardVerifier(scanner, transceive),
      pinEntry: pins,
      supervisor: createSupervisorDesk({
        async open() {
          if (!(await supervisorSlot.status(slotName)).cardPresent) return undefined;
          const connection = await supervisorSlot.connect(slotName);
          return { transceive: (apdu) => connection.transmit(apdu), close: () => connection.disconnect('unpower') };
        },
      }),
    },
    cashierCardId: CASHIER_CARD,
    clock: () => clock.now,
    onApproved: (a) => approvals.push(a),
    ...options.config,
  });
  return {
    testbench, runner, journal, storage, ledger, scanner, pins, blocklist, approvals, clock,
    async close() {
      await journal.journal.close().catch(() => undefined);
      await supervisorSlot.close().catch(() => undefined);
      if (!options.testbench) await testbench.close();
    },
  };
}

/** The supervisor's card id (the card the bench puts in the second slot by default). */
export const SUPERVISOR_CARD = staffCard().cardId;
