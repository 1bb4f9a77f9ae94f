/**
 * A card payment at the counter: the EMV kernel (`runEmvTransaction`) on the counter's card session (the
 * government card, whose payment application KARTPAY the kernel selects), with the terminal's PIN entry as the
 * kernel's PIN pad, `EmvFingerVerifier` for the EMV 4.4 finger CVMs, and the issuer reached through an injected
 * connection (the reference issuer host in process, or a link to one). The outcome is journaled (record type 6,
 * `terminal/schemas/card-payment-record.ts`) and durable BEFORE an approval is returned or `onApproved` is told;
 * an approval whose record cannot be journaled is returned as `NOT_JOURNALED`, never as approved, and its record is
 * kept by the `CardPaymentJournal` for the next append (README, "journal first").
 *
 * Declines are outcomes; scanner, PIN pad and card-reader faults propagate as `HalError`s (the kernel lets them
 * through), a journal fault never does (it is the `NOT_JOURNALED` outcome). An online approval the payment does not
 * complete (the card pulled before the second GENERATE AC, the card declining after the issuer approved, an approval
 * that could not be journaled) is reversed at the issuer (`IssuerConnection.reverse`); the result's `reversal` (or,
 * for a thrown fault, the error's `reversal` property) says whether it was. One the link cannot take waits in the
 * counter's `PendingReversals` (when given) and is sent before the next authorisation.
 * @remarks See EMV 4.4 Book 3, 10 (the transaction flow), Book 4, 6.3.1 (amount entry, the attendant's display)
 * and Annex A6 (Authorisation Response Codes Y1/Z1/Y3/Z3).
 */
import { randomBytes } from 'node:crypto';
import { onlineBiometricUnpredictableNumber } from '../../emv/biometric/biometric-verification-data.ts';
import type { PinEntry as KernelPinEntry, PinPad } from '../../emv/kernel/cardholder-verification.ts';
import { KART_COUNTER_CONFIG } from '../../emv/kernel/kart-counter-config.ts';
import type { GoOnline, OnlineRequest, OnlineResponse } from '../../emv/kernel/online-processing.ts';
import { runEmvTransaction, type EmvTransactionResult } from '../../emv/kernel/run-emv-transaction.ts';
import type { EmvTerminalConfig } from '../../emv/kernel/terminal-config.ts';
import type { RsaPublicKey } from '../../emv/oda/rsa.ts';
import type { Transceiver } from '../../emv/transceiver.ts';
import { decodeTlv } from '../../emv/tlv/decode-tlv.ts';
import { findTlv } from '../../emv/tlv/find-tlv.ts';
import { EmvFingerVerifier, type EmvFingerAttempt } from '../biometrics-verify/emv-finger-verifier.ts';
import type { CapturePolicyOptions } from '../biometrics-verify/capture-probe.ts';
import type { UserMessage } from '../errors.ts';
import { HalError } from '../hal/errors.ts';
import type { FingerprintScanner } from '../hal/fingerprint-scanner.ts';
import type { PinEntry } from '../hal/pin-entry.ts';
import type { Receipt } from '../print/escpos/receipt.ts';
import { PAYMENT_OUTCOME, type CardPaymentRecord } from '../schemas/card-payment-record.ts';
import { cardPaymentReceipt } from './card-payment-receipt.ts';
import type { CardPaymentJournal } from './card-payment-journal.ts';
import { paymentRecordOf } from './payment-record-of.ts';
import { declineCodeOf, paymentMessage } from './payment-declines.ts';
import { PaymentError } from './payment-error.ts';
import type { PendingReversals } from './pending-reversals.ts';

/** What the terminal asks the issuer to undo: the card and the ATC of the authorised ARQC. */
export interface PaymentReversal {
  readonly pan: string;
  readonly panSequenceNumber: number;
  readonly atc: number;
  readonly reason: string;
}

/**
 * The issuer link: the reference issuer host (`issuer/issuer-host.ts`) fits. Throwing from `authorise` means "unable
 * to go online". `reverse` undoes an online approval the payment did not complete; a link without it cannot, and the
 * result says so (`reversal: 'unsupported'`).
 */
