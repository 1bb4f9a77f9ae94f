/**
 * `JournalStorage` on the real file system (node:fs promises): positional writes at the tracked end of file,
 * `FileHandle.datasync()` for fdatasync, and an fsync of the directory for names.
 */
import { open, rename, rm, stat, type FileHandle } from 'node:fs/promises';
import { join } from 'node:path';
import type { JournalFile, JournalStorage } from './journal-file.ts';

class FsJournalFile implements JournalFile {
  constructor(
    private readonly handle: FileHandle,
    public size: number,
  ) {}

  async read(position: number, length: number): Promise<Uint8Array> {
    const out = new Uint8Array(Math.max(0, Math.min(length, this.size - position)));
    let done = 0;
    while (done < out.length) {
      const { bytesRead } = await this.handle.read(out, done, out.length - done, position + done);
      if (bytesRead === 0) return out.subarray(0, done);
      done += bytesRead;
    }
    return out;
  }

  async append(bytes: Uint8Array): Promise<void> {
    let done = 0;
    while (done < bytes.length) {
      const { bytesWritten } = await this.handle.write(bytes, done, bytes.length - done, this.size + done);
      done += bytesWritten;
    }
    this.size += bytes.length;
  }

  datasync(): Promise<void> {
    return this.handle.datasync();
  }

  async truncate(length: number): Promise<void> {
    await this.handle.truncate(length);
    this.size = length;
  }

  close(): Promise<void> {
    return this.handle.close();
  }
}

/** The journal's directory on disk. The directory must exist. */
export class FsJournalStorage implements JournalStorage {
  constructor(readonly dir: string) {}

  async exists(name: string): Promise<boolean> {
    try {
      return (await stat(join(this.dir, name))).isFile();
    } catch (error) {
      if ((error as NodeJS.ErrnoException).code === 'ENOENT') return false;
      throw error;
    }
  }

  async open(name: string): Promise<JournalFile> {
    const handle = await open(join(this.dir, name), 'r+');
    try {
      return new FsJournalFile(handle, (await handle.stat()).size);
    } catch (error) {
      await handle.close();
      throw error;
    }
  }

  async create(name: string): Promise<JournalFile> {
    return new FsJournalFile(await open(join(this.dir, name), 'w+', 0o600), 0);
  }

  rename(from: string, to: string): Promise<void> {
    return rename(join(this.dir, from), join(this.dir, to));
  }

  remove(name: string): Promise<void> {
    return rm(join(this.dir, name), { force: true });
  }

  async syncDir(): Promise<void> {
    const handle = await open(this.dir, 'r');
    try {
      await handle.sync();
    } finally {
      await handle.close();
    }
  }
}
