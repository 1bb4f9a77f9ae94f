/**
 * Ingests one signed batch in one database transaction: the terminal's key and signature, re-send recognition,
 * the per-terminal chain (contiguous seqs, previous hash), the records (see verify-records.ts), then stores every
 * record exactly once, the accepted transactions and foreign debits (store-records.ts), the debit intents and their
 * settlement (torn-debits.ts), the flags (flags.ts, review-flags.ts) and the signed acknowledgement (returned
 * verbatim to a re-send). A refusal stores nothing and answers with a signed acknowledgement saying why (HTTP 422).
 */
import { createPublicKey, verify } from 'node:crypto';
import { isTerminalError } from '../terminal/errors.ts';
import type { KeyStore } from '../terminal/keys/key-store.ts';
import { idToHex } from '../terminal/schemas/card-id.ts';
import type { Certificate } from '../terminal/schemas/certificate.ts';
import type { ChainResult } from '../terminal/schemas/certificate-chain.ts';
import { signBatchAck, type BatchAck, type RecordVerdict } from '../terminal/sync/batch-ack.ts';
import { TotalsAccumulator } from '../terminal/sync/batch-totals.ts';
import { batchIdOf, decodeBatchPayload, payloadHashOf, type BatchPayload } from '../terminal/sync/batch.ts';
import { ES256_PROTECTED_HEADER, parseCoseSign1, sigStructure } from '../terminal/sync/cose-sign1.ts';
import { lockHouseholds, raiseFlags, type FlagRules } from './flags.ts';
import { LedgerError } from './ledger-error.ts';
import { raiseReviewFlags } from './review-flags.ts';
import type { LedgerStore } from './store/ledger-store.ts';
import { bin, bytea, num } from './store/rows.ts';
import { lookups, storeRecords } from './store-records.ts';
import { resolveTerminalKey } from './terminal-keys.ts';
import { settleIntents, storeIntents } from './torn-debits.ts';
import type { VerifyCache } from './verify-cache.ts';
import { checkBatchRecords, checkRecords, isRejection } from './verify-records.ts';

export interface IngestContext {
  readonly store: LedgerStore;
  readonly keys: KeyStore;
  readonly trustedCas: readonly Certificate[];
  readonly rules: FlagRules;
  readonly chainCache: Map<string, ChainResult>;
  readonly verifyCache: VerifyCache;
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
    const checked = checkRecords(structure.records, {
      ...(await lookups(tx, structure.records, ctx.verifyCache)), terminalId: payload.terminalId, trustedCas: ctx.trustedCas,
      chainCache: ctx.chainCache, verifyCache: ctx.verifyCache,
    });
    await lockHouseholds(tx, checked.flatMap((r) => [
      ...(r.sale?.householdId ? [idToHex(r.sale.householdId)] : []), ...(r.debit ? [r.debit.householdId] : []),
    ]));
    const nowMs = ctx.now();
    await storeRecords(tx, payload.terminalId, checked, nowMs);
    const last = checked.at(-1)!;
    await tx.query('UPDATE terminals SET stored_up_to = $2, last_hash = $3 WHERE terminal_id = $1', [payload.terminalId, payload.lastSeq, bytea(last.frame.hash)]);
    await storeIntents(tx, payload.terminalId, checked);
    await settleIntents(tx, checked.flatMap((r) => (r.debit?.proof ? [r.debit.cardKey] : [])), nowMs, ctx.rules.intentGraceMs);
    const flags = [
      ...(await raiseFlags(tx, payload.terminalId, payload.firstSeq, payload.lastSeq, ctx.rules)),
      ...(await raiseReviewFlags(tx, payload.terminalId, checked, ctx.rules, nowMs)),
    ];
    const totals = new TotalsAccumulator();
    const verdicts: RecordVerdict[] = [];
    for (const r of checked) {
      if (r.verdict === 'ACCEPTED' && r.sale) totals.add(r.sale.service, r.sale.outcome, r.sale.amount);
      else if (isRejection(r.verdict)) verdicts.push({ seq: r.frame.seq, kind: 'rejected', code: r.verdict });
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