export interface IssuerConnection {
  authorise(request: OnlineRequest): Promise<OnlineResponse>;
  reverse?(reversal: PaymentReversal): Promise<unknown>;
}

/**
 * What became of an online approval the payment did not complete: reversed; queued (the link threw, the reversal
 * waits in `PayByCardInput.reversals` for the next authorisation); failed (the link threw and there is no queue);
 * unsupported (a link without `reverse`).
 */
export type ReversalOutcome = 'reversed' | 'queued' | 'failed' | 'unsupported';

export interface CardPaymentTerminal {
  readonly terminalId: number;
  /** Key for the journal's PAN token (HMAC-SHA-256), shared with the ledger; at least 16 bytes. */
  readonly panTokenKey: Uint8Array;
  /** EMV terminal configuration (default `KART_COUNTER_CONFIG`). */
  readonly config?: EmvTerminalConfig;
  /** The issuer's biometric encipherment key, for finger online (without it, finger online is unavailable). */
  readonly issuerBiometricKey?: RsaPublicKey;
  /** Local offset from UTC, minutes (default 120, Cairo). */
  readonly utcOffsetMinutes?: number;
  /** Milliseconds since the epoch (default `Date.now`). */
  readonly clock?: () => number;
  /** The shop's name on the receipt. */
  readonly merchant?: UserMessage;
}

export interface CardPaymentDevices {
  readonly scanner: FingerprintScanner;
  readonly pinEntry: PinEntry;
  /** Capture policy (asks again on poor quality) and the reasons for the screens. */
  readonly capture?: CapturePolicyOptions;
  /** Per capture and per PIN entry (default the devices' own). */
  readonly timeoutMs?: number;
}

export interface PayByCardInput {
  /** The counter's card session (the gov card in the reader). */
  readonly transceive: Transceiver;
  /** Amount, Authorised, in piastres. */
  readonly amountPiastres: number;
  readonly terminal: CardPaymentTerminal;
  readonly devices: CardPaymentDevices;
  readonly issuer: IssuerConnection;
  readonly journal: CardPaymentJournal;
  /** Told after the approval's record is durable, before `payByCard` returns. */
  readonly onApproved?: (approval: CardPaymentApproved) => void;
  /** The merchant asks for online authorisation. */
  readonly forceOnline?: boolean;
  /** Cancels PIN entry and captures (`HAL_CANCELED` thrown). */
  readonly signal?: AbortSignal;
  /** Random transaction selection source (default Math.random); seed it in tests. */
  readonly random?: () => number;
  /** The counter's queue of reversals the link could not take: sent first, and where a failed one waits. */
  readonly reversals?: PendingReversals;
}

interface PaymentOutcomeBase {
  /**
   * Set when the issuer approved online but the payment was not approved here (the card declined after the issuer,
   * the approval could not be journaled): the terminal asked the issuer to reverse it.
   */
  readonly reversal?: ReversalOutcome;
  /** The journaled record (an approval's is durable; a kept decline's is in `journal.pending`). */
  readonly record: CardPaymentRecord | undefined;
  /** Every finger CVM attempt, with its reason (no biometric data). */
  readonly fingerAttempts: readonly EmvFingerAttempt[];
  /** The kernel's result (data objects, TVR, TSI, CVM Results, step log). */
  readonly emv: EmvTransactionResult;
}

export interface CardPaymentApproved extends PaymentOutcomeBase {
  readonly ok: true;
  readonly code: 'APPROVED';
  readonly record: CardPaymentRecord;
  readonly seq: number;
  readonly signatureRequired: boolean;
  readonly receipt?: Receipt;
}

export interface CardPaymentDeclined extends PaymentOutcomeBase {
  readonly ok: false;
  /** `CARD_DECLINED`, `ISSUER_DECLINED`, `NOT_JOURNALED`, an `EMV_*` fault, ... */
  readonly code: string;
  readonly message: UserMessage;
  /** The record's journal seq, when it was journaled. */
  readonly seq?: number;
  /** The journal's fault, for `NOT_JOURNALED` and for a decline whose record is kept for later. */
  readonly journalError?: unknown;
  readonly receipt?: Receipt;
}

