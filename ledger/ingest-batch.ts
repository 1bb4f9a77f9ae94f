/**
 * Ingests one signed batch in one database transaction: the terminal's key and signature, re-send recognition,
 * the per-terminal chain (contiguous seqs, previous hash), the records (see verify-records.ts), then stores every
 * record exactly once, the accepted transactions, the flags and the signed acknowledgement (returned verbatim to a
 * re-send). A refusal stores nothing and answers with a signed acknowledgement saying why (HTTP 422).
 */
import { createPublicKey, verify } from 'node:crypto';
import { isTerminalError } from '../terminal/errors.ts';
import type { KeyStore } from '../terminal/keys/key-store.ts';
import { idToHex } from '../terminal/schemas/card-id.ts';
import { decodeCertificate, type Certificate } from '../terminal/schemas/certificate.ts';
import type { ChainResult } from '../terminal/schemas/certificate-chain.ts';
import { decodeJournalRecord, OUTCOME } from '../terminal/schemas/journal-record.ts';
import { signBatchAck, type BatchAck, type RecordVerdict } from '../terminal/sync/batch-ack.ts';
import { TotalsAccumulator, TRANSACTION_RECORD_TYPE } from '../terminal/sync/batch-totals.ts';
import { batchIdOf, decodeBatchPayload, payloadHashOf, type BatchPayload } from '../terminal/sync/batch.ts';
import { ES256_PROTECTED_HEADER, parseCoseSign1, sigStructure } from '../terminal/sync/cose-sign1.ts';
import { lockHouseholds, raiseFlags, type FlagRules } from './flags.ts';
import { LedgerError } from './ledger-error.ts';
import type { LedgerStore, Queryable } from './store/ledger-store.ts';
import { bin, bytea, num } from './store/rows.ts';
import { resolveTerminalKey } from './terminal-keys.ts';
import { checkBatchRecords, checkRecords, type CheckedRecord, type RegisteredCard } from './verify-records.ts';

export interface IngestContext {
  readonly store: LedgerStore;
  readonly keys: KeyStore;
  readonly trustedCas: readonly Certificate[];
  readonly rules: FlagRules;
  readonly chainCache: Map<string, ChainResult>;
  readonly now: () => number;
}

export interface IngestResult {
  /** 200 stored (or stored before: a re-send), 422 refused. */
  readonly status: 200 | 422;
  readonly ack: Uint8Array;
  readonly reason: string;
}

const same = (a: Uint8Array, b: Uint8Array): boolean => a.length === b.length && a.every((x, i) => x === b[i]);

/** See the module description. Throws `LEDGER_BODY_MALFORMED` for bytes that are not a batch at all. */
export async function ingestBatch(ctx: IngestContext, message: Uint8Array): Promise<IngestResult> {
  let parsed;
  let payload: BatchPayload;
  try {
    parsed = parseCoseSign1(message);
    payload = decodeBatchPayload(parsed.payload);
  } catch (error) {
    if (isTerminalError(error)) throw new LedgerError('LEDGER_BODY_MALFORMED', `not a signed batch: ${error.message}`, { cause: error });
    throw error;
  }
  const payloadHash = payloadHashOf(parsed.payload);
  const durable = await ctx.store.durable();
  return ctx.store.transaction(async (tx) => {
    const refuse = async (reason: string, storedUpToSeq: number): Promise<IngestResult> => {
      const ack: BatchAck = {
        version: 1, terminalId: payload.terminalId, batchId: payload.batchId, payloadHash, status: 'refused', reason,
        storedUpToSeq, durable, totals: [], verdicts: [],
      };
      return { status: 422, ack: await signBatchAck(ack, ctx.keys), reason };
    };
    const [terminal] = await tx.query('SELECT stored_up_to, last_hash FROM terminals WHERE terminal_id = $1 FOR UPDATE', [payload.terminalId]);
    if (!terminal) return refuse('TERMINAL_UNKNOWN', 0);
    const storedUpTo = num(terminal['stored_up_to']);
    const [key] = await tx.query('SELECT spki FROM terminal_keys WHERE terminal_id = $1 AND key_id = $2', [payload.terminalId, bytea(parsed.kid ?? new Uint8Array(0))]);
    if (!key) return refuse('KEY_UNKNOWN', storedUpTo);
    const publicKey = createPublicKey({ key: Buffer.from(bin(key['spki'])), format: 'der', type: 'spki' });
    const tbs = sigStructure(ES256_PROTECTED_HEADER, new Uint8Array(0), parsed.payload);
    if (!verify('sha256', tbs, { key: publicKey, dsaEncoding: 'ieee-p1363' }, parsed.signature)) return refuse('SIGNATURE_INVALID', storedUpTo);
    if (!same(payload.batchId, batchIdOf(payload.terminalId, payload.firstSeq))) return refuse('BATCH_ID_INVALID', storedUpTo);
    const [earlier] = await tx.query('SELECT payload_hash, ack FROM batches WHERE terminal_id = $1 AND batch_id = $2', [payload.terminalId, bytea(payload.batchId)]);
    if (earlier) {
      if (same(bin(earlier['payload_hash']), payloadHash)) return { status: 200, ack: bin(earlier['ack']), reason: 'OK' };
      return refuse('BATCH_ID_REUSED', storedUpTo);
    }
    const keyState = await resolveTerminalKey(tx, payload.terminalId, parsed.kid, payload.lastSeq);
    if (!keyState.ok) return refuse(keyState.reason, storedUpTo);
    if (payload.firstSeq > storedUpTo + 1) return refuse('SEQ_GAP', storedUpTo);
    if (payload.firstSeq <= storedUpTo) return refuse('BATCH_OVERLAP', storedUpTo);
    if (!same(payload.prevHash, bin(terminal['last_hash']))) return refuse('CHAIN_BROKEN', storedUpTo);
    const structure = checkBatchRecords(payload);
    if (!structure.ok) return refuse(structure.reason, storedUpTo);
    const checked = checkRecords(structure.records, { ...(await lookups(tx, structure.records)), terminalId: payload.terminalId, trustedCas: ctx.trustedCas, chainCache: ctx.chainCache });
    await lockHouseholds(tx, checked.flatMap((r) => (r.sale?.householdId ? [idToHex(r.sale.householdId)] : [])));
    await storeRecords(tx, payload.terminalId, checked);
    const last = checked.at(-1)!;
    await tx.query('UPDATE terminals SET stored_up_to = $2, last_hash = $3 WHERE terminal_id = $1', [payload.terminalId, payload.lastSeq, bytea(last.frame.hash)]);
    const flags = await raiseFlags(tx, payload.terminalId, payload.firstSeq, payload.lastSeq, ctx.rules);
    const totals = new TotalsAccumulator();
    const verdicts: RecordVerdict[] = [];
    for (const r of checked) {
      if (r.verdict === 'ACCEPTED' && r.sale) totals.add(r.sale.service, r.sale.outcome, r.sale.amount);
      else if (r.verdict !== 'STORED') verdicts.push({ seq: r.frame.seq, kind: 'rejected', code: r.verdict });
    }
    for (const f of flags) verdicts.push({ seq: f.seq, kind: 'flagged', code: f.code });
    verdicts.sort((a, b) => a.seq - b.seq);
    const ack: BatchAck = {
      version: 1, terminalId: payload.terminalId, batchId: payload.batchId, payloadHash, status: 'accepted', reason: 'OK',
      storedUpToSeq: payload.lastSeq, durable, totals: totals.lines(), verdicts,
    };
    const signed = await signBatchAck(ack, ctx.keys);
    await tx.query('INSERT INTO batches VALUES ($1, $2, $3, $4, $5, $6, $7)', [
      payload.terminalId, bytea(payload.batchId), payload.firstSeq, payload.lastSeq, bytea(payloadHash), bytea(signed), ctx.now(),
    ]);
    return { status: 200, ack: signed, reason: 'OK' };
  });
}

