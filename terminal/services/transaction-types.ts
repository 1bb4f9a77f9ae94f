/**
 * What a transaction service is configured with, what it is asked, and what it answers. An approval is returned
 * only after its journal record is durable; a decline carries its stable code and Arabic and English message;
 * faults are thrown (`HalError`, `TerminalError`, `ServiceError`), never returned.
 */
import type { Transceiver } from '../../emv/transceiver.ts';
import type { AuthRequest, Cut, DeclineReason, Warning } from '../auth/auth-types.ts';
import type { ReferralReason, VerificationEvent } from '../auth/cardholder-verification.ts';
import type { Parameters } from '../auth/parameters.ts';
import type { Blocklist } from '../blocklist/blocklist.ts';
import type { UserMessage } from '../errors.ts';
import type { FingerprintVerifier } from '../hal/fingerprint-verifier.ts';
import type { PinEntry } from '../hal/pin-entry.ts';
import type { Certificate } from '../schemas/certificate.ts';
import type { Cvm } from '../schemas/journal-record.ts';
import type { ItemLine, Service } from '../schemas/service.ts';
import type { Terminal } from '../terminal.ts';
import type { HouseholdSet } from '../legacy/legacy-acceptance.ts';
import type { LocalTallies } from './local-tallies.ts';
import type { LocalSwitches } from '../legacy/local-switches.ts';
import type { CardAuthFailure } from './authenticate-card.ts';
import type { LedgerView } from './ledger-view.ts';
import type { ServiceDeclineCode } from './service-declines.ts';
import type { SupervisorDesk } from './supervisor-desk.ts';
import type { TransactionJournal } from './transaction-journal.ts';

/** The devices of the counter besides the card reader. */
export interface CounterDevices {
  /** The fingerprint verifier for this card session (match on card: `MatchOnCardVerifier` in terminal/biometrics-verify). */
  readonly fingerprint: (card: Transceiver) => FingerprintVerifier;
  readonly pinEntry: PinEntry;
  readonly supervisor?: SupervisorDesk;
}

export interface TransactionConfig {
  readonly terminal: Terminal;
  /** This terminal's id (uint32), signed into every debit proof. */
  readonly terminalId: number;
  readonly params: Parameters;
  /** Trust anchors for card authentication (parameter download). */
  readonly trustedCas: readonly Certificate[];
  /** Revoked issuer or card key ids (parameter download). */
  readonly revokedKeyIds?: readonly Uint8Array[];
  readonly blocklist: Blocklist;
  readonly journal: TransactionJournal;
  /** The ledger's view for the online path; without it every decision is offline. */
  readonly ledger?: LedgerView;
  readonly devices: CounterDevices;
  /** The card of the cashier on duty (never accepted as the supervisor's). */
  readonly cashierCardId: Uint8Array;
  /** Terminal clock, ms since the epoch (default `Date.now`). */
  readonly clock?: () => number;
  /** Local offset from UTC in minutes (default 120, Cairo); the card's date is the local calendar date. */
  readonly utcOffsetMinutes?: number;
  readonly random?: (length: number) => Uint8Array;
  /** How long an online lookup may take before deciding offline (default 1500 ms). */
  readonly ledgerTimeoutMs?: number;
  /** Per fingerprint capture or PIN entry (default 30 s). */
  readonly inputTimeoutMs?: number;
  /** The downloaded switched-households list (`SwitchedHouseholds`): old ration cards of these are refused. */
  readonly switchedHouseholds?: HouseholdSet;
  /** The local tallies, rebuilt from the journal at start (`restoreLocalState`); default empty. */
  readonly tallies?: LocalTallies;
  /** This terminal's own switches, rebuilt from its journal at start (`restoreLocalState`); default empty. */
  readonly localSwitches?: LocalSwitches;
  /** Called with an approval once its record is durable, right before the service resolves (the customer display). */
  readonly onApproved?: (approval: TransactionApproved) => void;
}

/** What the customer asks for. */
export type TransactionRequest = AuthRequest;

export interface TransactionOptions {
  readonly signal?: AbortSignal;
  /** Wait at most this long for a card (default: no limit). */
  readonly cardTimeoutMs?: number;
}

/** Printed and shown for an approval. */
export interface Receipt {
  readonly terminalId: number;
  /** Journal sequence number of the transaction record. */
  readonly seq: number;
  /** Terminal clock at the approval, ms since the epoch. */
  readonly timeMs: number;
  /** The date the card accepted (days since 1970-01-01). */
  readonly date: number;
  readonly cardId: Uint8Array;
  readonly householdId: Uint8Array;
  readonly service: Service;
  /**
   * In the service's unit (loaves, piastres, visits), as the card signed it; ration goods: the part paid from the
   * month's entitlement (the journal record's amount).
   */
  readonly amount: number;
  /** Ration goods: the part paid with bread points, piastres, as the card signed it (0 otherwise). */
  readonly pointsPiastres: number;
  readonly items: readonly ItemLine[];
  readonly pricePiastres: number;
  readonly changePiastres: number;
  /** What the card holds for the service after the debit. */
  readonly balanceAfter: number;
  readonly atc: number;
  readonly cvm: Cvm;
  readonly online: boolean;
  /** `legacy`: an old ration card (no proof: `atc` and `balanceAfter` are the card's counter and balance). */
  readonly cardKind: 'unified' | 'legacy';
}

export interface TransactionApproved {
  readonly ok: true;
  readonly outcome: 'APPROVED';
  /** True when this completes an earlier torn sale found in the card's log (no new debit was made). */
  readonly recovered: boolean;
  readonly receipt: Receipt;
  readonly cuts: readonly Cut[];
  readonly warnings: readonly Warning[];
  readonly verification: readonly VerificationEvent[];
}

export interface TransactionDeclined {
  readonly ok: false;
  readonly outcome: ServiceDeclineCode;
  readonly message: UserMessage;
  /** The engine's reason with its data, when the engine declined. */
  readonly reason?: DeclineReason;
  /** CARD_NOT_GENUINE: which check failed. */
  readonly authFailure?: CardAuthFailure;
  /** The card's status word, when the card refused. */
  readonly cardSw?: number;
  /** Verification ended in a referral: why, and what to do. */
  readonly referral?: { readonly why: ReferralReason; readonly action: UserMessage };
  /** Journal seq of the decline record. */
  readonly seq: number;
  readonly warnings: readonly Warning[];
  readonly verification: readonly VerificationEvent[];
}

export type TransactionResult = TransactionApproved | TransactionDeclined;
