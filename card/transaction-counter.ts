import type { TransactionCounter } from './applet.ts';
import type { PersistentStore } from './persistent-store.ts';

/** Largest value a 2-byte ATC can hold. See EMV 4.4 Book 3, Annex A (9F36, 2 bytes binary). */
export const ATC_MAX = 0xffff;

/**
 * An application transaction counter kept as 2 bytes big-endian under `key` in persistent memory. Increments
 * go through the command's transaction, so a torn command either counts fully or not at all. Once the counter
 * reaches `limit` it is exhausted and refuses to count (the card must then refuse transactions, never wrap).
 *
 * @remarks See EMV 4.4 Book 3, Annex A (Application Transaction Counter, tag 9F36) and Book 2, 8.1.
 */
export function createTransactionCounter(store: PersistentStore, key: string, limit = ATC_MAX): TransactionCounter {
  const read = (): number => {
    const bytes = store.get(key);
    return bytes && bytes.length === 2 ? (bytes[0]! << 8) | bytes[1]! : 0;
  };
  return {
    get value() {
      return read();
    },
    get exhausted() {
      return read() >= limit;
    },
    increment() {
      const next = read() + 1;
      if (next > limit) return undefined;
      store.set(key, Uint8Array.of(next >> 8, next & 0xff));
      return next;
    },
  };
}
