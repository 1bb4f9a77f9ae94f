/**
 * Torn debits: the journaled debit intents (type 2) and how each ends. An intent's debit, if the card made it, has
 * ATC `atcBefore + 1` and the intent's challenge (terminal/services/TRANSACTION.md). Statuses in `intents`:
 * - `pending`: journaled, nothing known yet;
 * - `sold`: a transaction record of the same terminal carries a proof with the intent's challenge (the sale, or its
 *   recovery from the card's log);
 * - `no_debit`: the terminal settled it (type 3 `NO_DEBIT`), or the card's debit `atcBefore + 1` is stored with
 *   another challenge (the card's next debit was another one, so this one never happened);
 * - `debited`: the debit `atcBefore + 1` with the intent's challenge is stored from another terminal's foreign
 *   debit report (type 4): the sale the terminal lost, counted once for the household;
 * - `open`: past the grace period (`intentGraceMs`) with no evidence either way (type 3 `LOG_WRAPPED` included):
 *   reported for review, and examined again whenever a batch brings a debit of that card.
 * Runs inside the batch's transaction, after its transactions are stored.
 */
import { idToHex } from '../terminal/schemas/card-id.ts';
import type { Queryable } from './store/ledger-store.ts';
import { num } from './store/rows.ts';
import type { CheckedRecord } from './verify-records.ts';

const hex = (b: Uint8Array): string => Buffer.from(b).toString('hex');

/** Stores the batch's intents and applies its settlements and sales to this terminal's intents (a few statements a batch). */
export async function storeIntents(tx: Queryable, terminalId: number, checked: readonly CheckedRecord[]): Promise<void> {
  const intents = checked.filter((r) => r.intent && r.verdict === 'STORED');
  if (intents.length > 0) {
    const cols = (f: (r: CheckedRecord) => unknown) => intents.map(f);
    await tx.query(
      `INSERT INTO intents SELECT $1::bigint, *, 'pending', NULL FROM unnest($2::bigint[], $3::text[], $4::text[], $5::text[], $6::bigint[],
         $7::int[], $8::int[], $9::bigint[], $10::bigint[])`,
      [terminalId, cols((r) => r.frame.seq), cols((r) => idToHex(r.intent!.cardId)), cols((r) => idToHex(r.intent!.householdId)),
        cols((r) => hex(r.intent!.challenge)), cols((r) => r.intent!.atcBefore), cols((r) => r.intent!.service), cols((r) => r.intent!.day),
        cols((r) => r.intent!.timeMs), cols((r) => r.intent!.lastSyncMs)],
    );
  }
  const ends: [string, string, string][] = [];
  for (const r of checked) {
    if (r.settled) ends.push([hex(r.settled.challenge), r.settled.reason === 'NO_DEBIT' ? 'no_debit' : 'open', `terminal ${terminalId} seq ${r.frame.seq}`]);
    else if (r.verdict === 'ACCEPTED' && r.debit?.challenge) ends.push([r.debit.challenge, 'sold', `terminal ${terminalId} seq ${r.frame.seq}`]);
  }
  if (ends.length === 0) return;
  await tx.query(
    `UPDATE intents i SET status = e.status, settled_by = e.by FROM unnest($2::text[], $3::text[], $4::text[]) AS e(challenge, status, by)
      WHERE i.terminal_id = $1 AND i.challenge = e.challenge AND i.status IN ('pending', 'open')`,
    [terminalId, ends.map((e) => e[0]), ends.map((e) => e[1]), ends.map((e) => e[2])],
  );
}

/**
 * Examines intents: those of the cards in `cardKeys` (a batch brought a debit of theirs) still pending or open, and
 * every pending one older than `graceMs` at `nowMs`. Returns how many changed status.
 */
export async function settleIntents(tx: Queryable, cardKeys: readonly string[], nowMs: number, graceMs: number): Promise<number> {
  const rows = await tx.query(
    `SELECT i.terminal_id, i.seq, i.challenge, i.status, i.time_ms, t.terminal_id AS by_terminal, t.seq AS by_seq, t.challenge AS by_challenge, t.source
       FROM intents i
       LEFT JOIN transactions t ON t.card_id = i.card_id AND t.atc = i.atc_before + 1
      WHERE (i.status IN ('pending', 'open') AND i.card_id = ANY($1::text[])) OR (i.status = 'pending' AND i.time_ms < $2)
      ORDER BY i.terminal_id, i.seq LIMIT 500`,
    [[...new Set(cardKeys)], nowMs - graceMs],
  );
  let changed = 0;
  for (const row of rows) {
    let status = 'open';
    let by: string | null = null;
    if (row['by_challenge'] !== null && row['by_challenge'] !== undefined) {
      status = row['by_challenge'] === row['challenge'] ? 'debited' : 'no_debit';
      by = `${num(row['source']) === 1 ? 'foreign debit report' : 'sale'} at terminal ${num(row['by_terminal'])} seq ${num(row['by_seq'])}`;
    } else if (num(row['time_ms']) >= nowMs - graceMs) {
      continue; // no evidence yet, and still within the grace period
    }
    if (status === row['status']) continue;
    await tx.query('UPDATE intents SET status = $3, settled_by = $4 WHERE terminal_id = $1 AND seq = $2', [row['terminal_id'], row['seq'], status, by]);
    changed++;
  }
  return changed;
}
