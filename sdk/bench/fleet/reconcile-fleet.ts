/**
 * The fleet's reconciliation, from evidence (each terminal's journal sale records, read once at the end) against
 * the ledger's reports: per terminal and per local day its journal holds, the bread totals equal the ledger's
 * (`reconcile-day.ts`), every approval is in the ledger exactly once and none is there that the journal lacks,
 * every approval shown to a customer is journaled, the ledger holds the whole journal (the backlog drained) and
 * rejected nothing; per household and day, the ledger's approved loaves equal the sum over the terminals' journals;
 * and the flags the ledger raised, grouped by code with the households and terminals they name, beside those it must
 * have raised, recomputed from the journals (`HOUSEHOLD_OVERDRAW` for a household's day beyond its collect-ahead
 * window, `CARD_AT_TWO_TERMINALS` for a card approved at two terminals within the window): a missing one fails.
 */
import { DEFAULT_FLAG_RULES, type FlagRules } from '../../../ledger/flags.ts';
import type { Ledger } from '../../../ledger/ledger.ts';
import { idToHex } from '../../../terminal/schemas/card-id.ts';
import { OUTCOME, type JournalRecord } from '../../../terminal/schemas/journal-record.ts';
import { SERVICE } from '../../../terminal/schemas/service.ts';
import { approvalsInLedger, ledgerBreadTotals, sameTotals, type BreadTotals } from '../day/reconcile-day.ts';

/** The ledger's reports the check reads (a test may wrap them). */
export type FleetLedgerReports = Pick<Ledger, 'reconciliation' | 'householdReport' | 'flagsReport' | 'tornDebitsReport'>;

export interface TerminalEvidence {
  readonly index: number;
  readonly terminalId: number;
  readonly sales: readonly { readonly seq: number; readonly record: JournalRecord }[];
  readonly lastSeq: number;
  /** Receipt seqs of the approvals shown to customers. */
  readonly shownSeqs: readonly number[];
}

export interface TerminalReconciliation {
  readonly index: number;
  readonly terminalId: number;
  readonly days: readonly number[];
  readonly journal: BreadTotals;
  readonly ledger: BreadTotals;
  readonly lastSeq: number;
  readonly storedUpToSeq: number;
  /** Records the ledger refused (foreign debit reports excepted). */
  readonly rejected: number;
  /** Debits done at other terminals that this one read off cards' logs and reported (`FOREIGN_SETTLED`/`_KNOWN`). */
  readonly foreignReports: number;
  readonly missing: number;
  readonly duplicated: number;
  readonly unexpected: number;
}

export interface FlagGroup {
  readonly code: string;
  readonly count: number;
  /** Household ids (hex) of the flagged records, as the journals name them. */
  readonly households: readonly string[];
  readonly terminals: readonly number[];
  readonly details: readonly string[];
}

export interface FleetReconciliation {
  readonly terminals: readonly TerminalReconciliation[];
  readonly households: { readonly checked: number; readonly atTwoOrMoreTerminals: number; readonly mismatched: number };
  readonly flags: readonly FlagGroup[];
  /** Flags per terminal (terminal flags: `HIGH_FALLBACK_RATE` ...). */
  readonly terminalFlags: readonly { readonly terminalId: number; readonly code: string; readonly detail: string }[];
  /** Debit intents of the fleet's terminals not settled by a sale, by status (for review; a pulled card's trace). */
  readonly unsettledIntents: Readonly<Record<string, number>>;
  readonly problems: readonly string[];
  readonly agree: boolean;
}

const FOREIGN = new Set(['FOREIGN_SETTLED', 'FOREIGN_KNOWN']);
const dayOf = (r: JournalRecord): number => Math.floor((r.time + r.utcOffsetMinutes * 60) / 86_400);
const zero = (): { approved: { count: number; loaves: number }; declined: { count: number; loaves: number } } =>
  ({ approved: { count: 0, loaves: 0 }, declined: { count: 0, loaves: 0 } });
const add = (a: BreadTotals, b: BreadTotals): BreadTotals => ({
  approved: { count: a.approved.count + b.approved.count, loaves: a.approved.loaves + b.approved.loaves },
  declined: { count: a.declined.count + b.declined.count, loaves: a.declined.loaves + b.declined.loaves },
});
const hex = (t: number): string => t.toString(16).toUpperCase().padStart(8, '0');

