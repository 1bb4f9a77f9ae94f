/**
 * The I/O contract of the journal: the few file and directory operations it needs, so that the real file system
 * (`FsJournalStorage`) and the power-loss simulation (`PowerLossStorage`) are peers behind one interface.
 *
 * Durability rules the journal relies on (POSIX semantics): bytes written by `append` or a `truncate` survive a
 * power cut only after `datasync` resolves; a `create`, `rename` or `remove` survives only after `syncDir`.
 */

/** An open journal file. Not safe for concurrent calls: the journal serializes its use. */
export interface JournalFile {
  /** Current length in bytes, including writes not yet made durable. */
  readonly size: number;
  /** Reads exactly `length` bytes at `position` (fewer only at end of file). */
  read(position: number, length: number): Promise<Uint8Array>;
  /** Writes `bytes` at the end of the file. Not durable until `datasync`. */
  append(bytes: Uint8Array): Promise<void>;
  /** Makes every earlier write and truncate of this file durable (fdatasync). */
  datasync(): Promise<void>;
  /** Cuts the file to `length` bytes. Not durable until `datasync`. */
  truncate(length: number): Promise<void>;
  close(): Promise<void>;
}

/** The directory that holds the journal's files. */
export interface JournalStorage {
  exists(name: string): Promise<boolean>;
  /** Opens an existing file for reading and appending. */
  open(name: string): Promise<JournalFile>;
  /** Creates an empty file (replacing any file of that name). The name is not durable until `syncDir`. */
  create(name: string): Promise<JournalFile>;
  /** Atomically replaces `to` with `from`. Not durable until `syncDir`. */
  rename(from: string, to: string): Promise<void>;
  /** Removes a file if present. Not durable until `syncDir`. */
  remove(name: string): Promise<void>;
  /** Makes earlier creates, renames and removes durable (fsync of the directory). */
  syncDir(): Promise<void>;
}
