/**
 * Promise wrappers over the pcsclite module for the real-stack tests. libpcsclite reads PCSCLITE_CSOCK_NAME once
 * per process, at the first context: call `openPcsc(socketPath)` before anything else in the process talks PC/SC.
 */
import { createRequire } from 'node:module';

type PcscLite = ReturnType<typeof import('pcsclite')>;
type Reader = Parameters<Parameters<PcscLite['on']>[1]>[0] & { name: string };

export interface PcscSession {
  /** The reader named `name`, once pcscd lists it and reports a card in it. */
  readerWithCard(name: string, timeoutMs?: number): Promise<Reader>;
  connect(reader: Reader): Promise<number>;
  transmit(reader: Reader, capdu: Uint8Array, protocol: number): Promise<Buffer>;
  disconnect(reader: Reader, disposition: number): Promise<void>;
  close(): void;
}

export function openPcsc(socketPath: string): PcscSession {
  process.env['PCSCLITE_CSOCK_NAME'] = socketPath;
  const pcsc = (createRequire(import.meta.url)('pcsclite') as typeof import('pcsclite'))();
  const readers = new Map<string, Reader>();
  const present = new Set<string>();
  const waiters: Array<() => void> = [];
  const poke = (): void => void waiters.splice(0).forEach((w) => w());
  pcsc.on('error', () => {});
  pcsc.on('reader', (reader: Reader) => {
    readers.set(reader.name, reader);
    reader.on('error', () => {});
    reader.on('status', (status) => {
      if (status.state & reader.SCARD_STATE_PRESENT) present.add(reader.name);
      else present.delete(reader.name);
      poke();
    });
    reader.on('end', () => {
      readers.delete(reader.name);
      present.delete(reader.name);
    });
    poke();
  });
  const cb =
    <T>(resolve: (v: T) => void, reject: (e: unknown) => void) =>
    (error: unknown, value: T): void =>
      error ? reject(error) : resolve(value);
  return {
    async readerWithCard(name, timeoutMs = 5000) {
      const deadline = Date.now() + timeoutMs;
      for (;;) {
        const reader = readers.get(name);
        if (reader && present.has(name)) return reader;
        if (Date.now() > deadline) throw new Error(`no card in "${name}" (readers: ${[...readers.keys()].join(', ')})`);
        await new Promise<void>((resolve) => {
          waiters.push(resolve);
          setTimeout(resolve, 100);
        });
      }
    },
    connect: (reader) =>
      new Promise((resolve, reject) =>
        reader.connect({ share_mode: reader.SCARD_SHARE_SHARED }, cb(resolve, reject)),
      ),
    transmit: (reader, capdu, protocol) =>
      new Promise((resolve, reject) => reader.transmit(Buffer.from(capdu), 65538, protocol, cb(resolve, reject))),
    disconnect: (reader, disposition) =>
      new Promise((resolve, reject) => reader.disconnect(disposition, (error) => (error ? reject(error) : resolve()))),
    close() {
      for (const reader of readers.values()) reader.close();
      pcsc.close();
    },
  };
}
