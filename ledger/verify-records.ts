/**
 * Checks the records inside a batch whose signature already verified. First the batch as a whole (refused if any
 * of it fails: the terminal signed something inconsistent): every frame intact, seqs contiguous over the stated
 * range, the hash chain unbroken from `prevHash`, totals equal to what the records add up to. Then each record on
 * its own (a failure rejects that record only, with its reason):
 * - a transaction record (type 1, journal record v1 or v2): the body per terminal/schemas, the terminal and seq it
 *   names; for a unified card's approval the card certificate chain to a trusted CA, the card's signature on the
 *   debit proof, the household, no earlier use of the same (card, ATC), and for a supervised exception (proof v3,
 *   CVM 3) whether the supervisor's card is registered with the `SUPERVISE` usage (`supervisorOk`, for the flags:
 *   the debit is card-signed and counts either way); for an old ration card (card kind 1, nothing signed) no earlier
 *   use of the same (card number, `legacyAtc`);
 * - a foreign debit report (type 4): the reported proof verifies like an approval's (`foreign-debit.ts`);
 * - debit intents (2) and their settlement (3) are decoded for torn-debits.ts;
 * - a card payment (6, terminal/schemas/card-payment-record.ts) is stored once its body decodes (an EMV payment is
 *   settled by its cryptogram with the issuer, not here), `RECORD_MALFORMED` otherwise; the rest is stored as it is.
 */
import { parseJournalRecordAt, type JournalRecord as Frame } from '../terminal/journal/journal-record.ts';
import type { BatchPayload } from '../terminal/sync/batch.ts';
import { sameTotals, totalsOfRecords, TRANSACTION_RECORD_TYPE } from '../terminal/sync/batch-totals.ts';
import { idToHex } from '../terminal/schemas/card-id.ts';
import type { Certificate } from '../terminal/schemas/certificate.ts';
import type { ChainResult } from '../terminal/schemas/certificate-chain.ts';
import { CARD_PAYMENT_RECORD_TYPE, decodeCardPaymentRecord } from '../terminal/schemas/card-payment-record.ts';
import type { DebitProof } from '../terminal/schemas/debit-proof.ts';
import { CARD_KIND, CVM, OUTCOME, type JournalRecord as Sale } from '../terminal/schemas/journal-record.ts';
import { decodeIntent, decodeSettled, RECORD_TYPE, type DebitIntent, type SettledReason } from '../terminal/services/service-records.ts';
import { checkCardProof, checkForeignDebit, supervisorRegistered, type RegisteredCard } from './foreign-debit.ts';
import type { VerifyCache } from './verify-cache.ts';

export type { RegisteredCard } from './foreign-debit.ts';

/** What the ledger stores of an accepted debit (a sale's, or a foreign debit's). */
export interface AcceptedDebit {
  /** The card as stored: hex of the card id, or `legacy-` + hex for an old ration card's number. */
  readonly cardKey: string;
  readonly householdId: string;
  readonly atc: number;
  /** The card-signed date, or for an old card the terminal's local day. */
  readonly day: number;
  /** Bread points spent (proof v2 and later), piastres. */
  readonly points: number;
  /** The proof's challenge (hex), null for an old card. */
  readonly challenge: string | null;
  /** The decoded proof, for a unified card. */
  readonly proof?: DebitProof;
}

export interface CheckedRecord {
  readonly frame: Frame;
  readonly bytes: Uint8Array;
  /** `ACCEPTED`, `STORED` (not a transaction record), `FOREIGN_SETTLED`, `FOREIGN_KNOWN`, or the rejection code. */
  readonly verdict: string;
  /** The decoded sale, when it is a well-formed transaction record naming this terminal and seq. */
  readonly sale?: Sale;
  /** An accepted approval's debit (also a foreign debit stored as a settled sale). */
  readonly debit?: AcceptedDebit;
  /** `card:atc` of a foreign-debit row this journaled sale replaces (the terminal that made it synced after all). */
  readonly supersedes?: string;
  /** Supervised approvals: the supervisor's card is registered with the `SUPERVISE` usage, valid that day. */
  readonly supervisorOk?: boolean;
  /** A debit intent (type 2). */
  readonly intent?: DebitIntent;
  /** An intent's settlement (type 3). */
  readonly settled?: { readonly challenge: Uint8Array; readonly reason: SettledReason };
  /** A foreign debit report (type 4): when the reporting terminal saw it, ms. */
  readonly observedMs?: number;
}

/** Verdicts that are not a rejection (everything else goes into the acknowledgement as `rejected`). */
const INFORMATIVE = new Set(['ACCEPTED', 'STORED', 'FOREIGN_SETTLED', 'FOREIGN_KNOWN']);
export const isRejection = (verdict: string): boolean => !INFORMATIVE.has(verdict);

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
  /** Registered cards by card id (hex): the batch's cards and supervisors. */
  readonly cards: ReadonlyMap<string, RegisteredCard>;
  /** `cardKey:atc` pairs already stored, with their source (0 a journaled sale, 1 a foreign debit report). */
  readonly usedAtcs: ReadonlyMap<string, number>;
  /** Chain results by `cardHex:day`, kept across batches by the ledger. */
  readonly chainCache: Map<string, ChainResult>;
  /** Key objects, certificates and decoded records kept across records and batches (verify-cache.ts). */
  readonly verifyCache: VerifyCache;
}

/** The stored card key of an old ration card's number. */
export const legacyCardKey = (cardId: Uint8Array): string => `legacy-${idToHex(cardId)}`;

