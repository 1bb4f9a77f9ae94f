/**
 * Card payments at the bench's counter: `payByCard` (terminal/payment) on a session with the card in the terminal's
 * reader, with the bench's own scanner (EMV finger matched on the card), PIN pad and payment issuer, journaled as
 * record type 6 into the counter's journal, the same file as the sales, so the background sync carries it to the
 * ledger. The approval is returned only once its record is durable (payByCard's rule).
 */
import type { EmvTerminalConfig } from '../../emv/kernel/terminal-config.ts';
import type { FingerprintScanner } from '../../terminal/hal/fingerprint-scanner.ts';
import type { PinEntry } from '../../terminal/hal/pin-entry.ts';
import type { Journal } from '../../terminal/journal/journal.ts';
import { CardPaymentJournal } from '../../terminal/payment/card-payment-journal.ts';
import { payByCard, type CardPaymentResult, type CardPaymentTerminal, type IssuerConnection } from '../../terminal/payment/pay-by-card.ts';
import type { Terminal } from '../../terminal/terminal.ts';
import { PendingReversals } from '../../terminal/payment/pending-reversals.ts';

/** What the cashier keys in for one card payment. */
export interface BenchCardPayment {
  /** Amount, Authorised, in piastres (1 to 999 999 999 999). */
  readonly amountPiastres: number;
  /** The merchant asks for online authorisation (the card may still decline). */
  readonly forceOnline?: boolean;
  /** Cancels the wait for the card, PIN entry and captures. */
  readonly signal?: AbortSignal;
  /** Wait at most this long for a card (default: no limit). */
  readonly cardTimeoutMs?: number;
  /** Random transaction selection source (default Math.random: 5 % of small payments go online); `() => 0.99` never. */
  readonly random?: () => number;
  /** Per capture and per PIN entry (default the devices' own). */
  readonly deviceTimeoutMs?: number;
}

export interface PaymentDeskOptions {
  readonly terminal: Terminal;
  readonly scanner: FingerprintScanner;
  readonly pinEntry: PinEntry;
  readonly issuer: IssuerConnection;
  /** The counter's journal (shared with the sales). */
  readonly journal: Journal;
  readonly counter: CardPaymentTerminal;
  readonly config?: EmvTerminalConfig;
}

export interface PaymentDesk {
  /** Kept records of payments the journal could not take (appended before the next record). */
  readonly journal: CardPaymentJournal;
  pay(payment: BenchCardPayment): Promise<CardPaymentResult>;
}

/** A payment desk on `options.terminal`'s reader. */
export function createPaymentDesk(options: PaymentDeskOptions): PaymentDesk {
  const journal = new CardPaymentJournal(options.journal);
  // Reversals the issuer link could not take wait here and go first with the next payment.
  const reversals = new PendingReversals();
  const counter = options.config ? { ...options.counter, config: options.config } : options.counter;
  return {
    journal,
    async pay(payment) {
      const session = await options.terminal.acceptCard({
        ...(payment.signal ? { signal: payment.signal } : {}), ...(payment.cardTimeoutMs === undefined ? {} : { timeoutMs: payment.cardTimeoutMs }),
      });
      try {
        return await payByCard({
          transceive: session.transceive, amountPiastres: payment.amountPiastres, terminal: counter, issuer: options.issuer, journal, reversals,
          devices: {
            scanner: options.scanner, pinEntry: options.pinEntry,
            ...(payment.deviceTimeoutMs === undefined ? {} : { timeoutMs: payment.deviceTimeoutMs }),
          },
          ...(payment.forceOnline ? { forceOnline: true } : {}),
          ...(payment.signal ? { signal: payment.signal } : {}),
          ...(payment.random ? { random: payment.random } : {}),
        });
      } finally {
        await session.close('leave').catch(() => undefined);
      }
    },
  };
}
