/**
 * Reads a journal file's bytes at open (see FORMAT.md, "Recovery"): walks the CBOR sequence, verifies every
 * frame's own hash, the chain (`prevHash`), contiguous `seq` and the checkpoint rules. Damage that ends the file
 * (a torn or corrupted tail with no intact frame after it) is reported as a `TailCut` for the caller to truncate;
 * anything else (an intact frame after damage, a broken chain, an intact frame this version cannot read) is
 * `TERM_JOURNAL_CORRUPT`: good data is never cut.
 */
import { TerminalError } from '../errors.ts';
import { CHECKPOINT_TYPE, parseJournalRecordAt, type FrameDamage, type JournalRecord } from './journal-record.ts';

/** Where one record lies in the file. */
export interface JournalIndexEntry {
  readonly seq: number;
  readonly offset: number;
  readonly length: number;
  readonly hash: Uint8Array;
}

/** A damaged tail that was (or must be) cut at open. */
export interface TailCut {
  /** Where the damage starts: the file is truncated to this length. */
  readonly offset: number;
  readonly bytesCut: number;
  /** `incomplete`: the last frame runs past the end (torn write); otherwise the tail is garbage or fails its hash. */
  readonly reason: FrameDamage;
}

export interface RecoveredJournal {
  /** The file's first record; absent for an empty (or entirely torn) new file. */
  readonly checkpoint: JournalRecord | undefined;
  /** Records after the checkpoint, in order. */
  readonly entries: JournalIndexEntry[];
  /** Length of the intact part of the file. */
  readonly validEnd: number;
  readonly tail: TailCut | undefined;
}

const corrupt = (detail: string): TerminalError => new TerminalError('TERM_JOURNAL_CORRUPT', `journal corrupt: ${detail}`);
const sameHash = (a: Uint8Array, b: Uint8Array): boolean => a.length === b.length && a.every((x, i) => x === b[i]);

/** Verifies `bytes` (a whole journal file); throws `TERM_JOURNAL_CORRUPT` for damage that is not a tail. */
export function recoverJournal(bytes: Uint8Array): RecoveredJournal {
  let checkpoint: JournalRecord | undefined;
  const entries: JournalIndexEntry[] = [];
  let expectedPrev: Uint8Array | undefined;
  let lastSeq = 0;
  let offset = 0;
  while (offset < bytes.length) {
    const frame = parseJournalRecordAt(bytes, offset);
    if (!frame.ok) {
      if (frame.damage === 'unreadable') throw corrupt(`intact record at byte ${offset} is unreadable: ${frame.detail}`);
      const intactAfter = findIntactFrame(bytes, offset + 1);
      if (intactAfter !== undefined) {
        throw corrupt(`${frame.damage} record at byte ${offset} is followed by an intact record at byte ${intactAfter}`);
      }
      return { checkpoint, entries, validEnd: offset, tail: { offset, bytesCut: bytes.length - offset, reason: frame.damage } };
    }
    const { record, end } = frame;
    if (!checkpoint) {
      if (record.type !== CHECKPOINT_TYPE) throw corrupt(`first record (seq ${record.seq}) is not a checkpoint`);
      checkpoint = record;
      expectedPrev = record.prevHash;
      lastSeq = record.seq;
    } else {
      if (record.type === CHECKPOINT_TYPE) throw corrupt(`checkpoint record inside the file at byte ${offset}`);
      if (record.seq !== lastSeq + 1) throw corrupt(`seq ${record.seq} at byte ${offset} follows seq ${lastSeq}`);
      if (!sameHash(record.prevHash, expectedPrev!)) throw corrupt(`record seq ${record.seq} at byte ${offset} does not chain to seq ${lastSeq}`);
      entries.push({ seq: record.seq, offset, length: end - offset, hash: record.hash });
      expectedPrev = record.hash;
      lastSeq = record.seq;
    }
    offset = end;
  }
  return { checkpoint, entries, validEnd: offset, tail: undefined };
}

/** The offset of the first frame at or after `from` whose own hash verifies, if any. */
function findIntactFrame(bytes: Uint8Array, from: number): number | undefined {
  for (let at = from; at < bytes.length; at++) {
    const head = bytes[at]!;
    if (head < 0x83 || head > 0x97) continue; // See RFC 8949, 3.1: arrays of 3 to 23 items.
    const frame = parseJournalRecordAt(bytes, at);
    if (frame.ok || frame.damage === 'unreadable') return at;
  }
  return undefined;
}
