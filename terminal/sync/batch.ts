/**
 * Signed batches of journal records (see BATCH.md): a deterministic CBOR payload signed by the terminal key as
 * COSE_Sign1 (ES256, `kid` = the key id). The batch id is derived from the terminal id and the first seq, so a
 * re-send of the same range has the same id and the same payload; ECDSA signatures are randomized, so a re-send
 * is recognised by (terminal, batch id, SHA-256 of the payload), never by the signature bytes. The retransmission
 * counter travels outside the signed message (the uplink's `attempt`, an HTTP header).
 */
import { createHash } from 'node:crypto';
import { decodeCbor, encodeCbor } from '../codec/cbor.ts';
import { TerminalError } from '../errors.ts';
import { encodeJournalRecord, HASH_BYTES, type JournalRecord } from '../journal/journal-record.ts';
import type { KeyStore } from '../keys/key-store.ts';
import { signCoseSign1 } from './cose-sign1.ts';
import { totalsFromCbor, totalsOfRecords, totalsToCbor, type TotalsLine } from './batch-totals.ts';

export const BATCH_VERSION = 1;
export const BATCH_ID_BYTES = 16;
/** Largest signed batch the ledger accepts (bytes on the wire). */
export const MAX_BATCH_BYTES = 4 * 1024 * 1024;

/** A batch payload as signed. */
export interface BatchPayload {
  readonly version: typeof BATCH_VERSION;
  readonly terminalId: number;
  /** `batchIdOf(terminalId, firstSeq)`. */
  readonly batchId: Uint8Array;
  readonly firstSeq: number;
  readonly lastSeq: number;
  /** Chain link: the journal hash of record `firstSeq - 1` (zeros before the first record). */
  readonly prevHash: Uint8Array;
  readonly blocklistVersion: number;
  readonly parameterVersion: number;
  readonly totals: readonly TotalsLine[];
  /** The journal frames, byte for byte (FORMAT.md), seq `firstSeq` to `lastSeq`. */
  readonly records: readonly Uint8Array[];
}

export interface BuildBatchOptions {
  readonly terminalId: number;
  readonly blocklistVersion: number;
  readonly parameterVersion: number;
}

export interface BuiltBatch {
  readonly payload: BatchPayload;
  /** The COSE_Sign1 message to send. */
  readonly bytes: Uint8Array;
  /** SHA-256 of the payload bytes: what the ledger compares to recognise a re-send. */
  readonly payloadHash: Uint8Array;
}

const sha256 = (bytes: Uint8Array): Uint8Array => new Uint8Array(createHash('sha256').update(bytes).digest());

/** The stable batch id: the first 16 bytes of SHA-256 of `["kart-batch", terminalId, firstSeq]` (deterministic CBOR). */
export function batchIdOf(terminalId: number, firstSeq: number): Uint8Array {
  return sha256(encodeCbor(['kart-batch', terminalId, firstSeq])).slice(0, BATCH_ID_BYTES);
}

/** Key id carried as COSE `kid`: the first 8 bytes of SHA-256 of the SPKI DER public key. */
export function terminalKeyIdOf(spki: Uint8Array): Uint8Array {
  return sha256(spki).slice(0, 8);
}

export function encodeBatchPayload(p: BatchPayload): Uint8Array {
  return encodeCbor([
    p.version, p.terminalId, p.batchId, p.firstSeq, p.lastSeq, p.prevHash, p.blocklistVersion, p.parameterVersion,
    totalsToCbor(p.totals), [...p.records],
  ]);
}

/** SHA-256 of a payload's bytes. */
export const payloadHashOf = (payloadBytes: Uint8Array): Uint8Array => sha256(payloadBytes);

/**
 * Builds and signs a batch of contiguous journal records (as `Journal.read` returns them). Throws
 * `SYNC_BATCH_MALFORMED` for an empty or non-contiguous list.
 */
export async function buildBatch(records: readonly JournalRecord[], keys: KeyStore, options: BuildBatchOptions): Promise<BuiltBatch> {
  const first = records[0];
  if (!first) throw new TerminalError('SYNC_BATCH_MALFORMED', 'a batch needs at least one record');
  records.forEach((r, i) => {
    if (r.seq !== first.seq + i) throw new TerminalError('SYNC_BATCH_MALFORMED', `records not contiguous at seq ${r.seq}`);
  });
  const payload: BatchPayload = {
    version: BATCH_VERSION,
    terminalId: options.terminalId,
    batchId: batchIdOf(options.terminalId, first.seq),
    firstSeq: first.seq,
    lastSeq: first.seq + records.length - 1,
    prevHash: first.prevHash,
    blocklistVersion: options.blocklistVersion,
    parameterVersion: options.parameterVersion,
    totals: totalsOfRecords(records),
    records: records.map((r) => encodeJournalRecord(r).bytes),
  };
  const payloadBytes = encodeBatchPayload(payload);
  const kid = terminalKeyIdOf(await keys.publicKey());
  return { payload, bytes: await signCoseSign1(payloadBytes, keys, { kid }), payloadHash: sha256(payloadBytes) };
}

const isUint = (v: unknown): v is number => Number.isSafeInteger(v) && (v as number) >= 0;
const isBytes = (v: unknown, length?: number): v is Uint8Array => v instanceof Uint8Array && (length === undefined || v.length === length);

/**
 * Reads a batch payload (after or before its signature is checked): strict shape, deterministic bytes. Throws
 * `SYNC_BATCH_MALFORMED` naming the problem. Does not check the records inside (the ledger does).
 */
export function decodeBatchPayload(bytes: Uint8Array): BatchPayload {
  let raw: unknown;
  try {
    raw = decodeCbor(bytes, { canonical: true });
  } catch (error) {
    throw new TerminalError('SYNC_BATCH_MALFORMED', `batch payload is not deterministic CBOR: ${(error as Error).message}`, { cause: error });
  }
  const bad = (what: string): never => {
    throw new TerminalError('SYNC_BATCH_MALFORMED', `batch payload: ${what}`);
  };
  if (!Array.isArray(raw) || raw.length !== 10) return bad('not an array of 10 items');
  const [version, terminalId, batchId, firstSeq, lastSeq, prevHash, blocklistVersion, parameterVersion, totals, records] = raw;
  if (version !== BATCH_VERSION) bad(`version ${String(version)}`);
  if (!isUint(terminalId) || terminalId > 0xffff_ffff) bad('terminalId is not a uint32');
  if (!isBytes(batchId, BATCH_ID_BYTES)) bad('batchId is not 16 bytes');
  if (!isUint(firstSeq) || firstSeq < 1 || !isUint(lastSeq) || lastSeq < firstSeq) bad('seq range is not 1 <= firstSeq <= lastSeq');
  if (!isBytes(prevHash, HASH_BYTES)) bad('prevHash is not 32 bytes');
  if (!isUint(blocklistVersion) || !isUint(parameterVersion)) bad('versions are not unsigned integers');
  if (!Array.isArray(records) || !records.every((r) => isBytes(r))) bad('records are not an array of byte strings');
  let lines: TotalsLine[] = [];
  try {
    lines = totalsFromCbor(totals, 'batch payload');
  } catch (error) {
    bad((error as Error).message);
  }
  return {
    version: BATCH_VERSION, terminalId: terminalId as number, batchId: batchId as Uint8Array, firstSeq: firstSeq as number,
    lastSeq: lastSeq as number, prevHash: prevHash as Uint8Array, blocklistVersion: blocklistVersion as number,
    parameterVersion: parameterVersion as number, totals: lines, records: records as Uint8Array[],
  };
}