/** Per-record checks; returns the records with their verdicts. */
export function checkRecords(records: readonly CheckedRecord[], ctx: RecordContext): CheckedRecord[] {
  const seen = new Map(ctx.usedAtcs);
  const checked = records.map((record) => checkRecord(record, ctx, seen));
  // A sale superseding a foreign report of this same batch: the report stores nothing (one row per debit).
  const reportedHere = new Map<string, number>();
  checked.forEach((r, i) => {
    if (r.verdict === 'FOREIGN_SETTLED') reportedHere.set(`${r.debit!.cardKey}:${r.debit!.atc}`, i);
  });
  for (const [i, r] of checked.entries()) {
    const j = r.supersedes === undefined ? undefined : reportedHere.get(r.supersedes);
    if (j === undefined) continue;
    const { debit: _debit, ...report } = checked[j]!;
    checked[j] = { ...report, verdict: 'FOREIGN_KNOWN' };
    const { supersedes: _supersedes, ...sale } = r;
    checked[i] = sale;
  }
  return checked;
}

function checkRecord(record: CheckedRecord, ctx: RecordContext, seen: Map<string, number>): CheckedRecord {
  try {
    if (record.frame.type === RECORD_TYPE.DEBIT_INTENT) return { ...record, intent: decodeIntent(record.frame.body) };
    if (record.frame.type === RECORD_TYPE.DEBIT_INTENT_SETTLED) return { ...record, settled: decodeSettled(record.frame.body) };
    if (record.frame.type === CARD_PAYMENT_RECORD_TYPE) {
      decodeCardPaymentRecord(record.frame.body);
      return record;
    }
  } catch {
    return { ...record, verdict: 'RECORD_MALFORMED' };
  }
  if (record.frame.type === RECORD_TYPE.FOREIGN_DEBIT) return { ...record, ...checkForeignDebit(record.frame.body, ctx, seen) };
  if (record.frame.type !== TRANSACTION_RECORD_TYPE) return record;
  let sale: Sale;
  try {
    sale = ctx.verifyCache.sale(record.frame.body);
  } catch {
    return { ...record, verdict: 'RECORD_MALFORMED' };
  }
  if (sale.terminalId !== ctx.terminalId) return { ...record, verdict: 'RECORD_TERMINAL_MISMATCH' };
  if (sale.terminalSeq !== record.frame.seq) return { ...record, verdict: 'RECORD_SEQ_MISMATCH' };
  if (sale.outcome !== OUTCOME.APPROVED) return { ...record, sale, verdict: 'ACCEPTED' };
  const checked = sale.version === 2 && sale.cardKind === CARD_KIND.LEGACY ? checkLegacy(sale, seen) : checkApproval(sale, ctx, seen);
  return { ...record, ...checked, ...(checked.verdict === 'ACCEPTED' ? { sale } : {}) };
}

type Checked = Pick<CheckedRecord, 'verdict' | 'debit' | 'supersedes' | 'supervisorOk'>;

/** Takes `use` for this record: a journaled sale may replace a foreign report of the same debit, nothing else. */
function claim(use: string, seen: Map<string, number>): { ok: boolean; supersedes?: string } {
  const source = seen.get(use);
  if (source === 0) return { ok: false };
  seen.set(use, 0);
  return source === 1 ? { ok: true, supersedes: use } : { ok: true };
}

function checkApproval(sale: Sale, ctx: RecordContext, seen: Map<string, number>): Checked {
  // The record decoder already matched the proof to the sale (card, service, amount, items, terminal, cvm).
  const proof = ctx.verifyCache.proof(sale.debitProof!);
  const checked = checkCardProof(proof, ctx);
  if (!checked.ok) return { verdict: checked.code };
  if (checked.householdId !== idToHex(sale.householdId!)) return { verdict: 'HOUSEHOLD_MISMATCH' };
  const cardKey = idToHex(proof.cardId);
  const use = claim(`${cardKey}:${proof.atc}`, seen);
  if (!use.ok) return { verdict: 'PROOF_REPLAYED' };
  const debit: AcceptedDebit = {
    cardKey, householdId: checked.householdId, atc: proof.atc, day: proof.date, points: proof.version === 1 ? 0 : proof.pointsPiastres,
    challenge: Buffer.from(proof.challenge).toString('hex'), proof,
  };
  const supervised = proof.version === 3 && proof.cvm === CVM.SUPERVISED_EXCEPTION && proof.supervisorCardId !== null;
  return {
    verdict: 'ACCEPTED', debit, ...(use.supersedes ? { supersedes: use.supersedes } : {}),
    ...(supervised ? { supervisorOk: supervisorRegistered(proof.supervisorCardId!, proof.date, ctx) } : {}),
  };
}

/** An old ration card signs nothing: the record is taken as journaled, once per (card number, counter). */
function checkLegacy(sale: Sale & { readonly version: 2 }, seen: Map<string, number>): Checked {
  if (sale.cardId === null) return { verdict: 'LEGACY_CARD_MISSING' };
  const cardKey = legacyCardKey(sale.cardId);
  const atc = sale.legacyAtc!;
  if (!claim(`${cardKey}:${atc}`, seen).ok) return { verdict: 'LEGACY_COUNTER_REPLAYED' };
  const day = Math.floor((sale.time + sale.utcOffsetMinutes * 60) / 86_400);
  return { verdict: 'ACCEPTED', debit: { cardKey, householdId: idToHex(sale.householdId!), atc, day, points: 0, challenge: null } };
}
