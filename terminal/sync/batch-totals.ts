/**
 * Batch totals after ISO 20022 caaa.011 (BatchTransfer, `TransactionTotals`): per service and transaction type,
 * the number of transactions and their cumulative amount in the service's unit. Computed from the journal record
 * bodies; a body that does not decode is counted nowhere (the ledger rejects it on its own).
 */
import type { CborValue } from '../codec/cbor.ts';
import { decodeJournalRecord } from '../schemas/journal-record.ts';

/** Journal record type of a transaction record (body: `terminal/schemas/journal-record.ts`). */
export const TRANSACTION_RECORD_TYPE = 1;

/** Transaction type of a totals line: 0 approved debit, 1 declined (caaa.011 `TransactionType` + outcome). */
export type TotalsType = 0 | 1;

/** One totals line: `[service, type, count, amount]`. */
export interface TotalsLine {
  readonly service: number;
  readonly type: TotalsType;
  readonly count: number;
  readonly amount: number;
}

/** Accumulates totals lines, kept sorted by service then type (one deterministic form). */
export class TotalsAccumulator {
  readonly #lines = new Map<number, { count: number; amount: number }>();

  add(service: number, type: TotalsType, amount: number): void {
    const key = service * 2 + type;
    const line = this.#lines.get(key) ?? { count: 0, amount: 0 };
    line.count++;
    line.amount += amount;
    this.#lines.set(key, line);
  }

  lines(): TotalsLine[] {
    return [...this.#lines.entries()]
      .sort(([a], [b]) => a - b)
      .map(([key, { count, amount }]) => ({ service: Math.floor(key / 2), type: (key % 2) as TotalsType, count, amount }));
  }
}

/** Totals of the transaction records among journal records given as `{ type, body }`. */
export function totalsOfRecords(records: readonly { readonly type: number; readonly body: Uint8Array }[]): TotalsLine[] {
  const totals = new TotalsAccumulator();
  for (const record of records) {
    if (record.type !== TRANSACTION_RECORD_TYPE) continue;
    try {
      const body = decodeJournalRecord(record.body);
      totals.add(body.service, body.outcome, body.amount);
    } catch {
      // Not countable; the ledger rejects the record with its reason.
    }
  }
  return totals.lines();
}

export const totalsToCbor = (lines: readonly TotalsLine[]): CborValue[] => lines.map((l) => [l.service, l.type, l.count, l.amount]);

/** Reads totals lines; throws with `what` on a wrong shape. */
export function totalsFromCbor(raw: unknown, what: string): TotalsLine[] {
  if (!Array.isArray(raw)) throw new Error(`${what}: totals are not an array`);
  return raw.map((line, i) => {
    const ok = Array.isArray(line) && line.length === 4 && line.every((x) => Number.isSafeInteger(x) && (x as number) >= 0) && (line[1] === 0 || line[1] === 1);
    if (!ok) throw new Error(`${what}: totals line ${i} is not [service, type 0/1, count, amount]`);
    return { service: line[0] as number, type: line[1] as TotalsType, count: line[2] as number, amount: line[3] as number };
  });
}

/** True if both lists hold the same lines in the same order. */
export function sameTotals(a: readonly TotalsLine[], b: readonly TotalsLine[]): boolean {
  return a.length === b.length && a.every((l, i) => {
    const m = b[i]!;
    return l.service === m.service && l.type === m.type && l.count === m.count && l.amount === m.amount;
  });
}