/** Checks the fleet; `households` are every household of the fleet. See the file comment. */
export async function reconcileFleet(
  ledger: FleetLedgerReports, evidence: readonly TerminalEvidence[], households: readonly { readonly id: Uint8Array; readonly beneficiaries: number }[],
  rules: FlagRules = DEFAULT_FLAG_RULES,
): Promise<FleetReconciliation> {
  const householdIds = households.map((h) => h.id);
  const problems: string[] = [];
  const terminals: TerminalReconciliation[] = [];
  const allDays = new Set<number>();
  // household hex -> day -> loaves approved, summed over the journals; and the terminals each household used.
  const journalHouseholds = new Map<string, Map<number, number>>();
  const usedAt = new Map<string, Set<number>>();
  const householdOf = new Map<string, string>();
  const asLedger = ledger as Ledger; // reconcile-day reads only these reports
  for (const t of evidence) {
    const bread = t.sales.filter((s) => s.record.service === SERVICE.BREAD);
    const days = [...new Set(bread.map((s) => dayOf(s.record)))].sort((a, b) => a - b);
    for (const d of days) allDays.add(d);
    let journal: BreadTotals = zero();
    let ledgerTotals: BreadTotals = zero();
    let missing = 0, duplicated = 0, unexpected = 0, storedUpToSeq: number, rejected: number;
    for (const s of t.sales) {
      if (s.record.householdId) householdOf.set(`${t.terminalId}:${s.seq}`, idToHex(s.record.householdId));
    }
    for (const d of days) {
      const ofDay = bread.filter((s) => dayOf(s.record) === d);
      const mine = zero();
      for (const { record } of ofDay) {
        const into = record.outcome === OUTCOME.APPROVED ? mine.approved : mine.declined;
        into.count++;
        into.loaves += record.amount;
        if (record.outcome !== OUTCOME.APPROVED || !record.householdId) continue;
        const h = idToHex(record.householdId);
        const perDay = journalHouseholds.get(h) ?? new Map<number, number>();
        perDay.set(d, (perDay.get(d) ?? 0) + record.amount);
        journalHouseholds.set(h, perDay);
        usedAt.set(h, (usedAt.get(h) ?? new Set()).add(t.terminalId));
      }
      const theirs = await ledgerBreadTotals(asLedger, t.terminalId, d);
      if (!sameTotals(mine, theirs)) {
        problems.push(`terminal ${hex(t.terminalId)} day ${d}: journal ${JSON.stringify(mine)} ≠ ledger ${JSON.stringify({ approved: theirs.approved, declined: theirs.declined })}`);
      }
      journal = add(journal, mine);
      ledgerTotals = add(ledgerTotals, theirs);
      const approvedSeqs = ofDay.filter((s) => s.record.outcome === OUTCOME.APPROVED).map((s) => s.seq);
      const once = await approvalsInLedger(asLedger, t.terminalId, d, householdIds, approvedSeqs);
      missing += once.missing.length;
      duplicated += once.duplicated.length;
      unexpected += once.unexpected.length;
      if (once.missing.length) problems.push(`terminal ${hex(t.terminalId)}: approvals missing from the ledger: seq ${once.missing.join(', ')}`);
      if (once.duplicated.length) problems.push(`terminal ${hex(t.terminalId)}: approvals held more than once: seq ${once.duplicated.join(', ')}`);
      if (once.unexpected.length) problems.push(`terminal ${hex(t.terminalId)}: approvals in the ledger its journal does not hold: seq ${once.unexpected.join(', ')}`);
    }
    // A foreign debit the terminal read off a card's log and reported is `FOREIGN_SETTLED` or, when the ledger holds
    // it already (the other terminal synced first), `FOREIGN_KNOWN`: informative verdicts, not rejections.
    const held = await asLedger.reconciliation(t.terminalId, days[0] ?? 0);
    storedUpToSeq = held.storedUpToSeq;
    rejected = held.rejected.filter((r) => !FOREIGN.has(r.code)).length;
    const foreignReports = held.rejected.length - rejected;
    if (storedUpToSeq < t.lastSeq) problems.push(`terminal ${hex(t.terminalId)}: the ledger holds up to seq ${storedUpToSeq} of ${t.lastSeq} (backlog not drained)`);
    if (rejected > 0) problems.push(`terminal ${hex(t.terminalId)}: the ledger rejected ${rejected} record(s)`);
    const approvedSeqs = new Set(bread.filter((s) => s.record.outcome === OUTCOME.APPROVED).map((s) => s.seq));
    const notJournaled = t.shownSeqs.filter((s) => !approvedSeqs.has(s));
    if (notJournaled.length) problems.push(`terminal ${hex(t.terminalId)}: approvals shown but not in the journal: seq ${notJournaled.join(', ')}`);
    terminals.push({ index: t.index, terminalId: t.terminalId, days, journal, ledger: ledgerTotals, lastSeq: t.lastSeq, storedUpToSeq, rejected, foreignReports, missing, duplicated, unexpected });
  }

  // Households: the ledger's approved bread loaves, per day, against the sum over the terminals' journals.
  let mismatched = 0;
  for (const id of householdIds) {
    const h = idToHex(id);
    for (const d of allDays) {
      const report = await ledger.householdReport(h, d);
      const theirs = report.transactions
        .filter((x) => x.source === 'sale' && x.service === SERVICE.BREAD && x.outcome === OUTCOME.APPROVED)
        .reduce((sum, x) => sum + x.amount, 0);
      const mine = journalHouseholds.get(h)?.get(d) ?? 0;
      if (theirs !== mine) {
        mismatched++;
        problems.push(`household ${h} day ${d}: the ledger counts ${theirs} loaves, the terminals' journals ${mine}`);
      }
    }
  }

  const groups = new Map<string, { count: number; households: Set<string>; terminals: Set<number>; details: Set<string> }>();
  const terminalFlags: { terminalId: number; code: string; detail: string }[] = [];
  for (const d of allDays) {
    const report = await ledger.flagsReport(d);
    for (const f of report.records) {
      const g = groups.get(f.code) ?? { count: 0, households: new Set(), terminals: new Set(), details: new Set() };
      g.count++;
      const h = householdOf.get(`${f.terminalId}:${f.seq}`);
      if (h) g.households.add(h);
      g.terminals.add(f.terminalId);
      if (g.details.size < 3) g.details.add(f.detail);
      groups.set(f.code, g);
    }
    terminalFlags.push(...report.terminals);
  }
  const flags = [...groups].map(([code, g]) => ({
    code, count: g.count, households: [...g.households].sort(), terminals: [...g.terminals].sort((a, b) => a - b), details: [...g.details],
  })).sort((a, b) => a.code.localeCompare(b.code));
  // The flags the ledger must have raised, recomputed from the journals: a household's approved loaves on a day
  // beyond its collect-ahead window, and a card's approvals at two terminals closer in time than the window.
  const overHouseholds = groups.get('HOUSEHOLD_OVERDRAW')?.households ?? new Set<string>();
  for (const h of households) {
    const hHex = idToHex(h.id);
    const limit = h.beneficiaries * rules.loavesPerBeneficiaryPerDay * rules.aheadDays(h.beneficiaries);
    for (const [d, loaves] of journalHouseholds.get(hHex) ?? []) {
      if (loaves > limit && !overHouseholds.has(hHex)) problems.push(`household ${hHex} day ${d}: ${loaves} loaves approved, limit ${limit}, and the ledger did not flag HOUSEHOLD_OVERDRAW`);
    }
  }
  const twoFlagged = new Set((await Promise.all([...allDays].map((d) => ledger.flagsReport(d))))
    .flatMap((r) => r.records.filter((f) => f.code === 'CARD_AT_TWO_TERMINALS').map((f) => `${f.terminalId}:${f.seq}`)));
  const approvals = evidence.flatMap((t) => t.sales.filter((s) => s.record.outcome === OUTCOME.APPROVED && s.record.cardId).map((s) => ({ t: t.terminalId, s })));
  for (const a of approvals) {
    const twin = approvals.find((b) => b.t !== a.t && idToHex(b.s.record.cardId!) === idToHex(a.s.record.cardId!) && Math.abs(b.s.record.time - a.s.record.time) <= rules.twoTerminalWindowS);
    // The ledger flags the pair on the record whose batch arrives second: one of the two must carry it.
    if (twin && !twoFlagged.has(`${a.t}:${a.s.seq}`) && !twoFlagged.has(`${twin.t}:${twin.s.seq}`)) problems.push(`card ${idToHex(a.s.record.cardId!)}: approved at terminals ${hex(a.t)} and ${hex(twin.t)} within ${rules.twoTerminalWindowS} s, and the ledger did not flag CARD_AT_TWO_TERMINALS on seq ${a.s.seq}`);
  }
  const ids = new Set(evidence.map((t) => t.terminalId));
  const unsettledIntents: Record<string, number> = {};
  for (const i of await ledger.tornDebitsReport()) if (ids.has(i.terminalId)) unsettledIntents[i.status] = (unsettledIntents[i.status] ?? 0) + 1;
  return {
    terminals, unsettledIntents,
    households: { checked: householdIds.length, atTwoOrMoreTerminals: [...usedAt.values()].filter((s) => s.size >= 2).length, mismatched },
    flags, terminalFlags, problems, agree: problems.length === 0,
  };
}
