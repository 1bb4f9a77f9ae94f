/**
 * Fraud flags raised while a batch is stored (the records stay counted; the flags go to review):
 * `HOUSEHOLD_OVERDRAW` when a household's approved bread debits on one day, across all its cards and terminals,
 * exceed what it may collect that day; `HOUSEHOLD_MONTH_OVERDRAW` when its approved ration debits in one calendar
 * month (of the card-signed dates), across all its cards and terminals, exceed the month's entitlement
 * (beneficiaries × EGP 50 by default); `CARD_AT_TWO_TERMINALS` when a card has approvals at two terminals closer
 * in time than a card can travel (default 300 s). Runs inside the batch's transaction after its rows are in;
 * households are locked (sorted, advisory) so that two terminals' batches cannot both miss an over-draw.
 */
import type { ExceptionRateOptions } from '../terminal/auth/exception-rate.ts';
import { SERVICE } from '../terminal/schemas/service.ts';
import type { Queryable } from './store/ledger-store.ts';
import { num } from './store/rows.ts';

export interface FlagRules {
  /** Loaves per beneficiary per day (default 5). */
  readonly loavesPerBeneficiaryPerDay: number;
  /** Days' share a household may collect at once: `beneficiaries <= 3 ? 3 : 2` by default. */
  readonly aheadDays: (beneficiaries: number) => number;
  /** Two approvals of one card at different terminals closer than this are flagged (seconds). */
  readonly twoTerminalWindowS: number;
  /** Ration entitlement per beneficiary per month, piastres (default 5 000: EGP 50). */
  readonly rationPiastresPerBeneficiaryPerMonth: number;
  /** `CARD_DATE_AHEAD` when a card-signed date is more days than this ahead of the ledger's receipt (default 1). */
  readonly clockToleranceDays: number;
  /** The longest a terminal approves offline after its last sync, seconds (default 72 h): the dual-use window. */
  readonly maxOfflineSeconds: number;
  /** Thresholds of `HIGH_FALLBACK_RATE` / `HIGH_EXCEPTION_RATE` per terminal and day (exception-rate.ts defaults). */
  readonly exceptionRates: ExceptionRateOptions;
  /** A debit intent with no sale nor settlement is examined after this long (ms, default 2 h); see torn-debits.ts. */
  readonly intentGraceMs: number;
}

export const DEFAULT_FLAG_RULES: FlagRules = {
  loavesPerBeneficiaryPerDay: 5,
  aheadDays: (n) => (n <= 3 ? 3 : 2),
  twoTerminalWindowS: 300,
  rationPiastresPerBeneficiaryPerMonth: 5000,
  clockToleranceDays: 1,
  maxOfflineSeconds: 72 * 3600,
  exceptionRates: {},
  intentGraceMs: 2 * 3600 * 1000,
};

/** Every per-record flag code (review-flags.ts raises the second line's). */
export type FlagCode =
  | 'HOUSEHOLD_OVERDRAW' | 'HOUSEHOLD_MONTH_OVERDRAW' | 'CARD_AT_TWO_TERMINALS'
  | 'CARD_DATE_AHEAD' | 'SUPERVISED_EXCEPTION' | 'SUPERVISOR_NOT_REGISTERED' | 'LEGACY_AFTER_SWITCH';

export interface Flag {
  readonly seq: number;
  readonly code: FlagCode;
  readonly detail: string;
}

/** Takes the household locks for a batch; call before reading or writing its transactions. */
export async function lockHouseholds(tx: Queryable, households: readonly string[]): Promise<void> {
  const keys = [...new Set(households)].sort().map((household) => `household:${household}`);
  if (keys.length === 0) return;
  // One statement, the locks taken in the array's (sorted) order: ORDER BY the ordinality, not the collation.
  await tx.query(
    `SELECT pg_advisory_xact_lock(hashtext(k)) FROM (SELECT k FROM unnest($1::text[]) WITH ORDINALITY AS u(k, i) ORDER BY i) s`,
    [keys],
  );
}

/** Stores flags (a flag already stored stays as it is), in one statement. */
export async function insertFlags(tx: Queryable, flags: readonly (Flag & { readonly terminalId: number })[]): Promise<void> {
  if (flags.length === 0) return;
  await tx.query(
    'INSERT INTO flags SELECT * FROM unnest($1::bigint[], $2::bigint[], $3::text[], $4::text[]) ON CONFLICT DO NOTHING',
    [flags.map((f) => f.terminalId), flags.map((f) => f.seq), flags.map((f) => f.code), flags.map((f) => f.detail)],
  );
}

