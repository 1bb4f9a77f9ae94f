/**
 * The ledger's acknowledgement of a batch (see BATCH.md): deterministic CBOR signed by the ledger key as
 * COSE_Sign1. It says what the ledger holds for the terminal (`storedUpToSeq`), whether that store survives a
 * power loss (`durable`), the ledger's totals of what it accepted, and the records it rejected or flagged.
 */
import { decodeCbor, encodeCbor } from '../codec/cbor.ts';
import { TerminalError } from '../errors.ts';
import type { KeyStore } from '../keys/key-store.ts';
import { BATCH_ID_BYTES } from './batch.ts';
import { totalsFromCbor, totalsToCbor, type TotalsLine } from './batch-totals.ts';
import { signCoseSign1, verifyCoseSign1 } from './cose-sign1.ts';

export const BATCH_ACK_VERSION = 1;

/** 0: the batch is stored (or was before: a re-send); 1: refused, nothing of it stored. */
export type AckStatus = 'accepted' | 'refused';

/** A record the ledger rejected (stored apart, not counted) or flagged (counted, reported for review). */
export interface RecordVerdict {
  readonly seq: number;
  readonly kind: 'rejected' | 'flagged';
  /** Stable code, e.g. `PROOF_SIGNATURE_INVALID`, `HOUSEHOLD_OVERDRAW`. */
  readonly code: string;
}

export interface BatchAck {
  readonly version: typeof BATCH_ACK_VERSION;
  readonly terminalId: number;
  readonly batchId: Uint8Array;
  /** SHA-256 of the batch payload this answers. */
  readonly payloadHash: Uint8Array;
  readonly status: AckStatus;
  /** `OK`, or why the batch was refused (`SIGNATURE_INVALID`, `KEY_REVOKED`, `SEQ_GAP`, ...). */
  readonly reason: string;
  /** Every record of this terminal up to this seq is stored by the ledger (0: none). */
  readonly storedUpToSeq: number;
  /** True only if the store survives a power loss: only then may the terminal delete its copies. */
  readonly durable: boolean;
  /** Totals of what the ledger accepted from this batch (empty when refused). */
  readonly totals: readonly TotalsLine[];
  readonly verdicts: readonly RecordVerdict[];
}

export function encodeBatchAck(a: BatchAck): Uint8Array {
  return encodeCbor([
    a.version, a.terminalId, a.batchId, a.payloadHash, a.status === 'accepted' ? 0 : 1, a.reason, a.storedUpToSeq, a.durable,
    totalsToCbor(a.totals), a.verdicts.map((v) => [v.seq, v.kind === 'rejected' ? 0 : 1, v.code]),
  ]);
}

/** Signs an acknowledgement with the ledger key. */
export function signBatchAck(ack: BatchAck, keys: KeyStore): Promise<Uint8Array> {
  return signCoseSign1(encodeBatchAck(ack), keys);
}

const invalid = (what: string, cause?: unknown): TerminalError =>
  new TerminalError('SYNC_ACK_INVALID', `batch acknowledgement: ${what}`, cause === undefined ? undefined : { cause });

/** Reads an acknowledgement payload; throws `SYNC_ACK_INVALID`. */
export function decodeBatchAck(bytes: Uint8Array): BatchAck {
  let raw: unknown;
  try {
    raw = decodeCbor(bytes, { canonical: true });
  } catch (error) {
    throw invalid('not deterministic CBOR', error);
  }
  if (!Array.isArray(raw) || raw.length !== 10) throw invalid('not an array of 10 items');
  const [version, terminalId, batchId, payloadHash, status, reason, storedUpToSeq, durable, totals, verdicts] = raw;
  const uint = (v: unknown): v is number => Number.isSafeInteger(v) && (v as number) >= 0;
  if (version !== BATCH_ACK_VERSION) throw invalid(`version ${String(version)}`);
  if (!uint(terminalId) || !uint(storedUpToSeq) || (status !== 0 && status !== 1) || typeof reason !== 'string' || typeof durable !== 'boolean') {
    throw invalid('wrong field types');
  }
  if (!(batchId instanceof Uint8Array) || batchId.length !== BATCH_ID_BYTES || !(payloadHash instanceof Uint8Array) || payloadHash.length !== 32) {
    throw invalid('batch id or payload hash of the wrong size');
  }
  if (!Array.isArray(verdicts)) throw invalid('verdicts are not an array');
  const list = verdicts.map((v) => {
    if (!Array.isArray(v) || v.length !== 3 || !uint(v[0]) || (v[1] !== 0 && v[1] !== 1) || typeof v[2] !== 'string') throw invalid('verdict shape');
    return { seq: v[0] as number, kind: v[1] === 0 ? 'rejected' : 'flagged', code: v[2] } as const;
  });
  let lines: TotalsLine[];
  try {
    lines = totalsFromCbor(totals, 'ack');
  } catch (error) {
    throw invalid('totals shape', error);
  }
  return {
    version: BATCH_ACK_VERSION, terminalId, batchId, payloadHash, status: status === 0 ? 'accepted' : 'refused', reason,
    storedUpToSeq, durable, totals: lines, verdicts: list,
  };
}

/**
 * Verifies a signed acknowledgement with the ledger's public key (SPKI DER) and checks that it answers this very
 * batch. Throws `SYNC_ACK_INVALID` for a bad signature, bytes that are not an acknowledgement, or another batch.
 */
export function verifyBatchAck(
  message: Uint8Array,
  ledgerPublicKey: Uint8Array,
  expected: { readonly terminalId: number; readonly batchId: Uint8Array; readonly payloadHash: Uint8Array },
): BatchAck {
  let checked;
  try {
    checked = verifyCoseSign1(message, ledgerPublicKey);
  } catch (error) {
    throw invalid('not a COSE_Sign1 message', error);
  }
  if (!checked.ok) throw invalid('signature does not verify with the ledger key');
  const ack = decodeBatchAck(checked.payload);
  const same = (a: Uint8Array, b: Uint8Array) => a.length === b.length && a.every((x, i) => x === b[i]);
  if (ack.terminalId !== expected.terminalId || !same(ack.batchId, expected.batchId) || !same(ack.payloadHash, expected.payloadHash)) {
    throw invalid('answers another batch');
  }
  return ack;
}
