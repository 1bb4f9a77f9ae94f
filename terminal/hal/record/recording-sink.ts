/**
 * Where a recording goes: a file path (opened, written record by record with synchronous writes so that a crash
 * loses at most the record being written, closed with the reader), or any byte stream the caller owns.
 */
import { closeSync, fsyncSync, openSync, writeSync } from 'node:fs';
import { HalError } from '../errors.ts';

/** A file path, or a stream-like object that takes byte chunks (the caller ends it). */
export type RecordingTarget = string | { write(chunk: Uint8Array): unknown };

/** The recorder's view of its target. */
export interface RecordingSink {
  write(chunk: Uint8Array): void;
  /** Flushes and closes a file target; leaves a caller's stream open. */
  close(): void;
}

/** Opens `target` for writing a recording; a path is created or truncated. */
export function openRecordingSink(target: RecordingTarget): RecordingSink {
  if (typeof target !== 'string') {
    return { write: (chunk) => void target.write(chunk), close: () => {} };
  }
  let fd: number | undefined;
  try {
    fd = openSync(target, 'w');
  } catch (error) {
    throw new HalError('HAL_RECORDING_WRITE_FAILED', `cannot create recording ${target}: ${(error as Error).message}`, { cause: error });
  }
  return {
    write(chunk) {
      if (fd === undefined) throw new HalError('HAL_RECORDING_WRITE_FAILED', `recording ${target} is already closed`);
      try {
        for (let done = 0; done < chunk.length; ) done += writeSync(fd, chunk, done);
      } catch (error) {
        throw new HalError('HAL_RECORDING_WRITE_FAILED', `cannot write recording ${target}: ${(error as Error).message}`, { cause: error });
      }
    },
    close() {
      if (fd === undefined) return;
      const open = fd;
      fd = undefined;
      try {
        fsyncSync(open);
      } finally {
        closeSync(open);
      }
    },
  };
}