/** Registered cards and already used (card, ATC) pairs for the approvals of a batch. */
async function lookups(tx: Queryable, records: readonly CheckedRecord[]): Promise<{ cards: Map<string, RegisteredCard>; usedAtcs: Set<string> }> {
  const ids = new Set<string>();
  for (const r of records) {
    if (r.frame.type !== TRANSACTION_RECORD_TYPE) continue;
    try {
      const sale = decodeJournalRecord(r.frame.body);
      if (sale.outcome === OUTCOME.APPROVED && sale.cardId) ids.add(idToHex(sale.cardId));
    } catch {
      // Rejected later with its reason.
    }
  }
  const cards = new Map<string, RegisteredCard>();
  const usedAtcs = new Set<string>();
  if (ids.size === 0) return { cards, usedAtcs };
  const list = [...ids];
  for (const row of await tx.query('SELECT card_id, household_id, issuer_cert, card_cert FROM cards WHERE card_id = ANY($1::text[])', [list])) {
    cards.set(String(row['card_id']), {
      householdId: String(row['household_id']), issuer: decodeCertificate(bin(row['issuer_cert'])), card: decodeCertificate(bin(row['card_cert'])),
    });
  }
  for (const row of await tx.query('SELECT card_id, atc FROM transactions WHERE card_id = ANY($1::text[]) AND atc IS NOT NULL', [list])) {
    usedAtcs.add(`${String(row['card_id'])}:${num(row['atc'])}`);
  }
  return { cards, usedAtcs };
}

/** Multi-row inserts of the records (all of them) and the accepted transactions, 400 rows a statement. */
async function storeRecords(tx: Queryable, terminalId: number, checked: readonly CheckedRecord[]): Promise<void> {
  const records = checked.map((r) => [terminalId, r.frame.seq, r.frame.type, bytea(r.bytes), r.verdict]);
  await insertRows(tx, 'records', records);
  const sales = checked.flatMap((r) => {
    if (r.verdict !== 'ACCEPTED' || !r.sale) return [];
    const s = r.sale;
    const day = r.day ?? Math.floor((s.time + s.utcOffsetMinutes * 60) / 86_400);
    return [[terminalId, r.frame.seq, s.service, s.outcome, s.code, s.cardId ? idToHex(s.cardId) : null,
      s.householdId ? idToHex(s.householdId) : null, r.atc ?? null, s.amount, s.pricePiastres, s.time, day]];
  });
  await insertRows(tx, 'transactions', sales);
}

async function insertRows(tx: Queryable, table: string, rows: readonly unknown[][]): Promise<void> {
  for (let start = 0; start < rows.length; start += 400) {
    const chunk = rows.slice(start, start + 400);
    const width = chunk[0]!.length;
    const values = chunk.map((_, i) => `(${Array.from({ length: width }, (__, j) => `$${i * width + j + 1}`).join(', ')})`);
    await tx.query(`INSERT INTO ${table} VALUES ${values.join(', ')}`, chunk.flat());
  }
}
