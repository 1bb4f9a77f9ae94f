/**
 * The day's reconciliation: the terminal's own bread totals read from its journal, beside the ledger's
 * (`reconciliation(terminalId, day)`), and every approval the terminal showed found in the ledger exactly once.
 */
import type { Ledger } from '../../../ledger/ledger.ts';
import type { Journal } from '../../../terminal/journal/journal.ts';
import { OUTCOME } from '../../../terminal/schemas/journal-record.ts';
import { SERVICE } from '../../../terminal/schemas/service.ts';
import { journalSales } from '../../../terminal/services/journal-sales.ts';

/** Bread transactions of the day: approved and declined, count and loaves. */
export interface BreadTotals {
  readonly approved: { readonly count: number; readonly loaves: number };
  readonly declined: { readonly count: number; readonly loaves: number };
}

/** The journal's bread sales of one local day (days since 1970-01-01). */
export async function journalBreadTotals(journal: Journal, day: number): Promise<BreadTotals & { readonly approvedSeqs: readonly number[] }> {
  const approved = { count: 0, loaves: 0 };
  const declined = { count: 0, loaves: 0 };
  const approvedSeqs: number[] = [];
  for await (const { seq, record } of journalSales(journal)) {
    if (record.service !== SERVICE.BREAD || Math.floor((record.time + record.utcOffsetMinutes * 60) / 86_400) !== day) continue;
    const into = record.outcome === OUTCOME.APPROVED ? approved : declined;
    into.count++;
    into.loaves += record.amount;
    if (record.outcome === OUTCOME.APPROVED) approvedSeqs.push(seq);
  }
  return { approved, declined, approvedSeqs };
}

/** The ledger's bread totals for the terminal and day, with what it holds and what it rejected. */
export async function ledgerBreadTotals(ledger: Ledger, terminalId: number, day: number): Promise<BreadTotals & { readonly storedUpToSeq: number; readonly rejected: number }> {
  const r = await ledger.reconciliation(terminalId, day);
  const row = (type: number) => r.totals.find((t) => t.service === SERVICE.BREAD && t.type === type);
  const of = (type: number) => ({ count: row(type)?.count ?? 0, loaves: row(type)?.amount ?? 0 });
  return { approved: of(OUTCOME.APPROVED), declined: of(OUTCOME.DECLINED), storedUpToSeq: r.storedUpToSeq, rejected: r.rejected.length };
}

/**
 * How many times the ledger holds each of `seqs` as this terminal's approved bread sale on `day` (through the
 * households' reports), and the approved sales it holds that are not among them.
 */
export async function approvalsInLedger(
  ledger: Ledger, terminalId: number, day: number, householdIds: readonly Uint8Array[], seqs: readonly number[],
): Promise<{ readonly missing: number[]; readonly duplicated: number[]; readonly unexpected: number[] }> {
  const held = new Map<number, number>();
  for (const id of householdIds) {
    const report = await ledger.householdReport(Buffer.from(id).toString('hex'), day);
    for (const t of report.transactions) {
      if (t.terminalId !== terminalId || t.source !== 'sale' || t.service !== SERVICE.BREAD || t.outcome !== OUTCOME.APPROVED) continue;
      held.set(t.seq, (held.get(t.seq) ?? 0) + 1);
    }
  }
  const wanted = new Set(seqs);
  return {
    missing: seqs.filter((s) => !held.has(s)),
    duplicated: [...held].filter(([s, n]) => wanted.has(s) && n > 1).map(([s]) => s),
    unexpected: [...held.keys()].filter((s) => !wanted.has(s)),
  };
}

/** True when both sides hold the same counts and loaves. */
export const sameTotals = (a: BreadTotals, b: BreadTotals): boolean =>
  a.approved.count === b.approved.count && a.approved.loaves === b.approved.loaves &&
  a.declined.count === b.declined.count && a.declined.loaves === b.declined.loaves;