/** Computes and stores the flags of records `firstSeq..lastSeq` of `terminalId`. */
export async function raiseFlags(tx: Queryable, terminalId: number, firstSeq: number, lastSeq: number, rules: FlagRules): Promise<Flag[]> {
  const flags: Flag[] = [];
  const groups = await tx.query(
    `SELECT b.household_id, b.day, h.beneficiaries,
            (SELECT sum(amount) FROM transactions a
              WHERE a.household_id = b.household_id AND a.day = b.day AND a.service = $4 AND a.outcome = 0) AS total
       FROM (SELECT DISTINCT household_id, day FROM transactions
              WHERE terminal_id = $1 AND seq BETWEEN $2 AND $3 AND service = $4 AND outcome = 0) b
       JOIN households h ON h.household_id = b.household_id`,
    [terminalId, firstSeq, lastSeq, SERVICE.BREAD],
  );
  for (const group of groups) {
    const beneficiaries = num(group['beneficiaries']);
    const limit = beneficiaries * rules.loavesPerBeneficiaryPerDay * rules.aheadDays(beneficiaries);
    const total = num(group['total']);
    if (total <= limit) continue;
    const rows = await tx.query(
      `SELECT seq FROM transactions WHERE terminal_id = $1 AND seq BETWEEN $2 AND $3 AND household_id = $4 AND day = $5
          AND service = $6 AND outcome = 0 ORDER BY seq`,
      [terminalId, firstSeq, lastSeq, group['household_id'], group['day'], SERVICE.BREAD],
    );
    const detail = `household ${String(group['household_id'])} day ${String(group['day'])}: ${total} loaves, limit ${limit}`;
    for (const row of rows) flags.push({ seq: num(row['seq']), code: 'HOUSEHOLD_OVERDRAW', detail });
  }
  flags.push(...(await rationMonthFlags(tx, terminalId, firstSeq, lastSeq, rules)));
  const twins = await tx.query(
    `SELECT DISTINCT ON (t.seq) t.seq, o.terminal_id AS other, o.seq AS other_seq FROM transactions t
       JOIN transactions o ON o.card_id = t.card_id AND o.terminal_id <> t.terminal_id AND o.outcome = 0 AND o.source = 0
        AND o.time_s BETWEEN t.time_s - $4 AND t.time_s + $4
      WHERE t.terminal_id = $1 AND t.seq BETWEEN $2 AND $3 AND t.outcome = 0 AND t.source = 0
      ORDER BY t.seq, o.terminal_id, o.seq`,
    [terminalId, firstSeq, lastSeq, rules.twoTerminalWindowS],
  );
  for (const row of twins) {
    flags.push({ seq: num(row['seq']), code: 'CARD_AT_TWO_TERMINALS', detail: `also at terminal ${num(row['other'])} seq ${num(row['other_seq'])}` });
  }
  await insertFlags(tx, flags.map((flag) => ({ terminalId, ...flag })));
  return flags.sort((a, b) => a.seq - b.seq || a.code.localeCompare(b.code));
}

/** The calendar month (`YYYY-MM`) of a `day` column, free of the session's time zone. */
const MONTH = (column: string): string => `to_char(DATE '1970-01-01' + ${column}, 'YYYY-MM')`;

/**
 * The first `day` of the calendar month of a `day` column (`shift` '': that month; `+ interval '1 month'`: the next),
 * on timestamps without time zone. The month's sum reads the day range `[first, next)`, which the household's
 * `(household_id, day)` index serves, instead of comparing `MONTH(a.day)` on every row of the household's history.
 */
const MONTH_START = (column: string, shift: string): string =>
  `(date_trunc('month', (DATE '1970-01-01' + ${column})::timestamp)${shift})::date - DATE '1970-01-01'`;

/** `HOUSEHOLD_MONTH_OVERDRAW` for the ration approvals of records `firstSeq..lastSeq` of `terminalId`. */
async function rationMonthFlags(tx: Queryable, terminalId: number, firstSeq: number, lastSeq: number, rules: FlagRules): Promise<Flag[]> {
  const flags: Flag[] = [];
  const groups = await tx.query(
    `SELECT b.household_id, b.month, h.beneficiaries,
            (SELECT sum(amount) FROM transactions a
              WHERE a.household_id = b.household_id AND a.day >= b.first_day AND a.day < b.next_day AND a.service = $4 AND a.outcome = 0) AS total
       FROM (SELECT DISTINCT household_id, ${MONTH('day')} AS month, ${MONTH_START('day', '')} AS first_day,
                    ${MONTH_START('day', " + interval '1 month'")} AS next_day FROM transactions
              WHERE terminal_id = $1 AND seq BETWEEN $2 AND $3 AND service = $4 AND outcome = 0) b
       JOIN households h ON h.household_id = b.household_id`,
    [terminalId, firstSeq, lastSeq, SERVICE.RATION],
  );
  for (const group of groups) {
    const limit = num(group['beneficiaries']) * rules.rationPiastresPerBeneficiaryPerMonth;
    const total = num(group['total']);
    if (total <= limit) continue;
    const rows = await tx.query(
      `SELECT seq FROM transactions WHERE terminal_id = $1 AND seq BETWEEN $2 AND $3 AND household_id = $4
          AND ${MONTH('day')} = $5 AND service = $6 AND outcome = 0 ORDER BY seq`,
      [terminalId, firstSeq, lastSeq, group['household_id'], group['month'], SERVICE.RATION],
    );
    const detail = `household ${String(group['household_id'])} month ${String(group['month'])}: ${total} piastres of ration, entitlement ${limit}`;
    for (const row of rows) flags.push({ seq: num(row['seq']), code: 'HOUSEHOLD_MONTH_OVERDRAW', detail });
  }
  return flags;
}