export type CardPaymentResult = CardPaymentApproved | CardPaymentDeclined;

const PIN_PROMPT = (triesLeft: number | undefined): UserMessage => ({
  ar: `أدخل الرقم السري لكارت الدفع${triesLeft === undefined ? '' : ` (المحاولات المتبقية: ${triesLeft})`}`,
  en: `Enter the card's PIN${triesLeft === undefined ? '' : ` (${triesLeft} tries left)`}`,
});

/** Runs one card payment: see the file comment. */
export async function payByCard(input: PayByCardInput): Promise<CardPaymentResult> {
  const { terminal, devices } = input;
  if (!Number.isSafeInteger(input.amountPiastres) || input.amountPiastres <= 0 || input.amountPiastres > 999_999_999_999) {
    throw new PaymentError('PAY_CONFIG_INVALID', 'the amount must be 1 to 999 999 999 999 piastres');
  }
  const nowMs = (terminal.clock ?? Date.now)();
  // The Unpredictable Number (9F37) is drawn here so the online finger's BVDT can be bound to it (00000000 || UN).
  const un = new Uint8Array(randomBytes(4));
  const timing = {
    ...(input.signal ? { signal: input.signal } : {}), ...(devices.timeoutMs === undefined ? {} : { timeoutMs: devices.timeoutMs }),
  };
  const finger = new EmvFingerVerifier({
    ...devices.capture,
    scanner: devices.scanner,
    ...(terminal.issuerBiometricKey ? { issuerBiometricKey: terminal.issuerBiometricKey } : {}),
    onlineUnpredictableNumber: () => onlineBiometricUnpredictableNumber(un),
    captureOptions: timing,
  });
  // An online approval is remembered so that a payment that does not complete can have it reversed: otherwise a
  // card pulled before the second GENERATE AC leaves the customer debited with no sale, and the retry debits again.
  const online = approvalsOf(input.issuer);
  const reverse = async (reason: string): Promise<ReversalOutcome | undefined> => {
    const approval = online.approved();
    if (!approval) return undefined;
    if (!input.issuer.reverse) return 'unsupported';
    try {
      await input.issuer.reverse({ ...approval, reason });
      return 'reversed';
    } catch {
      if (!input.reversals) return 'failed';
      input.reversals.add({ ...approval, reason });
      return 'queued';
    }
  };
  // Reversals an earlier payment could not send go first, so the issuer undoes them before it sees this one.
  if (input.reversals && input.reversals.pending.length > 0) await input.reversals.flush(input.issuer);
  let emv: EmvTransactionResult;
  try {
    emv = await runEmvTransaction(
      terminal.config ?? KART_COUNTER_CONFIG,
      { amountAuthorised: input.amountPiastres, now: new Date(nowMs), ...(input.forceOnline ? { forceOnline: true } : {}) },
      {
        trx: input.transceive,
        pinPad: pinPadOf(devices.pinEntry, timing, input.signal),
        biometricVerifier: finger.verify,
        goOnline: goOnlineVia(online.connection),
        randomBytes: (n) => (n === 4 ? un.slice() : new Uint8Array(randomBytes(n))),
        ...(input.random ? { random: input.random } : {}),
      },
    );
  } catch (error) {
    // A reader fault (the card pulled), a cancel, a device fault: nothing is approved here; undo the issuer's part.
    const reversal = await reverse(`the payment did not complete: ${error instanceof HalError ? error.code : 'terminal fault'}`);
    if (reversal && error instanceof Error) Object.assign(error, { reversal });
    throw error;
  }
  const approvedByKernel = emv.outcome === 'approved';
  const code = approvedByKernel ? 'APPROVED' : declineCodeOf(emv.reasonCode);
  const record = paymentRecordOf(emv, {
    terminalId: terminal.terminalId, timeMs: nowMs, utcOffsetMinutes: terminal.utcOffsetMinutes ?? 120,
    code, amountPiastres: input.amountPiastres, panTokenKey: terminal.panTokenKey,
  });
  const reversal = approvedByKernel ? undefined : await reverse(`the card declined after the issuer approved (${emv.reasonCode})`);
  const base = { fingerAttempts: [...finger.attempts], emv, ...(reversal ? { reversal } : {}) };
  if (!record) {
    // Ended before the card gave its PAN (no payment application, a card fault at selection): nothing to journal.
    return { ok: false, code, message: paymentMessage(code), record: undefined, ...base };
  }
  const journaled = await input.journal.record(record, nowMs);
  const receipt = (seq: number, r: CardPaymentRecord) =>
    terminal.merchant ? { receipt: cardPaymentReceipt(r, { merchant: terminal.merchant, seq, message: paymentMessage(r.code) }) } : {};
  if (!journaled.ok) {
    const kept = input.journal.pending[input.journal.pending.length - 1];
    // An approval not journaled is not shown: the customer is told it is declined, so the issuer's part is undone.
    const notShown = approvedByKernel ? await reverse('the approval could not be journaled and was not shown') : undefined;
    return {
      ok: false, code: approvedByKernel ? 'NOT_JOURNALED' : code, message: paymentMessage(approvedByKernel ? 'NOT_JOURNALED' : code),
      record: kept ?? record, journalError: journaled.error, ...base, ...(notShown ? { reversal: notShown } : {}),
    };
  }
  if (record.outcome !== PAYMENT_OUTCOME.APPROVED) {
    return { ok: false, code, message: paymentMessage(code), record, seq: journaled.seq, ...base, ...receipt(journaled.seq, record) };
  }
  const approval: CardPaymentApproved = {
    ok: true, code: 'APPROVED', record, seq: journaled.seq, signatureRequired: emv.signatureRequired, ...base, ...receipt(journaled.seq, record),
  };
  input.onApproved?.(approval);
  return approval;
}

