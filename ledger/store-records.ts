/**
 * The rows one batch reads and writes, for ingest-batch.ts: the registered cards its records name (cards of sales
 * and foreign debit reports, and supervisors' cards), the (card, ATC) uses already stored, and then every record,
 * the accepted debits as `transactions` rows, and the households switched to the unified card.
 */
import { idToHex } from '../terminal/schemas/card-id.ts';
import { CARD_KIND, OUTCOME } from '../terminal/schemas/journal-record.ts';
import { SERVICE } from '../terminal/schemas/service.ts';
import { RECORD_TYPE } from '../terminal/services/service-records.ts';
import { decodeForeignDebit, type RegisteredCard } from './foreign-debit.ts';
import type { Queryable } from './store/ledger-store.ts';
import { bin, bytea, num } from './store/rows.ts';
import type { VerifyCache } from './verify-cache.ts';
import { legacyCardKey, type CheckedRecord } from './verify-records.ts';

/**
 * The registered cards a record names (hex card ids: the card, and a supervisor's card) and the (card, ATC) uses it
 * claims (`cardKey:atc`, the keys `checkRecords` looks up); none for a body that does not decode.
 */
function cardsNamed(r: CheckedRecord, cache: VerifyCache): { cards: string[]; uses: [string, number][] } {
  try {
    if (r.frame.type === RECORD_TYPE.FOREIGN_DEBIT) {
      const proof = cache.proof(decodeForeignDebit(r.frame.body).proof);
      const id = idToHex(proof.cardId);
      return { cards: [id], uses: [[id, proof.atc]] };
    }
    if (r.frame.type !== RECORD_TYPE.TRANSACTION) return { cards: [], uses: [] };
    const sale = cache.sale(r.frame.body);
    if (sale.outcome !== OUTCOME.APPROVED || !sale.cardId) return { cards: [], uses: [] };
    if (sale.version === 2 && sale.cardKind === CARD_KIND.LEGACY) return { cards: [], uses: sale.legacyAtc === null ? [] : [[legacyCardKey(sale.cardId), sale.legacyAtc]] };
    const id = idToHex(sale.cardId);
    // The decoder matched the proof to the sale: the proof's card is the sale's; its ATC is the use claimed.
    const uses: [string, number][] = sale.debitProof ? [[id, cache.proof(sale.debitProof).atc]] : [];
    return { cards: sale.supervisorCardId ? [id, idToHex(sale.supervisorCardId)] : [id], uses };
  } catch {
    return { cards: [], uses: [] }; // Rejected later with its reason.
  }
}

/**
 * Registered cards and stored (card, ATC) uses (with their source) for the batch's records. Only the uses the
 * records claim are read (one index probe each on `UNIQUE (card_id, atc)`), not every use of their cards: a card's
 * history grows with every sale.
 */
export async function lookups(tx: Queryable, records: readonly CheckedRecord[], cache: VerifyCache): Promise<{ cards: Map<string, RegisteredCard>; usedAtcs: Map<string, number> }> {
  const ids = new Set<string>();
  const uses = new Map<string, [string, number]>();
  for (const r of records) {
    const named = cardsNamed(r, cache);
    for (const id of named.cards) ids.add(id);
    for (const [card, atc] of named.uses) uses.set(`${card}:${atc}`, [card, atc]);
  }
  const cards = new Map<string, RegisteredCard>();
  const usedAtcs = new Map<string, number>();
  if (ids.size > 0) {
    for (const row of await tx.query('SELECT card_id, household_id, issuer_cert, card_cert FROM cards WHERE card_id = ANY($1::text[])', [[...ids]])) {
      cards.set(String(row['card_id']), {
        householdId: String(row['household_id']), issuer: cache.certificate(bin(row['issuer_cert'])), card: cache.certificate(bin(row['card_cert'])),
      });
    }
  }
  if (uses.size > 0) {
    const pairs = [...uses.values()];
    const rows = await tx.query(
      `SELECT t.card_id, t.atc, t.source FROM unnest($1::text[], $2::bigint[]) AS u(card_id, atc)
         JOIN transactions t ON t.card_id = u.card_id AND t.atc = u.atc`,
      [pairs.map((p) => p[0]), pairs.map((p) => p[1])],
    );
    for (const row of rows) usedAtcs.set(`${String(row['card_id'])}:${num(row['atc'])}`, num(row['source']));
  }
  return { cards, usedAtcs };
}

const COLUMNS = [
  'terminal_id', 'seq', 'service', 'outcome', 'code', 'card_id', 'household_id', 'atc', 'amount', 'price', 'time_s', 'day',
  'card_kind', 'cvm', 'supervisor_card_id', 'points', 'items', 'challenge', 'source',
];

