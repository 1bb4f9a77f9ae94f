/**
 * Clock set forward, as the ledger sees it. A card signs into every debit proof the date the terminal offered, and
 * accepts only dates that never go backwards; a terminal whose clock runs ahead therefore leaves signed dates in
 * the future, and each card it served is refused real dates until real time catches up (GOV_DATE_BACKWARDS on the
 * card, tests/card/gov/clock-forward.test.ts for the bound). `detectClockSkew` finds those records: the card-signed
 * date ahead of a trusted time (the ledger's receipt, or the terminal's last successful sync, never the terminal's
 * own clock) by more than a tolerance. Pure; the ledger calls it per batch.
 */

const SECONDS_PER_DAY = 86_400;

/** What one record needs: the card-signed date and a trusted time it cannot be after. */
export interface ClockSkewRecord {
  readonly terminalId: number;
  readonly terminalSeq: number;
  /** The card, for telling its holder; null if unknown. */
  readonly cardId: Uint8Array | null;
  /** The date the card accepted and signed (debit proof `date`), days since 1970-01-01 UTC. */
  readonly cardDay: number;
  /** A trusted time the sale cannot be after, seconds since 1970-01-01 UTC (ledger receipt or sync time). */
  readonly referenceTime: number;
  /**
   * The offset the terminal used to turn its clock into the date it offered: the journal's `utcOffsetMinutes` when
   * it offers local dates (a sale after midnight in Cairo is the next day), 0 when it offers UTC days.
   */
  readonly utcOffsetMinutes: number;
}

export interface ClockSkewOptions {
  /** Days a card date may be ahead of the reference day before a flag. Default 1 (a day boundary, a late batch). */
  readonly toleranceDays?: number;
}

export interface ClockSkewFlag {
  readonly code: 'CARD_DATE_AHEAD';
  readonly terminalId: number;
  readonly terminalSeq: number;
  readonly cardId: Uint8Array | null;
  readonly cardDay: number;
  /** The local day of the reference time. */
  readonly referenceDay: number;
  /** How far ahead the card-signed date is: the card refuses real dates for this many days. */
  readonly daysAhead: number;
}

/** Flags the records whose card-signed date is more than `toleranceDays` ahead of their reference day. */
export function detectClockSkew(records: Iterable<ClockSkewRecord>, options: ClockSkewOptions = {}): ClockSkewFlag[] {
  const tolerance = options.toleranceDays ?? 1;
  if (!Number.isSafeInteger(tolerance) || tolerance < 0) throw new RangeError('toleranceDays must be a non-negative integer');
  const flags: ClockSkewFlag[] = [];
  for (const r of records) {
    const referenceDay = Math.floor((r.referenceTime + r.utcOffsetMinutes * 60) / SECONDS_PER_DAY);
    const daysAhead = r.cardDay - referenceDay;
    if (daysAhead > tolerance) {
      flags.push({ code: 'CARD_DATE_AHEAD', terminalId: r.terminalId, terminalSeq: r.terminalSeq, cardId: r.cardId, cardDay: r.cardDay, referenceDay, daysAhead });
    }
  }
  return flags;
}
