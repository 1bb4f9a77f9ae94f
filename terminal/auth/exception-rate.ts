/**
 * Terminals with high fallback or supervised-exception rates, for the ledger to flag: pure, over journal-like
 * records of any number of terminals. India's ePoS experience (DOMAIN.md) is that a few percent of people fail the
 * fingerprint for good; a terminal far above that, and above all one granting many supervised exceptions, points at
 * a shop drawing subsidy without the holder (cards left with the grocer or baker). Only approvals count: the rate
 * is the share of a terminal's approved sales verified by PIN (fallback) or by a supervisor (exception), per window.
 */
import { CVM } from '../schemas/journal-record.ts';
import type { Cvm } from '../schemas/journal-record.ts';

/** The fields of a journal record this needs. */
export interface VerificationRecord {
  readonly terminalId: number;
  /** Terminal clock, seconds since 1970-01-01 UTC. */
  readonly time: number;
  readonly approved: boolean;
  readonly cvm: Cvm;
}

export interface ExceptionRateOptions {
  /** Records from this time on (seconds, inclusive); default all. */
  readonly fromTime?: number;
  /** Records before this time (seconds, exclusive); default all. */
  readonly toTime?: number;
  /** Fewer approvals than this in the window tell nothing: no flag (default 50). */
  readonly minApprovals?: number;
  /** Flag when (PIN + supervised) / approvals exceeds this (default 0.15). */
  readonly maxFallbackRate?: number;
  /** Flag when supervised / approvals exceeds this (default 0.03). */
  readonly maxExceptionRate?: number;
}

export interface ExceptionRateFlag {
  readonly code: 'HIGH_FALLBACK_RATE' | 'HIGH_EXCEPTION_RATE';
  readonly terminalId: number;
  readonly approvals: number;
  /** PIN and supervised approvals (HIGH_FALLBACK_RATE), or supervised ones (HIGH_EXCEPTION_RATE). */
  readonly count: number;
  readonly rate: number;
  readonly threshold: number;
}

/** The flags of every terminal over the threshold, by terminal id, exceptions before fallbacks. */
export function flagExceptionRates(records: Iterable<VerificationRecord>, options: ExceptionRateOptions = {}): ExceptionRateFlag[] {
  const from = options.fromTime ?? Number.NEGATIVE_INFINITY;
  const to = options.toTime ?? Number.POSITIVE_INFINITY;
  const byTerminal = new Map<number, { approvals: number; pin: number; supervised: number }>();
  for (const r of records) {
    if (!r.approved || r.time < from || r.time >= to) continue;
    const t = byTerminal.get(r.terminalId) ?? { approvals: 0, pin: 0, supervised: 0 };
    t.approvals += 1;
    if (r.cvm === CVM.PIN) t.pin += 1;
    if (r.cvm === CVM.SUPERVISED_EXCEPTION) t.supervised += 1;
    byTerminal.set(r.terminalId, t);
  }
  const minApprovals = options.minApprovals ?? 50;
  const maxFallback = options.maxFallbackRate ?? 0.15;
  const maxException = options.maxExceptionRate ?? 0.03;
  const flags: ExceptionRateFlag[] = [];
  for (const [terminalId, t] of [...byTerminal].sort(([a], [b]) => a - b)) {
    if (t.approvals < minApprovals) continue;
    const exception = t.supervised / t.approvals;
    const fallback = (t.pin + t.supervised) / t.approvals;
    if (exception > maxException) {
      flags.push({ code: 'HIGH_EXCEPTION_RATE', terminalId, approvals: t.approvals, count: t.supervised, rate: exception, threshold: maxException });
    }
    if (fallback > maxFallback) {
      flags.push({ code: 'HIGH_FALLBACK_RATE', terminalId, approvals: t.approvals, count: t.pin + t.supervised, rate: fallback, threshold: maxFallback });
    }
  }
  return flags;
}
