/**
 * Checks the records inside a batch whose signature already verified. First the batch as a whole (refused if any
 * of it fails: the terminal signed something inconsistent): every frame intact, seqs contiguous over the stated
 * range, the hash chain unbroken from `prevHash`, totals equal to what the records add up to. Then each
 * transaction record on its own (a failure rejects that record only, with its reason): the body per
 * terminal/schemas, the terminal and seq it names, and for an approval the card certificate chain to a trusted
 * CA, the card's signature on the debit proof, the household, and no earlier use of the same (card, ATC).
 */
import { parseJournalRecordAt, type JournalRecord as Frame } from '../terminal/journal/journal-record.ts';
import type { BatchPayload } from '../terminal/sync/batch.ts';
import { sameTotals, totalsOfRecords, TRANSACTION_RECORD_TYPE } from '../terminal/sync/batch-totals.ts';
import { idToHex } from '../terminal/schemas/card-id.ts';
import type { Certificate } from '../terminal/schemas/certificate.ts';
import { verifyCardChain, type ChainResult } from '../terminal/schemas/certificate-chain.ts';
import { debitProofCodec, decodeDebitProof } from '../terminal/schemas/debit-proof.ts';
import { decodeJournalRecord, OUTCOME, type JournalRecord as Sale } from '../terminal/schemas/journal-record.ts';

/** A registered card: its certificates as the issuer supplied them. */
export interface RegisteredCard {
  readonly householdId: string;
  readonly issuer: Certificate;
  readonly card: Certificate;
}

export interface CheckedRecord {
  readonly frame: Frame;
  readonly bytes: Uint8Array;
  /** `ACCEPTED`, `STORED` (not a transaction record), or the rejection code. */
  readonly verdict: string;
  /** The decoded sale, when it is a well-formed transaction record naming this terminal and seq. */
  readonly sale?: Sale;
  /** The debit proof's ATC, for an accepted approval. */
  readonly atc?: number;
  /** The card-signed debit date (days since 1970-01-01 UTC), for an accepted approval. */
  readonly day?: number;
}

export type BatchCheck = { readonly ok: true; readonly records: CheckedRecord[] } | { readonly ok: false; readonly reason: string };

/** Structural checks of the whole batch; see the module description. */
export function checkBatchRecords(payload: BatchPayload): BatchCheck {
  if (payload.records.length !== payload.lastSeq - payload.firstSeq + 1) return { ok: false, reason: 'RECORDS_RANGE_MISMATCH' };
  const out: CheckedRecord[] = [];
  let prev = payload.prevHash;
  for (const [i, bytes] of payload.records.entries()) {
    const parsed = parseJournalRecordAt(bytes, 0);
    if (!parsed.ok || parsed.end !== bytes.length) return { ok: false, reason: 'RECORD_FRAME_INVALID' };
    const frame = parsed.record;
    if (frame.seq !== payload.firstSeq + i || frame.type === 0) return { ok: false, reason: 'RECORDS_NOT_CONTIGUOUS' };
    if (!frame.prevHash.every((b, j) => b === prev[j])) return { ok: false, reason: 'RECORDS_CHAIN_BROKEN' };
    prev = frame.hash;
    out.push({ frame, bytes, verdict: 'STORED' });
  }
  if (!sameTotals(totalsOfRecords(out.map((r) => r.frame)), payload.totals)) return { ok: false, reason: 'TOTALS_MISMATCH' };
  return { ok: true, records: out };
}

export interface RecordContext {
  readonly terminalId: number;
  readonly trustedCas: readonly Certificate[];
  /** Registered cards by card id (hex). */
  readonly cards: ReadonlyMap<string, RegisteredCard>;
  /** `cardHex:atc` pairs already stored. */
  readonly usedAtcs: ReadonlySet<string>;
  /** Chain results by `cardHex:day`, kept across batches by the ledger. */
  readonly chainCache: Map<string, ChainResult>;
}

/** Per-record checks; returns the records with their verdicts. */
export function checkRecords(records: readonly CheckedRecord[], ctx: RecordContext): CheckedRecord[] {
  const seen = new Set(ctx.usedAtcs);
  return records.map((record) => {
    if (record.frame.type !== TRANSACTION_RECORD_TYPE) return record;
    let sale: Sale;
    try {
      sale = decodeJournalRecord(record.frame.body);
    } catch {
      return { ...record, verdict: 'RECORD_MALFORMED' };
    }
    if (sale.terminalId !== ctx.terminalId) return { ...record, verdict: 'RECORD_TERMINAL_MISMATCH' };
    if (sale.terminalSeq !== record.frame.seq) return { ...record, verdict: 'RECORD_SEQ_MISMATCH' };
    if (sale.outcome !== OUTCOME.APPROVED) return { ...record, sale, verdict: 'ACCEPTED' };
    const verdict = checkApproval(sale, ctx, seen);
    if (verdict.code !== 'ACCEPTED') return { ...record, verdict: verdict.code };
    return { ...record, sale, verdict: 'ACCEPTED', atc: verdict.atc, day: verdict.day };
  });
}

function checkApproval(sale: Sale, ctx: RecordContext, seen: Set<string>): { code: string; atc?: number; day?: number } {
  // The record decoder already matched the proof to the sale (card, service, amount, items, terminal).
  const proof = decodeDebitProof(sale.debitProof!);
  const cardHex = idToHex(proof.cardId);
  const registered = ctx.cards.get(cardHex);
  if (!registered) return { code: 'CARD_UNKNOWN' };
  if (registered.householdId !== idToHex(sale.householdId!)) return { code: 'HOUSEHOLD_MISMATCH' };
  const cacheKey = `${cardHex}:${proof.date}`;
  let chain = ctx.chainCache.get(cacheKey);
  if (!chain) {
    chain = verifyCardChain(registered.issuer, registered.card, ctx.trustedCas, proof.date);
    if (ctx.chainCache.size > 200_000) ctx.chainCache.clear();
    ctx.chainCache.set(cacheKey, chain);
  }
  if (!chain.ok) return { code: chain.reason };
  if (!debitProofCodec.verify(proof, chain.card.publicKey)) return { code: 'PROOF_SIGNATURE_INVALID' };
  const use = `${cardHex}:${proof.atc}`;
  if (seen.has(use)) return { code: 'PROOF_REPLAYED' };
  seen.add(use);
  return { code: 'ACCEPTED', atc: proof.atc, day: proof.date };
}
