/**
 * One journal record frame (see FORMAT.md): the CBOR array
 * `[version, seq, time, type, body, prevHash, hash]` where `hash` is SHA-256 of the deterministic encoding of the
 * array without its last element. The self-hash check does not depend on the version, so a complete frame of a
 * later format still proves itself intact and is never mistaken for a torn write.
 */
import { createHash } from 'node:crypto';
import { decodeCbor, encodeCbor } from '../codec/cbor.ts';
import { cborItemEnd } from './cbor-item-end.ts';

/** Format version written in element 0 of every frame. */
export const JOURNAL_FORMAT_VERSION = 1;
/** Record type reserved for the journal's checkpoint (the first record of every file). */
export const CHECKPOINT_TYPE = 0;
export const HASH_BYTES = 32;
/** The chain anchor of a journal that never deleted anything. */
export const ZERO_HASH: Uint8Array = new Uint8Array(HASH_BYTES);

/** A record as read back from the journal. */
export interface JournalRecord {
  readonly seq: number;
  /** Milliseconds since the Unix epoch, from the terminal clock. */
  readonly time: number;
  /** Application record type (1 and up); 0 is the journal's checkpoint. */
  readonly type: number;
  /** Opaque bytes (transaction record bodies are defined in terminal/schemas). */
  readonly body: Uint8Array;
  /** `hash` of the record before this one (for a checkpoint: of the last deleted record). */
  readonly prevHash: Uint8Array;
  readonly hash: Uint8Array;
}

/** Why the bytes at an offset are not a good frame. */
export type FrameDamage = 'incomplete' | 'malformed' | 'hash-mismatch';

export type ParsedFrame =
  | { readonly ok: true; readonly record: JournalRecord; readonly end: number }
  | { readonly ok: false; readonly damage: FrameDamage }
  /** Intact (its hash verifies) but not a record this version reads: never a torn write, never cut. */
  | { readonly ok: false; readonly damage: 'unreadable'; readonly detail: string; readonly end: number };

const sha256 = (bytes: Uint8Array): Uint8Array => new Uint8Array(createHash('sha256').update(bytes).digest());

/** Encodes a record frame and returns its bytes and hash. */
export function encodeJournalRecord(fields: Omit<JournalRecord, 'hash'>): { bytes: Uint8Array; hash: Uint8Array } {
  const unsigned = encodeCbor([JOURNAL_FORMAT_VERSION, fields.seq, fields.time, fields.type, fields.body, fields.prevHash]);
  const hash = sha256(unsigned);
  const bytes = new Uint8Array(unsigned.length + 2 + HASH_BYTES);
  bytes[0] = 0x87; // See RFC 8949, 3.1: major type 4 (array), 7 items.
  bytes.set(unsigned.subarray(1), 1);
  bytes[unsigned.length] = 0x58; // See RFC 8949, 3.1: byte string, 1-byte length follows.
  bytes[unsigned.length + 1] = HASH_BYTES;
  bytes.set(hash, unsigned.length + 2);
  return { bytes, hash };
}

const isUint = (v: unknown, max = Number.MAX_SAFE_INTEGER): v is number => Number.isSafeInteger(v) && (v as number) >= 0 && (v as number) <= max;
const isHash = (v: unknown): v is Uint8Array => v instanceof Uint8Array && v.length === HASH_BYTES;

/** Reads and verifies the frame at `offset` of `bytes`. */
export function parseJournalRecordAt(bytes: Uint8Array, offset: number): ParsedFrame {
  const end = cborItemEnd(bytes, offset);
  if (end === 'incomplete' || end === 'malformed') return { ok: false, damage: end };
  const initial = bytes[offset]!;
  const count = initial & 0x1f;
  // A frame is a short array (1-byte head) of at least 3 items whose last is a 32-byte hash (0x58 0x20 + 32 bytes).
  if (initial >> 5 !== 4 || count < 3 || count > 23 || end - offset < 2 + 2 + HASH_BYTES) return { ok: false, damage: 'malformed' };
  const hashAt = end - HASH_BYTES;
  if (bytes[hashAt - 2] !== 0x58 || bytes[hashAt - 1] !== HASH_BYTES) return { ok: false, damage: 'malformed' };
  const unsigned = new Uint8Array(hashAt - 2 - offset);
  unsigned[0] = 0x80 | (count - 1);
  unsigned.set(bytes.subarray(offset + 1, hashAt - 2), 1);
  const hash = sha256(unsigned);
  for (let i = 0; i < HASH_BYTES; i++) if (hash[i] !== bytes[hashAt + i]) return { ok: false, damage: 'hash-mismatch' };
  let items: unknown[];
  try {
    items = decodeCbor(unsigned) as unknown[];
  } catch (error) {
    return { ok: false, damage: 'unreadable', detail: (error as Error).message, end };
  }
  if (items[0] !== JOURNAL_FORMAT_VERSION) return { ok: false, damage: 'unreadable', detail: `format version ${String(items[0])}`, end };
  const [, seq, time, type, body, prevHash] = items;
  if (items.length !== 6 || !isUint(seq) || !isUint(time) || !isUint(type, 0xffff_ffff) || !(body instanceof Uint8Array) || !isHash(prevHash)) {
    return { ok: false, damage: 'unreadable', detail: 'fields of a version 1 record have the wrong shape', end };
  }
  return { ok: true, record: { seq, time, type, body, prevHash, hash }, end };
}
