/**
 * The ledger's online view of a household for terminals (`GET /v1/households/{id}/usage?day=N`): its consumption
 * known centrally over all its cards and terminals (old-card sales and foreign debits stored as settled sales
 * included), as the terminal's rules engine reads it (`Usage`, terminal/auth/auth-types.ts), for the month of `day`:
 * - bread: loaves of the month; `breadTaken` spreads each sale from its card-signed day forward over the days' shares
 *   (beneficiaries × loaves a day, the card's own rule), in the order of the card-signed days and terminal times, so
 *   the ledger's allocation matches the cards'; `loavesToday` the loaves signed on `day`;
 * - ration goods: entitlement piastres, bread points piastres, item units of the month;
 * - `transactionsToday`: approvals of any service on `day`;
 * - `entitledCards`: the household's registered cards (at least 1); `switched`: it has a unified bread or ration
 *   approval (switched_households).
 * Signed: a COSE_Sign1 by the ledger key over `encodeUsageAnswer` (terminal/services/http-ledger-view.ts), the key the
 * terminal verifies acknowledgements with; a household the ledger does not know answers with no view.
 */
import { daysIn, firstDayOf, monthOf } from '../terminal/auth/calendar.ts';
import type { Usage } from '../terminal/auth/auth-types.ts';
import type { KeyStore } from '../terminal/keys/key-store.ts';
import { idFromHex } from '../terminal/schemas/card-id.ts';
import { SERVICE, type ItemLine } from '../terminal/schemas/service.ts';
import { encodeUsageAnswer, type UsageAnswer } from '../terminal/services/http-ledger-view.ts';
import { signCoseSign1 } from '../terminal/sync/cose-sign1.ts';
import type { FlagRules } from './flags.ts';
import type { Queryable } from './store/ledger-store.ts';
import { num } from './store/rows.ts';

/** The household's view on `day` (undefined view: unknown household). */
export async function householdUsage(db: Queryable, householdHex: string, day: number, rules: FlagRules, nowMs: number): Promise<UsageAnswer> {
  const month = monthOf(day);
  const first = firstDayOf(month);
  const length = daysIn(month);
  const [household] = await db.query(
    `SELECT h.beneficiaries, (SELECT count(*) FROM cards c WHERE c.household_id = h.household_id) AS cards,
            EXISTS (SELECT 1 FROM switched_households s WHERE s.household_id = h.household_id) AS switched
       FROM households h WHERE h.household_id = $1`, [householdHex]);
  const rows = await db.query(
    `SELECT service, amount, points, items, day FROM transactions
      WHERE household_id = $1 AND outcome = 0 AND day BETWEEN $2 AND $3 ORDER BY day, time_s, terminal_id, seq`,
    [householdHex, first, first + length - 1]);
  const householdId = idFromHex(householdHex);
  if (!household && rows.length === 0) return { householdId, day, asOfMs: nowMs, view: undefined };
  const share = num(household?.['beneficiaries'] ?? 1) * rules.loavesPerBeneficiaryPerDay;
  const taken: number[] = [];
  const items = new Map<number, number>();
  let loaves = 0;
  let rationPiastres = 0;
  let pointsPiastres = 0;
  let loavesToday = 0;
  let transactionsToday = 0;
  for (const row of rows) {
    const service = num(row['service']);
    const amount = num(row['amount']);
    const signedDay = num(row['day']);
    if (signedDay === day) transactionsToday++;
    if (service === SERVICE.BREAD) {
      loaves += amount;
      if (signedDay === day) loavesToday += amount;
      allocate(taken, signedDay - first, amount, share, length);
    } else if (service === SERVICE.RATION) {
      rationPiastres += amount;
      pointsPiastres += num(row['points']);
      for (const [code, quantity] of parseItems(row['items'])) items.set(code, (items.get(code) ?? 0) + quantity);
    }
  }
  const usage: Usage = {
    month, loaves, breadTaken: taken, rationPiastres, pointsPiastres,
    items: [...items.entries()].sort((a, b) => a[0] - b[0]) as ItemLine[], day, loavesToday, transactionsToday,
  };
  const entitledCards = Math.max(1, num(household?.['cards'] ?? 1));
  return { householdId, day, asOfMs: nowMs, view: { usage, entitledCards, switched: household?.['switched'] === true } };
}

/** The signed answer: COSE_Sign1 (ledger key) over the answer's CBOR. */
export async function signedHouseholdUsage(
  db: Queryable, keys: KeyStore, householdHex: string, day: number, rules: FlagRules, nowMs: number,
): Promise<Uint8Array> {
  return signCoseSign1(encodeUsageAnswer(await householdUsage(db, householdHex, day, rules, nowMs)), keys);
}

/** Loaves from day index `from` forward, each day up to `share`; what the month cannot hold stays on its last day. */
function allocate(taken: number[], from: number, loaves: number, share: number, length: number): void {
  let left = loaves;
  for (let i = Math.max(0, from); left > 0 && i < length; i++) {
    while (taken.length <= i) taken.push(0);
    const take = i === length - 1 ? left : Math.min(left, Math.max(0, share - taken[i]!));
    taken[i] = taken[i]! + take;
    left -= take;
  }
}

/** `items` as pg returns jsonb (parsed) or PGlite (parsed too); tolerant of text. */
function parseItems(value: unknown): [number, number][] {
  const parsed = typeof value === 'string' ? (JSON.parse(value) as unknown) : value;
  return Array.isArray(parsed) ? (parsed as [number, number][]) : [];
}