/** Inserts the records (all of them), the accepted transactions and foreign debits, and notes switched households. */
export async function storeRecords(tx: Queryable, terminalId: number, checked: readonly CheckedRecord[], nowMs: number): Promise<void> {
  await insertRows(tx, 'records', ['terminal_id', 'seq', 'type', 'frame', 'verdict'], checked.map((r) => [terminalId, r.frame.seq, r.frame.type, bytea(r.bytes), r.verdict]));
  for (const r of checked) {
    if (!r.supersedes) continue;
    const [card, atc] = r.supersedes.split(':');
    const gone = await tx.query('DELETE FROM transactions WHERE card_id = $1 AND atc = $2 AND source = 1 RETURNING terminal_id, seq', [card, Number(atc)]);
    for (const g of gone) await tx.query(`UPDATE records SET verdict = 'FOREIGN_KNOWN' WHERE terminal_id = $1 AND seq = $2`, [g['terminal_id'], g['seq']]);
  }
  const rows = checked.flatMap((r): unknown[][] => {
    const d = r.debit;
    if (r.verdict === 'FOREIGN_SETTLED' && d?.proof) {
      const p = d.proof;
      return [[terminalId, r.frame.seq, p.service, OUTCOME.APPROVED, 'APPROVED', d.cardKey, d.householdId, d.atc, p.amount, 0,
        Math.floor((r.observedMs ?? 0) / 1000), d.day, CARD_KIND.UNIFIED, p.version === 3 ? p.cvm : 0,
        p.version === 3 && p.supervisorCardId ? idToHex(p.supervisorCardId) : null, d.points, JSON.stringify(p.items), d.challenge, 1]];
    }
    if (r.verdict !== 'ACCEPTED' || !r.sale) return [];
    const s = r.sale;
    const day = d?.day ?? Math.floor((s.time + s.utcOffsetMinutes * 60) / 86_400);
    const legacy = s.version === 2 && s.cardKind === CARD_KIND.LEGACY;
    const cardKey = d?.cardKey ?? (s.cardId ? (legacy ? legacyCardKey(s.cardId) : idToHex(s.cardId)) : null);
    return [[terminalId, r.frame.seq, s.service, s.outcome, s.code, cardKey, s.householdId ? idToHex(s.householdId) : null, d?.atc ?? null,
      s.amount, s.pricePiastres, s.time, day, s.version === 2 ? s.cardKind : CARD_KIND.UNIFIED, s.cvm,
      s.supervisorCardId ? idToHex(s.supervisorCardId) : null, d?.points ?? 0, JSON.stringify(s.items), d?.challenge ?? null, 0]];
  });
  await insertRows(tx, 'transactions', COLUMNS, rows);
  await noteSwitches(tx, checked, nowMs);
}

/** A unified bread or ration approval switches its household (its old ration card is stopped): first time kept. */
async function noteSwitches(tx: Queryable, checked: readonly CheckedRecord[], nowMs: number): Promise<void> {
  const first = new Map<string, number>();
  for (const r of checked) {
    const s = r.sale;
    if (r.verdict !== 'ACCEPTED' || !s || s.outcome !== OUTCOME.APPROVED || !r.debit?.proof) continue;
    if (s.service !== SERVICE.BREAD && s.service !== SERVICE.RATION) continue;
    first.set(r.debit.householdId, Math.min(first.get(r.debit.householdId) ?? Number.POSITIVE_INFINITY, s.time));
  }
  if (first.size === 0) return;
  await tx.query(
    `INSERT INTO switched_households (household_id, switched_s, learned_ms)
       SELECT h, s, $3 FROM unnest($1::text[], $2::bigint[]) AS u(h, s)
     ON CONFLICT (household_id) DO UPDATE SET switched_s = LEAST(switched_households.switched_s, EXCLUDED.switched_s)`,
    [[...first.keys()], [...first.values()], nowMs],
  );
}

async function insertRows(tx: Queryable, table: string, columns: readonly string[], rows: readonly unknown[][]): Promise<void> {
  const width = columns.length;
  for (let start = 0; start < rows.length; start += 400) {
    const chunk = rows.slice(start, start + 400);
    const values = chunk.map((_, i) => `(${Array.from({ length: width }, (__, j) => `$${i * width + j + 1}`).join(', ')})`);
    await tx.query(`INSERT INTO ${table} (${columns.join(', ')}) VALUES ${values.join(', ')}`, chunk.flat());
  }
}
