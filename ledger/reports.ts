/**
 * Reconciliation and reports, as JSON-ready objects: totals per terminal and day after caaa.012 (the ledger's
 * count and amount per service and type, to compare with the terminal's own), a household's day, and a day's
 * national totals, the review flags of a day, and the debit intents not settled by a sale. Days are days since
 * 1970-01-01 UTC. A terminal's reconciliation counts its own journaled sales only (`source` 0), not the foreign
 * debits it reported; households and days count both.
 */
import type { Queryable } from './store/ledger-store.ts';
import { bin, num } from './store/rows.ts';
import { decodeBakeryRegister } from '../terminal/auth/bakery-day-register.ts';
import { parseJournalRecordAt } from '../terminal/journal/journal-record.ts';
import { OUTCOME } from '../terminal/schemas/journal-record.ts';
import { SERVICE } from '../terminal/schemas/service.ts';
import { RECORD_TYPE } from '../terminal/services/service-records.ts';

export interface TotalsRow {
  readonly service: number;
  /** 0 approved, 1 declined. */
  readonly type: number;
  readonly count: number;
  readonly amount: number;
}

const toTotals = (rows: Record<string, unknown>[]): TotalsRow[] =>
  rows.map((r) => ({ service: num(r['service']), type: num(r['outcome']), count: num(r['n']), amount: num(r['amount']) }));

/** The ledger's totals for one terminal and day, with what it holds of the terminal and the flags raised. */
export async function reconciliation(db: Queryable, terminalId: number, day: number) {
  const [terminal] = await db.query('SELECT stored_up_to FROM terminals WHERE terminal_id = $1', [terminalId]);
  const totals = await db.query(
    `SELECT service, outcome, count(*) AS n, coalesce(sum(amount), 0) AS amount FROM transactions
      WHERE terminal_id = $1 AND day = $2 AND source = 0 GROUP BY service, outcome ORDER BY service, outcome`, [terminalId, day]);
  const flags = await db.query(
    `SELECT f.seq, f.code, f.detail FROM flags f JOIN transactions t ON t.terminal_id = f.terminal_id AND t.seq = f.seq
      WHERE f.terminal_id = $1 AND t.day = $2 ORDER BY f.seq, f.code`, [terminalId, day]);
  const rejected = await db.query(`SELECT seq, verdict FROM records WHERE terminal_id = $1 AND verdict NOT IN ('ACCEPTED', 'STORED') ORDER BY seq`, [terminalId]);
  return {
    terminalId, day, known: terminal !== undefined, storedUpToSeq: terminal ? num(terminal['stored_up_to']) : 0,
    totals: toTotals(totals),
    flags: flags.map((f) => ({ seq: num(f['seq']), code: String(f['code']), detail: String(f['detail']) })),
    rejected: rejected.map((r) => ({ seq: num(r['seq']), code: String(r['verdict']) })),
  };
}

/** A household's transactions on one day, across all its cards and terminals. */
export async function householdReport(db: Queryable, householdId: string, day: number) {
  const rows = await db.query(
    `SELECT terminal_id, seq, service, outcome, code, card_id, amount, time_s, card_kind, source FROM transactions
      WHERE household_id = $1 AND day = $2 ORDER BY time_s, terminal_id, seq`, [householdId, day]);
  return {
    householdId, day,
    transactions: rows.map((r) => ({
      terminalId: num(r['terminal_id']), seq: num(r['seq']), service: num(r['service']), outcome: num(r['outcome']),
      code: String(r['code']), cardId: r['card_id'] === null ? null : String(r['card_id']), amount: num(r['amount']), time: num(r['time_s']),
      cardKind: num(r['card_kind']) === 1 ? 'legacy' : 'unified', source: num(r['source']) === 1 ? 'foreign-debit' : 'sale',
    })),
  };
}

