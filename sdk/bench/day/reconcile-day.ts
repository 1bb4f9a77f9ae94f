/**
 * The day's reconciliation: the terminal's own bread totals read from its journal, beside the ledger's
 * (`reconciliation(terminalId, day)`), and every approval the terminal showed found in the ledger exactly once.
 * Card payments (journal type 6) the same way: the journal's totals beside the records the ledger stored (type 6
 * rows of `records`, decoded), and every approved payment at the ledger exactly once, known by its card (PAN token),
 * ATC and cryptogram rather than by seq, so that one payment journaled twice shows as a duplicate.
 */
import type { Ledger } from '../../../ledger/ledger.ts';
import { bin } from '../../../ledger/store/rows.ts';
import { parseJournalRecordAt } from '../../../terminal/journal/journal-record.ts';
import type { Journal } from '../../../terminal/journal/journal.ts';
import { CARD_PAYMENT_RECORD_TYPE, decodeCardPaymentRecord, PAYMENT_OUTCOME, type CardPaymentRecord } from '../../../terminal/schemas/card-payment-record.ts';
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

/** How a payment's cardholder was verified, from CVM Results byte 1 (EMV 4.4 Book 3, Annex C3). */
export type PaymentCvm = 'finger-on-card' | 'finger-online' | 'pin' | 'signature' | 'none' | 'other';

export function paymentCvmOf(cvmResults: Uint8Array): PaymentCvm {
  switch (cvmResults[0]! & 0x3f) {
    case 0x08: return 'finger-on-card';
    case 0x09: return 'finger-online';
    case 0x01: case 0x02: case 0x03: case 0x04: case 0x05: return 'pin';
    case 0x1e: return 'signature';
    case 0x1f: return 'none';
    default: return 'other';
  }
}

/** Card payments of a day: approved (with value, online/offline and CVM split) and declined. */
export interface PaymentTotals {
  readonly approved: {
    readonly count: number;
    /** Piastres. */
    readonly value: number;
    readonly online: number;
    readonly offline: number;
    readonly cvm: Readonly<Partial<Record<PaymentCvm, number>>>;
  };
  readonly declined: { readonly count: number; readonly value: number };
}

/** One approved payment: where it is, and what makes it this payment (card token, ATC, cryptogram). */
export interface PaymentKey {
  readonly seq: number;
  readonly key: string;
}

const hex = (b: Uint8Array | null): string => (b ? Buffer.from(b).toString('hex') : '-');
/** A payment's identity: the card (PAN token, PSN), its ATC and its cryptogram. */
export const paymentKeyOf = (r: CardPaymentRecord): string => `${hex(r.panToken)}/${r.panSequenceNumber ?? '-'}/${r.atc ?? '-'}/${hex(r.cryptogram)}`;
const localDayOf = (r: CardPaymentRecord): number => Math.floor((r.time + r.utcOffsetMinutes * 60) / 86_400);

function paymentTotals(records: readonly { seq: number; record: CardPaymentRecord }[]): PaymentTotals & { readonly approvedKeys: PaymentKey[] } {
  let count = 0;
  let value = 0;
  let online = 0;
  const cvm: Partial<Record<PaymentCvm, number>> = {};
  const declined = { count: 0, value: 0 };
  const approvedKeys: PaymentKey[] = [];
  for (const { seq, record } of records) {
    if (record.outcome !== PAYMENT_OUTCOME.APPROVED) {
      declined.count++;
      declined.value += record.amount;
      continue;
    }
    count++;
    value += record.amount;
    if (record.online) online++;
    const c = paymentCvmOf(record.cvmResults);
    cvm[c] = (cvm[c] ?? 0) + 1;
    approvedKeys.push({ seq, key: paymentKeyOf(record) });
  }
  return { approved: { count, value, online, offline: count - online, cvm }, declined, approvedKeys };
}

/** The journal's card payments of one local day. */
export async function journalPaymentTotals(journal: Journal, day: number): Promise<PaymentTotals & { readonly approvedKeys: readonly PaymentKey[] }> {
  const records: { seq: number; record: CardPaymentRecord }[] = [];
  const last = journal.state.lastSeq;
  for (let from = 1; from <= last; from += 500) {
    for (const frame of await journal.read(from, Math.min(500, last - from + 1))) {
      if (frame.type !== CARD_PAYMENT_RECORD_TYPE) continue;
      const record = decodeCardPaymentRecord(frame.body);
      if (localDayOf(record) === day) records.push({ seq: frame.seq, record });
    }
  }
  return paymentTotals(records);
}

/**
 * The card payments the ledger stored for the terminal on `day` (type 6 rows of `records`, their frames decoded), and
 * how many rows it holds with another verdict than STORED or a body that does not decode.
 */
export async function ledgerPaymentTotals(ledger: Ledger, terminalId: number, day: number): Promise<PaymentTotals & { readonly approvedKeys: readonly PaymentKey[]; readonly notStored: number }> {
  const rows = await ledger.store.query('SELECT seq, frame, verdict FROM records WHERE terminal_id = $1 AND type = $2 ORDER BY seq', [terminalId, CARD_PAYMENT_RECORD_TYPE]);
  const records: { seq: number; record: CardPaymentRecord }[] = [];
  let notStored = 0;
  for (const row of rows) {
    const parsed = parseJournalRecordAt(bin(row['frame']), 0);
    let record: CardPaymentRecord | undefined;
    try {
      if (parsed.ok) record = decodeCardPaymentRecord(parsed.record.body);
    } catch {
      record = undefined;
    }
    if (!record || row['verdict'] !== 'STORED') notStored++;
    if (record && localDayOf(record) === day) records.push({ seq: Number(row['seq']), record });
  }
  return { ...paymentTotals(records), notStored };
}

/** Each approved payment of the journal at the ledger exactly once (by identity); approved ones only the ledger has. */
export function paymentsInLedger(
  journal: readonly PaymentKey[], ledger: readonly PaymentKey[],
): { readonly missing: number[]; readonly duplicated: number[]; readonly unexpected: number[] } {
  const held = new Map<string, number>();
  for (const p of ledger) held.set(p.key, (held.get(p.key) ?? 0) + 1);
  const journaled = new Map<string, number>();
  for (const p of journal) journaled.set(p.key, (journaled.get(p.key) ?? 0) + 1);
  return {
    missing: journal.filter((p) => !held.has(p.key)).map((p) => p.seq),
    // Held more than once at the ledger, or journaled more than once (one payment under two seqs).
    duplicated: journal.filter((p) => (held.get(p.key) ?? 0) > 1 || journaled.get(p.key)! > 1).map((p) => p.seq),
    unexpected: ledger.filter((p) => !journaled.has(p.key)).map((p) => p.seq),
  };
}

/** True when both sides hold the same payment counts, values and splits. */
export const samePaymentTotals = (a: PaymentTotals, b: PaymentTotals): boolean =>
  JSON.stringify(pickPayments(a)) === JSON.stringify(pickPayments(b));

const CVMS: readonly PaymentCvm[] = ['finger-on-card', 'finger-online', 'pin', 'signature', 'none', 'other'];
/** The totals alone, in a fixed key order (for comparing and printing). */
export function pickPayments(t: PaymentTotals): PaymentTotals {
  const cvm: Partial<Record<PaymentCvm, number>> = {};
  for (const c of CVMS) if (t.approved.cvm[c]) cvm[c] = t.approved.cvm[c];
  const { count, value, online, offline } = t.approved;
  return { approved: { count, value, online, offline, cvm }, declined: { count: t.declined.count, value: t.declined.value } };
}
