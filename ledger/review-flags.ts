/**
 * The review flags raised from what terminals journal, besides the over-draw and two-terminal flags (flags.ts), run
 * inside the batch's transaction after its rows are in:
 * - `CARD_DATE_AHEAD` (terminal/auth/clock-skew.ts): an approval whose card-signed date is ahead of the ledger's
 *   receipt time by more than `clockToleranceDays`: a terminal clock set forward.
 * - `SUPERVISED_EXCEPTION`: every approval the card signed as a supervised exception (proof v3, CVM 3), to review;
 *   `SUPERVISOR_NOT_REGISTERED` besides when the supervisor's card is not registered with the `SUPERVISE` usage.
 * - `LEGACY_AFTER_SWITCH` (terminal/legacy/detect-dual-use.ts): an old ration card's approval after its household's
 *   first unified bread or ration approval, whichever terminal and batch brings either (a flag may land on another
 *   terminal's earlier record).
 * - `HIGH_FALLBACK_RATE`, `HIGH_EXCEPTION_RATE` (terminal/auth/exception-rate.ts): per terminal and day (the
 *   transactions' `day`) over its unified approvals, recomputed for each day the batch touches (`terminal_flags`).
 * Flags per record go to `flags` and into the acknowledgement (this batch's records only).
 */
import { detectClockSkew } from '../terminal/auth/clock-skew.ts';
import { flagExceptionRates, type VerificationRecord } from '../terminal/auth/exception-rate.ts';
import { idFromHex, idToHex } from '../terminal/schemas/card-id.ts';
import type { Cvm } from '../terminal/schemas/journal-record.ts';
import { SERVICE, type Service } from '../terminal/schemas/service.ts';
import { detectDualUse } from '../terminal/legacy/detect-dual-use.ts';
import { insertFlags, type Flag, type FlagRules } from './flags.ts';
import type { Queryable } from './store/ledger-store.ts';
import { num } from './store/rows.ts';
import type { CheckedRecord } from './verify-records.ts';

/** A flag of a record, possibly of another terminal (dual use found when the switching sale arrives later). */
export interface RecordFlag extends Flag {
  readonly terminalId: number;
}

/** Raises and stores the flags above for one ingested batch; returns those on this batch's records. */
export async function raiseReviewFlags(
  tx: Queryable, terminalId: number, checked: readonly CheckedRecord[], rules: FlagRules, nowMs: number,
): Promise<Flag[]> {
  const flags: RecordFlag[] = [];
  const approvals = checked.filter((r) => r.verdict === 'ACCEPTED' && r.sale?.outcome === 0 && r.debit);
  const unified = approvals.filter((r) => r.debit!.proof);
  for (const f of detectClockSkew(unified.map((r) => ({
    terminalId, terminalSeq: r.frame.seq, cardId: r.sale!.cardId, cardDay: r.debit!.day, referenceTime: Math.floor(nowMs / 1000),
    utcOffsetMinutes: r.sale!.utcOffsetMinutes,
  })), { toleranceDays: rules.clockToleranceDays })) {
    flags.push({ terminalId, seq: f.terminalSeq, code: 'CARD_DATE_AHEAD', detail: `card-signed day ${f.cardDay} is ${f.daysAhead} days ahead of the ledger's day ${f.referenceDay}` });
  }
  for (const r of unified) {
    if (r.supervisorOk === undefined) continue;
    const supervisor = idToHex(r.sale!.supervisorCardId!);
    flags.push({ terminalId, seq: r.frame.seq, code: 'SUPERVISED_EXCEPTION', detail: `supervisor card ${supervisor}` });
    if (!r.supervisorOk) flags.push({ terminalId, seq: r.frame.seq, code: 'SUPERVISOR_NOT_REGISTERED', detail: `supervisor card ${supervisor} is not registered with the SUPERVISE usage` });
  }
  flags.push(...(await dualUseFlags(tx, approvals.map((r) => r.debit!.householdId), rules)));
  await insertFlags(tx, flags);
  await exceptionRateFlags(tx, terminalId, [...new Set(unified.map((r) => r.debit!.day))], rules);
  const first = checked[0]?.frame.seq ?? 0;
  const last = checked.at(-1)?.frame.seq ?? -1;
  return flags
    .filter((f) => f.terminalId === terminalId && f.seq >= first && f.seq <= last)
    .map(({ seq, code, detail }) => ({ seq, code, detail }));
}

