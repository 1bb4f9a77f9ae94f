import type { AppletStore } from './applet.ts';

/**
 * The card's persistent memory ("EEPROM"): named byte strings that survive power loss, with one atomic
 * transaction per command. Writes made inside a transaction are seen by later reads in the same command and
 * become durable only on `commit`; `rollback` (or a power cut before the commit) discards them all.
 * `writeNow` bypasses the transaction, as retry counters must (a tear must never restore a try).
 *
 * Values are copied in and out, so an applet cannot change persistent memory by mutating an array it holds.
 *
 * @remarks See Java Card 3.2 Runtime Environment Specification, 7 (atomicity and transactions), for the model.
 */
export class PersistentStore {
  readonly #committed = new Map<string, Uint8Array>();
  #pending: Map<string, Uint8Array | null> | undefined;
  #version = 0;

  constructor(entries: Iterable<readonly [string, Uint8Array]> = []) {
    for (const [key, value] of entries) this.#committed.set(key, value.slice());
  }

  /** Goes up each time committed memory changes (a commit with writes, a `writeNow`, a write outside a transaction). */
  get version(): number {
    return this.#version;
  }

  get inTransaction(): boolean {
    return this.#pending !== undefined;
  }

  get(key: string): Uint8Array | undefined {
    const pending = this.#pending?.get(key);
    if (pending === null) return undefined;
    const value = pending ?? this.#committed.get(key);
    return value?.slice();
  }

  /** Writes inside the open transaction, or durably at once when none is open. */
  set(key: string, value: Uint8Array): void {
    if (this.#pending) this.#pending.set(key, value.slice());
    else this.#write(key, value.slice());
  }

  delete(key: string): void {
    if (this.#pending) this.#pending.set(key, null);
    else this.#write(key, null);
  }

  /** Writes durably at once, whether or not a transaction is open (and the open one sees the new value). */
  writeNow(key: string, value: Uint8Array): void {
    this.#write(key, value.slice());
    this.#pending?.delete(key);
  }

  begin(): void {
    this.#pending = new Map();
  }

  commit(): void {
    const pending = this.#pending;
    this.#pending = undefined;
    if (!pending) return;
    for (const [key, value] of pending) this.#write(key, value);
  }

  rollback(): void {
    this.#pending = undefined;
  }

  /** Committed entries, sorted by key (what a card image holds). */
  entries(): Array<[string, Uint8Array]> {
    return [...this.#committed.entries()]
      .sort(([a], [b]) => (a < b ? -1 : a > b ? 1 : 0))
      .map(([key, value]) => [key, value.slice()]);
  }

  #write(key: string, value: Uint8Array | null): void {
    if (value === null) this.#committed.delete(key);
    else this.#committed.set(key, value);
    this.#version++;
  }

  /** A view restricted to keys under `prefix` (one applet's namespace). */
  scoped(prefix: string): AppletStore {
    return {
      get: (key) => this.get(prefix + key),
      set: (key, value) => this.set(prefix + key, value),
      delete: (key) => this.delete(prefix + key),
      writeNow: (key, value) => this.writeNow(prefix + key, value),
      has: (key) => this.get(prefix + key) !== undefined,
    };
  }
}
