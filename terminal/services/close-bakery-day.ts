/**
 * Closing the bakery's day: the day register (opening stock, flour delivered and the loaves it should give, loaves
 * sold per local hour from the journal's approved bread sales, closing stock counted, the discrepancy) is built from
 * the journal itself, appended to it as a record of its own (type 5, the register's CBOR), so it is durable, synced
 * to the ledger in the same signed batches as the sales, and there for inspection; and returned with its printable
 * text (Arabic right to left, then English) for the receipt printer.
 *
 * Close the day before the journal compacts it away: compaction only drops records the ledger acknowledged as
 * durable, and a register built after that would miss their sales (the ledger still has them).
 */
import { bakeryDayRegister, bakeryRegisterText, encodeBakeryRegister, type BakeryDayInput, type BakeryDayRegister } from '../auth/bakery-day-register.ts';
import type { Journal } from '../journal/journal.ts';
import { OUTCOME } from '../schemas/journal-record.ts';
import { journalSales } from './journal-sales.ts';
import { SERVICE } from '../schemas/service.ts';
import { RECORD_TYPE } from './service-records.ts';

export interface ClosedBakeryDay {
  readonly register: BakeryDayRegister;
  /** The register's journal sequence number (durable when this resolves). */
  readonly seq: number;
  readonly text: string;
}

/** Builds the day's register from the journal's approved bread sales and journals it. */
export async function closeBakeryDay(journal: Journal, day: Omit<BakeryDayInput, 'sales'>): Promise<ClosedBakeryDay> {
  const sales: { time: number; loaves: number }[] = [];
  for await (const { record } of journalSales(journal)) {
    if (record.outcome === OUTCOME.APPROVED && record.service === SERVICE.BREAD) sales.push({ time: record.time, loaves: record.amount });
  }
  const register = bakeryDayRegister({ ...day, sales });
  const { seq } = await journal.append({ type: RECORD_TYPE.DAY_REGISTER, body: encodeBakeryRegister(register) });
  return { register, seq, text: bakeryRegisterText(register) };
}
