/**
 * Journaling card payments (record type 6): `record` resolves only once the record is durable (the journal's
 * `append`: written and fdatasync'd), so `payByCard` shows an approval only after it. When the append fails, the
 * payment is not shown as approved, and the record is not lost: it is kept here (in memory) and appended by the
 * next `record` or by `flush`, before anything newer. An approval that could not be journaled is kept as what the
 * customer was told: a decline, code `NOT_JOURNALED`, with the card's cryptogram (a TC) in it, so the ledger and the
 * acquirer see a TC the terminal did not honour and do not clear it.
 *
 * Only `Journal.append` is used, so a test can hand in a journal whose append throws.
 */
import type { AppendedRecord, JournalEntry } from '../journal/journal.ts';
import {
  CARD_PAYMENT_RECORD_TYPE, encodeCardPaymentRecord, PAYMENT_OUTCOME, type CardPaymentRecord,
} from '../schemas/card-payment-record.ts';

/** The part of `Journal` this needs. */
export interface PaymentJournalSink {
  append(entry: JournalEntry): Promise<AppendedRecord>;
}

/** The code of an approval that was not shown because its record could not be journaled. */
export const NOT_JOURNALED = 'NOT_JOURNALED';

export type JournalResult =
  | { readonly ok: true; readonly seq: number }
  | { readonly ok: false; readonly error: unknown };

export class CardPaymentJournal {
  readonly #sink: PaymentJournalSink;
  readonly #pending: { record: CardPaymentRecord; timeMs: number }[] = [];

  constructor(sink: PaymentJournalSink) {
    this.#sink = sink;
  }

  /** Records kept after a failed append, oldest first (to be appended by `flush`). */
  get pending(): readonly CardPaymentRecord[] {
    return this.#pending.map((p) => p.record);
  }

  /**
   * Appends `record` durably, after any pending ones. On failure the record is kept (an approval as a
   * `NOT_JOURNALED` decline) and the error returned, never thrown: the caller then shows no approval.
   * A record that does not encode is a programming error and throws `SchemaError` before anything is kept.
   */
  async record(record: CardPaymentRecord, timeMs: number): Promise<JournalResult> {
    const body = encodeCardPaymentRecord(record);
    try {
      await this.flush();
      const appended = await this.#sink.append({ type: CARD_PAYMENT_RECORD_TYPE, body, time: timeMs });
      return { ok: true, seq: appended.seq };
    } catch (error) {
      const kept: CardPaymentRecord = record.outcome === PAYMENT_OUTCOME.APPROVED
        ? { ...record, outcome: PAYMENT_OUTCOME.DECLINED, code: NOT_JOURNALED }
        : record;
      this.#pending.push({ record: kept, timeMs });
      return { ok: false, error };
    }
  }

  /** Appends the pending records in order; stops (throwing the journal's error) at the first that fails. */
  async flush(): Promise<number> {
    let written = 0;
    while (this.#pending.length > 0) {
      const { record, timeMs } = this.#pending[0]!;
      await this.#sink.append({ type: CARD_PAYMENT_RECORD_TYPE, body: encodeCardPaymentRecord(record), time: timeMs });
      this.#pending.shift();
      written++;
    }
    return written;
  }
}
