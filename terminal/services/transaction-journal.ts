/**
 * The services' side of the journal: transaction records (type 1, terminal/schemas journal record v2, with the
 * journal's own seq as `terminalSeq`), debit intents and their settlement, foreign debits (`service-records.ts`).
 * Every append resolves after fdatasync (the journal's contract). It keeps the unsettled intents by card, rebuilt
 * at open from the journal's tail, so a torn debit is found again after a power cut.
 */
import { TerminalError } from '../errors.ts';
import type { Journal } from '../journal/journal.ts';
import { idToHex } from '../schemas/card-id.ts';
import { decodeDebitProof } from '../schemas/debit-proof.ts';
import { decodeJournalRecord, encodeJournalRecord, JOURNAL_RECORD_VERSION, OUTCOME } from '../schemas/journal-record.ts';
import type { JournalRecordV2 } from '../schemas/journal-record.ts';
import { ServiceError } from './service-error.ts';
import {
  decodeIntent, decodeSettled, encodeForeignDebit, encodeIntent, encodeSettled, RECORD_TYPE,
} from './service-records.ts';
import type { DebitIntent, SettledReason } from './service-records.ts';

/** A transaction record (version 2) without what the journal fills in (version, seq). */
export type SaleRecord = Omit<JournalRecordV2, 'version' | 'terminalSeq'>;

const challengeKey = (c: Uint8Array): string => Buffer.from(c).toString('hex');

export class TransactionJournal {
  readonly #journal: Journal;
  readonly #pending = new Map<string, DebitIntent>();
  #queue: Promise<unknown> = Promise.resolve();

  private constructor(journal: Journal) {
    this.#journal = journal;
  }

  /** Wraps an open journal, finding the intents not yet settled among its last `scanRecords` records. */
  static async open(journal: Journal, scanRecords = 5000): Promise<TransactionJournal> {
    const tj = new TransactionJournal(journal);
    const { lastSeq, checkpointSeq } = journal.state;
    const records = await journal.read(Math.max(checkpointSeq + 1, lastSeq - scanRecords + 1), scanRecords);
    const open = new Map<string, DebitIntent>();
    for (const record of records) {
      try {
        if (record.type === RECORD_TYPE.DEBIT_INTENT) {
          const intent = decodeIntent(record.body);
          open.set(challengeKey(intent.challenge), intent);
        } else if (record.type === RECORD_TYPE.DEBIT_INTENT_SETTLED) {
          open.delete(challengeKey(decodeSettled(record.body).challenge));
        } else if (record.type === RECORD_TYPE.TRANSACTION) {
          const sale = decodeJournalRecord(record.body);
          if (sale.debitProof) open.delete(challengeKey(decodeDebitProof(sale.debitProof).challenge));
        }
      } catch (error) {
        throw new ServiceError('SVC_PENDING_INVALID', `journal record seq ${record.seq} (type ${record.type}) does not decode`, { cause: error });
      }
    }
    for (const intent of open.values()) tj.#pending.set(idToHex(intent.cardId), intent);
    return tj;
  }

  /** The underlying journal (for sync and inspection). */
  get journal(): Journal {
    return this.#journal;
  }

  /** The unsettled debit intent of this terminal for `cardId`, if any. */
  pendingFor(cardId: Uint8Array): DebitIntent | undefined {
    return this.#pending.get(idToHex(cardId));
  }

  /** How many intents are unsettled (cards that left mid-debit and have not come back). */
  get pendingCount(): number {
    return this.#pending.size;
  }

  /** Journals the intent durably; only then may the DEBIT be sent. */
  async appendIntent(intent: DebitIntent): Promise<number> {
    const seq = await this.#append(RECORD_TYPE.DEBIT_INTENT, encodeIntent(intent), intent.timeMs);
    this.#pending.set(idToHex(intent.cardId), intent);
    return seq;
  }

  /** Journals that an intent ended without a debit (or beyond the card's log), and forgets it. */
  async settleIntent(intent: DebitIntent, reason: SettledReason, timeMs: number): Promise<number> {
    const seq = await this.#append(RECORD_TYPE.DEBIT_INTENT_SETTLED, encodeSettled(intent.challenge, reason), timeMs);
    this.#pending.delete(idToHex(intent.cardId));
    return seq;
  }

  /** Journals a foreign debit seen in a card's log. */
  appendForeignDebit(proof: Uint8Array, timeMs: number): Promise<number> {
    return this.#append(RECORD_TYPE.FOREIGN_DEBIT, encodeForeignDebit(proof, timeMs), timeMs);
  }

  /**
   * Journals a transaction record (approved or declined); resolves with its seq once durable. An approval settles
   * the card's intent. Throws `TERM_JOURNAL_RECORD_INVALID` for a record that fails its schema.
   */
  appendSale(sale: SaleRecord, timeMs: number): Promise<number> {
    return this.#serialize(async () => {
      const seq = this.#journal.state.lastSeq + 1;
      let body: Uint8Array;
      try {
        body = encodeJournalRecord({ ...sale, version: JOURNAL_RECORD_VERSION, terminalSeq: seq });
      } catch (error) {
        throw new TerminalError('TERM_JOURNAL_RECORD_INVALID', `transaction record refused: ${(error as Error).message}`, { cause: error });
      }
      const appended = await this.#journal.append({ type: RECORD_TYPE.TRANSACTION, body, time: timeMs });
      if (sale.outcome === OUTCOME.APPROVED && sale.cardId) this.#pending.delete(idToHex(sale.cardId));
      return appended.seq;
    });
  }

  #append(type: number, body: Uint8Array, timeMs: number): Promise<number> {
    return this.#serialize(async () => (await this.#journal.append({ type, body, time: timeMs })).seq);
  }

  /** One append at a time, so a transaction record's `terminalSeq` is the seq the journal gives it. */
  #serialize<T>(work: () => Promise<T>): Promise<T> {
    const result = this.#queue.then(work);
    this.#queue = result.catch(() => undefined);
    return result;
  }
}
