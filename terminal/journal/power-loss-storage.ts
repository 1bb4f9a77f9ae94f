/**
 * A `JournalStorage` in memory that simulates power loss, for crash tests. Each file keeps what is durable apart
 * from what is only written; `powerCut()` drops every write and truncate not yet `datasync`ed, except the last
 * write on the whole disk, which it tears: a seeded random prefix of it (from none to all of it) survives, with a
 * hole of zero bytes if it lay beyond the durable end. Names (create, rename, remove) fall back to the state of
 * the last `syncDir`. Kill points are counted in I/O operations, not time: `cutAtOperation(n)` makes the n-th
 * operation from now cut the power (a write is issued, then torn; anything else never takes effect) and throw
 * `PowerCutError`. After a cut, every handle opened before it throws; open the storage again to "reboot".
 */
import type { JournalFile, JournalStorage } from './journal-file.ts';
import { createSeededRandom, type SeededRandom } from './seeded-random.ts';

/** Thrown by an operation that the simulated power cut interrupted, and by handles opened before a cut. */
export class PowerCutError extends Error {
  override readonly name = 'PowerCutError';
  readonly code = 'SIM_POWER_CUT';
}

type PendingOp = { kind: 'write'; offset: number; bytes: Uint8Array; order: number } | { kind: 'truncate'; length: number };

class Inode {
  durable: Uint8Array = new Uint8Array(0);
  current: Uint8Array = new Uint8Array(0);
  pending: PendingOp[] = [];
}

function resized(bytes: Uint8Array, length: number): Uint8Array {
  const out = new Uint8Array(length);
  out.set(bytes.subarray(0, Math.min(length, bytes.length)));
  return out;
}

class PowerLossFile implements JournalFile {
  constructor(
    private readonly disk: PowerLossStorage,
    private readonly inode: Inode,
    private readonly epoch: number,
  ) {}

  get size(): number {
    return this.inode.current.length;
  }

  read(position: number, length: number): Promise<Uint8Array> {
    return this.disk.io(this.epoch, () => this.inode.current.slice(position, position + length));
  }

  append(bytes: Uint8Array): Promise<void> {
    const inode = this.inode;
    return this.disk.io(this.epoch, () => {
      const offset = inode.current.length;
      inode.current = resized(inode.current, offset + bytes.length);
      inode.current.set(bytes, offset);
      inode.pending.push({ kind: 'write', offset, bytes: bytes.slice(), order: this.disk.nextWriteOrder() });
    }, true);
  }

  datasync(): Promise<void> {
    return this.disk.io(this.epoch, () => {
      this.inode.durable = this.inode.current.slice();
      this.inode.pending = [];
    });
  }

  truncate(length: number): Promise<void> {
    return this.disk.io(this.epoch, () => {
      this.inode.current = resized(this.inode.current, length);
      this.inode.pending.push({ kind: 'truncate', length });
    });
  }

  close(): Promise<void> {
    return Promise.resolve();
  }
}

export interface PowerLossStorageOptions {
  /** Seed of the random tear lengths. */
  readonly seed: number;
}

/** An in-memory disk with durable and pending state and seeded power cuts. Instance-based: no shared state. */
export class PowerLossStorage implements JournalStorage {
  #names = new Map<string, Inode>();
  #durableNames = new Map<string, Inode>();
  #epoch = 0;
  #operations = 0;
  #cutAt = Infinity;
  #writeOrder = 0;
  readonly #random: SeededRandom;
  /** How many power cuts happened. */
  cuts = 0;

  constructor(options: PowerLossStorageOptions) {
    this.#random = createSeededRandom(options.seed);
  }

  /** How many I/O operations ran so far (reads, writes, syncs, truncates, names). */
  get operations(): number {
    return this.#operations;
  }

  /** Makes the `n`-th I/O operation from now (1 = the next one) cut the power. */
  cutAtOperation(n: number): void {
    this.#cutAt = this.#operations + n;
  }

  /** The bytes a reader would see now (durable or not), or undefined when the file does not exist. */
  peek(name: string): Uint8Array | undefined {
    return this.#names.get(name)?.current.slice();
  }

  /** Replaces a file's content, durably, as if written and synced long ago: for corrupting it in tests. */
  poke(name: string, bytes: Uint8Array): void {
    const inode = this.#names.get(name) ?? new Inode();
    inode.durable = bytes.slice();
    inode.current = bytes.slice();
    inode.pending = [];
    this.#names.set(name, inode);
    this.#durableNames.set(name, inode);
  }

  /** Cuts the power now: see the class description. */
  powerCut(): void {
    this.cuts++;
    this.#epoch++;
    this.#cutAt = Infinity;
    const inodes = new Set([...this.#names.values(), ...this.#durableNames.values()]);
    let last: { inode: Inode; op: Extract<PendingOp, { kind: 'write' }> } | undefined;
    for (const inode of inodes) {
      for (const op of inode.pending) {
        if (op.kind === 'write' && (!last || op.order > last.op.order)) last = { inode, op };
      }
    }
    if (last) {
      // See the class description: the last write is torn, keeping a prefix of 0 to all of its bytes.
      const { inode, op } = last;
      const kept = op.bytes.subarray(0, this.#random.int(op.bytes.length + 1));
      if (kept.length > 0) {
        inode.durable = resized(inode.durable, Math.max(inode.durable.length, op.offset + kept.length));
        inode.durable.set(kept, op.offset);
      }
    }
    for (const inode of inodes) {
      inode.current = inode.durable.slice();
      inode.pending = [];
    }
    this.#names = new Map(this.#durableNames);
  }

  /** @internal Runs one I/O operation, counting it against the kill point. */
  io<T>(epoch: number, effect: () => T, isWrite = false): Promise<T> {
    if (epoch !== this.#epoch) return Promise.reject(new PowerCutError('handle opened before a power cut'));
    this.#operations++;
    if (this.#operations >= this.#cutAt) {
      if (isWrite) effect();
      this.powerCut();
      return Promise.reject(new PowerCutError(`power cut at I/O operation ${this.#operations}`));
    }
    try {
      return Promise.resolve(effect());
    } catch (error) {
      return Promise.reject(error);
    }
  }

  /** @internal */
  nextWriteOrder(): number {
    return ++this.#writeOrder;
  }

  exists(name: string): Promise<boolean> {
    return this.io(this.#epoch, () => this.#names.has(name));
  }

  open(name: string): Promise<PowerLossFile> {
    return this.io(this.#epoch, () => {
      const inode = this.#names.get(name);
      if (!inode) throw Object.assign(new Error(`ENOENT: ${name}`), { code: 'ENOENT' });
      return new PowerLossFile(this, inode, this.#epoch);
    });
  }

  create(name: string): Promise<PowerLossFile> {
    return this.io(this.#epoch, () => {
      const inode = new Inode();
      this.#names.set(name, inode);
      return new PowerLossFile(this, inode, this.#epoch);
    });
  }

  rename(from: string, to: string): Promise<void> {
    return this.io(this.#epoch, () => {
      const inode = this.#names.get(from);
      if (!inode) throw Object.assign(new Error(`ENOENT: ${from}`), { code: 'ENOENT' });
      this.#names.set(to, inode);
      this.#names.delete(from);
    });
  }

  remove(name: string): Promise<void> {
    return this.io(this.#epoch, () => void this.#names.delete(name));
  }

  syncDir(): Promise<void> {
    return this.io(this.#epoch, () => void (this.#durableNames = new Map(this.#names)));
  }
}
