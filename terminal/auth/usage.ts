/**
 * Consumption counters (`Usage`): the view as of a day, the merge of several lower-bound sources, and the update
 * an approval makes. The card, the terminal's tallies and the ledger each count part of the truth; a field-wise
 * `max` is the best lower bound of a household's consumption that cannot count one debit twice.
 */
import type { ItemLine } from '../schemas/service.ts';
import { monthOf } from './calendar.ts';
import type { Debit, Usage } from './auth-types.ts';

/** Nothing consumed, as of `day`. */
export function emptyUsage(day: number): Usage {
  return { month: monthOf(day), loaves: 0, breadTaken: [], rationPiastres: 0, pointsPiastres: 0, items: [], day, loavesToday: 0, transactionsToday: 0 };
}

/** `usage` as seen on `today`: counters of another month or another day read as zero. */
export function usageAsOf(usage: Usage | undefined, today: number): Usage {
  const empty = emptyUsage(today);
  if (!usage) return empty;
  const sameMonth = usage.month === empty.month;
  const sameDay = usage.day === today;
  return {
    month: empty.month,
    loaves: sameMonth ? usage.loaves : 0,
    breadTaken: sameMonth ? usage.breadTaken : [],
    rationPiastres: sameMonth ? usage.rationPiastres : 0,
    pointsPiastres: sameMonth ? usage.pointsPiastres : 0,
    items: sameMonth ? usage.items : [],
    day: today,
    loavesToday: sameDay ? usage.loavesToday : 0,
    transactionsToday: sameDay ? usage.transactionsToday : 0,
  };
}

/** Units of `itemCode` in `usage`. */
export function itemQuantity(usage: Usage, itemCode: number): number {
  return usage.items.find(([code]) => code === itemCode)?.[1] ?? 0;
}

function mergeItems(lists: readonly (readonly ItemLine[])[], pick: (a: number, b: number) => number): ItemLine[] {
  const byCode = new Map<number, number>();
  for (const list of lists) for (const [code, q] of list) byCode.set(code, pick(byCode.get(code) ?? 0, q));
  return [...byCode.entries()].sort((a, b) => a[0] - b[0]);
}

/** The field-wise maximum of several views of the same consumption, as of `today`. */
export function mergeUsage(today: number, ...sources: readonly (Usage | undefined)[]): Usage {
  const views = sources.map((s) => usageAsOf(s, today));
  const max = (f: (u: Usage) => number): number => Math.max(0, ...views.map(f));
  return {
    ...emptyUsage(today),
    loaves: max((u) => u.loaves),
    breadTaken: Array.from({ length: Math.max(0, ...views.map((u) => u.breadTaken.length)) }, (_, i) => max((u) => u.breadTaken[i] ?? 0)),
    rationPiastres: max((u) => u.rationPiastres),
    pointsPiastres: max((u) => u.pointsPiastres),
    items: mergeItems(views.map((u) => u.items), Math.max),
    loavesToday: max((u) => u.loavesToday),
    transactionsToday: max((u) => u.transactionsToday),
  };
}

function addAllocation(taken: readonly number[], allocation: Debit['breadAllocation']): number[] {
  const next = [...taken];
  for (const [dom, loaves] of allocation) {
    while (next.length < dom) next.push(0);
    next[dom - 1] = next[dom - 1]! + loaves;
  }
  return next;
}

/** The counters after an approved `debit` on `today`. */
export function addDebit(usage: Usage | undefined, debit: Debit, today: number): Usage {
  const u = usageAsOf(usage, today);
  return {
    ...u,
    loaves: u.loaves + debit.loaves,
    breadTaken: addAllocation(u.breadTaken, debit.breadAllocation),
    rationPiastres: u.rationPiastres + debit.entitlementPiastres,
    pointsPiastres: u.pointsPiastres + debit.pointsPiastres,
    items: mergeItems([u.items, debit.items], (a, b) => a + b),
    loavesToday: u.loavesToday + debit.loaves,
    transactionsToday: u.transactionsToday + 1,
  };
}
