/**
 * The sale records (type 1) still in a journal, decoded, in order: what the day register, reconciliation and
 * reports read. Reads in chunks from the first record not compacted away.
 */
import type { Journal } from '../journal/journal.ts';
import { decodeJournalRecord, type JournalRecord } from '../schemas/journal-record.ts';
import { RECORD_TYPE } from './service-records.ts';

export async function* journalSales(journal: Journal): AsyncGenerator<{ readonly seq: number; readonly record: JournalRecord }> {
  let from = journal.state.checkpointSeq + 1;
  for (;;) {
    const batch = await journal.read(from, 1000);
    if (batch.length === 0) return;
    for (const frame of batch) {
      if (frame.type === RECORD_TYPE.TRANSACTION) yield { seq: frame.seq, record: decodeJournalRecord(frame.body) };
    }
    from = batch[batch.length - 1]!.seq + 1;
  }
}