/** One day's totals over every terminal. */
export async function dayReport(db: Queryable, day: number) {
  const totals = await db.query(
    `SELECT service, outcome, count(*) AS n, coalesce(sum(amount), 0) AS amount FROM transactions
      WHERE day = $1 GROUP BY service, outcome ORDER BY service, outcome`, [day]);
  const [terminals] = await db.query('SELECT count(DISTINCT terminal_id) AS n FROM transactions WHERE day = $1', [day]);
  const [flags] = await db.query(
    'SELECT count(*) AS n FROM flags f JOIN transactions t ON t.terminal_id = f.terminal_id AND t.seq = f.seq WHERE t.day = $1', [day]);
  return { day, terminals: num(terminals?.['n'] ?? 0), flags: num(flags?.['n'] ?? 0), totals: toTotals(totals) };
}

/**
 * The review flags of one day: per record (`flags`, the flagged transaction's day) and per terminal
 * (`terminal_flags`: `HIGH_FALLBACK_RATE`, `HIGH_EXCEPTION_RATE`).
 */
export async function flagsReport(db: Queryable, day: number) {
  const records = await db.query(
    `SELECT f.terminal_id, f.seq, f.code, f.detail FROM flags f JOIN transactions t ON t.terminal_id = f.terminal_id AND t.seq = f.seq
      WHERE t.day = $1 ORDER BY f.terminal_id, f.seq, f.code`, [day]);
  const terminals = await db.query('SELECT terminal_id, code, detail FROM terminal_flags WHERE day = $1 ORDER BY terminal_id, code', [day]);
  return {
    day,
    records: records.map((f) => ({ terminalId: num(f['terminal_id']), seq: num(f['seq']), code: String(f['code']), detail: String(f['detail']) })),
    terminals: terminals.map((f) => ({ terminalId: num(f['terminal_id']), code: String(f['code']), detail: String(f['detail']) })),
  };
}

/** Debit intents not ended by a sale or a `NO_DEBIT`: pending, open (torn, unresolved) or debited (a foreign report). */
export async function tornDebitsReport(db: Queryable) {
  const rows = await db.query(
    `SELECT terminal_id, seq, card_id, household_id, atc_before, day, time_ms, status, settled_by FROM intents
      WHERE status IN ('pending', 'open', 'debited') ORDER BY terminal_id, seq LIMIT 10000`);
  return rows.map((r) => ({
    terminalId: num(r['terminal_id']), seq: num(r['seq']), cardId: String(r['card_id']), householdId: String(r['household_id']),
    atcBefore: num(r['atc_before']), day: num(r['day']), timeMs: num(r['time_ms']), status: String(r['status']),
    settledBy: r['settled_by'] === null ? null : String(r['settled_by']),
  }));
}

/**
 * The bakery day registers the terminals journaled (record type 5) for one business day, decoded, for inspection:
 * opening stock, flour and the loaves it should give, loaves sold per hour, closing stock and the discrepancy,
 * beside the ledger's own count of the terminal's approved bread loaves that day (`ledgerLoaves`).
 */
export async function dayRegistersReport(db: Queryable, day: number) {
  const rows = await db.query(`SELECT terminal_id, seq, frame FROM records WHERE type = $1 ORDER BY terminal_id, seq`, [RECORD_TYPE.DAY_REGISTER]);
  const registers = [];
  for (const row of rows) {
    const parsed = parseJournalRecordAt(bin(row['frame']), 0);
    if (!parsed.ok) continue;
    const register = decodeBakeryRegister(parsed.record.body);
    if (register.day !== day) continue;
    const [sold] = await db.query(
      `SELECT coalesce(sum(amount), 0) AS loaves FROM transactions WHERE terminal_id = $1 AND service = $2 AND outcome = $3 AND day = $4`,
      [num(row['terminal_id']), SERVICE.BREAD, OUTCOME.APPROVED, day],
    );
    registers.push({ terminalId: num(row['terminal_id']), seq: num(row['seq']), register, ledgerLoaves: num(sold?.['loaves'] ?? 0) });
  }
  return registers;
}