/**
 * Wraps the issuer link to remember the last online approval of this payment (the card, its ATC from the request's
 * field 55): what a reversal names.
 */
function approvalsOf(issuer: IssuerConnection): { connection: IssuerConnection; approved(): Omit<PaymentReversal, 'reason'> | undefined } {
  let last: Omit<PaymentReversal, 'reason'> | undefined;
  return {
    connection: {
      async authorise(request) {
        const response = await issuer.authorise(request);
        const approved = response.approved ?? response.authorisationResponseCode === '00';
        const atc = atcOf(request.iccData);
        if (approved && atc !== undefined) last = { pan: request.pan, panSequenceNumber: request.panSequenceNumber, atc };
        return response;
      },
    },
    approved: () => last,
  };
}

/** The ATC (9F36) in an authorisation request's ICC data, or undefined. */
function atcOf(iccData: Uint8Array): number | undefined {
  try {
    const atc = findTlv(decodeTlv(iccData), 0x9f36)?.value;
    return atc?.length === 2 ? (atc[0]! << 8) | atc[1]! : undefined;
  } catch {
    return undefined;
  }
}

/**
 * The terminal's PIN entry as the kernel's PIN pad. Cancel or no entry in time on the pad is a PIN bypass
 * (TVR "PIN not entered"); a pad that is gone or broken is "PIN pad not working"; the cashier's cancel of the
 * whole payment (the signal) propagates.
 */
function pinPadOf(pinEntry: PinEntry, timing: { signal?: AbortSignal; timeoutMs?: number }, signal?: AbortSignal): PinPad {
  return async ({ triesLeft }): Promise<KernelPinEntry> => {
    try {
      return (await pinEntry.collectPin({ prompt: PIN_PROMPT(triesLeft), ...timing })).bytes();
    } catch (error) {
      if (!(error instanceof HalError) || signal?.aborted) throw error;
      if (error.code === 'HAL_CANCELED' || error.code === 'HAL_TIMEOUT') return 'bypass';
      if (error.code === 'HAL_DEVICE_ERROR' || error.code === 'HAL_DISCONNECTED') return 'unavailable';
      throw error;
    }
  };
}

/** The issuer link as the kernel's `goOnline`: any failure to get an answer is "unable to go online". */
function goOnlineVia(issuer: IssuerConnection): GoOnline {
  return async (request) => {
    try {
      return await issuer.authorise(request);
    } catch {
      return 'unable';
    }
  };
}