/** `LEGACY_AFTER_SWITCH` over the households of the batch that have an old-card approval stored. */
async function dualUseFlags(tx: Queryable, households: readonly string[], rules: FlagRules): Promise<RecordFlag[]> {
  if (households.length === 0) return [];
  const rows = await tx.query(
    `SELECT t.terminal_id, t.seq, t.time_s, t.household_id, t.card_kind, t.service, t.amount, s.switched_s, s.learned_ms
       FROM transactions t LEFT JOIN switched_households s ON s.household_id = t.household_id
      WHERE t.household_id IN (SELECT DISTINCT household_id FROM transactions
                                WHERE household_id = ANY($1::text[]) AND card_kind = 1 AND outcome = 0)
        AND t.outcome = 0 AND t.service IN ($2, $3)`,
    [[...new Set(households)], SERVICE.BREAD, SERVICE.RATION],
  );
  if (rows.length === 0) return [];
  const switchedAt = new Map<string, number>();
  const learnedAt = new Map<string, number>();
  for (const row of rows) {
    if (row['switched_s'] === null) continue;
    switchedAt.set(String(row['household_id']), num(row['switched_s']));
    learnedAt.set(String(row['household_id']), Math.floor(num(row['learned_ms']) / 1000));
  }
  const flags = detectDualUse(rows.map((row) => ({
    terminalId: num(row['terminal_id']), terminalSeq: num(row['seq']), time: num(row['time_s']),
    householdId: idFromHex(String(row['household_id'])), card: num(row['card_kind']) === 1 ? 'legacy' as const : 'unified' as const,
    service: num(row['service']) as Service, approved: true, amountPiastres: num(row['amount']),
  })), { maxOfflineSeconds: rules.maxOfflineSeconds, switchedAt, learnedAt });
  return flags.map((f) => ({
    terminalId: f.terminalId, seq: f.terminalSeq, code: f.code,
    detail: `household ${f.householdId} switched at ${f.switchedAt}; old card used ${f.secondsAfterSwitch} s later${f.beyondSyncWindow ? ', beyond the sync window' : ''}`,
  }));
}

/** Recomputes the terminal's `HIGH_*_RATE` flags of each day in `days`. */
async function exceptionRateFlags(tx: Queryable, terminalId: number, days: readonly number[], rules: FlagRules): Promise<void> {
  // The database counts the day's approvals by CVM (with the rules' time window, if any) instead of sending every
  // row: a busy terminal's day is thousands of rows. flagExceptionRates then sees one record per approval counted.
  const { fromTime, toTime, ...thresholds } = rules.exceptionRates;
  for (const day of days) {
    const rows = await tx.query(
      `SELECT cvm, count(*) AS n FROM transactions WHERE terminal_id = $1 AND day = $2 AND outcome = 0 AND card_kind = 0 AND source = 0
          AND ($3::float8 IS NULL OR time_s >= $3::float8) AND ($4::float8 IS NULL OR time_s < $4::float8) GROUP BY cvm`,
      [terminalId, day, fromTime ?? null, toTime ?? null],
    );
    const flags = flagExceptionRates(approvalsCounted(terminalId, rows), thresholds);
    await tx.query(`DELETE FROM terminal_flags WHERE terminal_id = $1 AND day = $2 AND code IN ('HIGH_FALLBACK_RATE', 'HIGH_EXCEPTION_RATE')`, [terminalId, day]);
    for (const f of flags) {
      const what = f.code === 'HIGH_EXCEPTION_RATE' ? 'supervised exceptions' : 'PIN fallbacks and supervised exceptions';
      await tx.query('INSERT INTO terminal_flags VALUES ($1, $2, $3, $4)', [
        terminalId, day, f.code, `${f.count} ${what} of ${f.approvals} approvals (${(f.rate * 100).toFixed(1)} %, threshold ${(f.threshold * 100).toFixed(1)} %)`,
      ]);
    }
  }
}

/** One approval record per approval counted in `rows` (`cvm`, `n`), in the window already. */
function* approvalsCounted(terminalId: number, rows: readonly Record<string, unknown>[]): Generator<VerificationRecord> {
  for (const row of rows) {
    const record: VerificationRecord = { terminalId, time: 0, approved: true, cvm: num(row['cvm']) as Cvm };
    for (let i = num(row['n']); i > 0; i--) yield record;
  }
}
