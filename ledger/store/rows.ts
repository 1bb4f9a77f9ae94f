/** Reading driver values the same way on both back ends (`pg` returns int8 as text and bytea as Buffer). */

/** An int8/int4 column as a number (throws if it is not a safe integer). */
export function num(value: unknown): number {
  const n = typeof value === 'number' ? value : typeof value === 'bigint' ? Number(value) : Number(value as string);
  if (!Number.isSafeInteger(n)) throw new Error(`ledger store: ${String(value)} is not a safe integer`);
  return n;
}

/** A bytea column as a fresh Uint8Array. */
export function bin(value: unknown): Uint8Array {
  if (value instanceof Uint8Array) return new Uint8Array(value);
  throw new Error('ledger store: expected a bytea column');
}

/** A Uint8Array as a driver parameter (`pg` wants a Buffer for bytea). */
export const bytea = (bytes: Uint8Array): Buffer => Buffer.from(bytes.buffer, bytes.byteOffset, bytes.length);
