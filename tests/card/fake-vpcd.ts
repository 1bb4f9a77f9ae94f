/**
 * A fake vpcd for tests: a TCP server speaking vpcd's side of the protocol (it listens; the card side connects),
 * so that the bridge can be driven frame by frame, fed malformed frames, and cut off, without pcscd.
 */
import net from 'node:net';
import { encodeVpcdFrame } from '../../card/vpcd-frame.ts';

export interface FakeVpcdConnection {
  /** Sends one frame (control byte or command APDU). */
  send(payload: Uint8Array | number): void;
  /** Writes raw bytes, for malformed and split frames. */
  sendRaw(bytes: Uint8Array): void;
  /** The next response frame's payload; rejects if the connection closes first or after `timeoutMs`. */
  receive(timeoutMs?: number): Promise<Uint8Array>;
  /** Sends a command and awaits its response. */
  exchange(payload: Uint8Array | number): Promise<Uint8Array>;
  /** Resolves when the card side has closed the connection. */
  readonly closed: Promise<void>;
  end(): void;
}

export interface FakeVpcd {
  readonly port: number;
  /** The next connection from the card side (already made ones are queued). */
  nextConnection(timeoutMs?: number): Promise<FakeVpcdConnection>;
  /** How many connections have been accepted. */
  readonly accepted: number;
  /** Stops listening and ends every connection. */
  close(): Promise<void>;
}

export async function startFakeVpcd(port = 0): Promise<FakeVpcd> {
  const queue: FakeVpcdConnection[] = [];
  const waiters: Array<(c: FakeVpcdConnection) => void> = [];
  const sockets = new Set<net.Socket>();
  let accepted = 0;
  const server = net.createServer((socket) => {
    accepted++;
    sockets.add(socket);
    socket.on('close', () => sockets.delete(socket));
    const connection = wrap(socket);
    const waiter = waiters.shift();
    if (waiter) waiter(connection);
    else queue.push(connection);
  });
  await new Promise<void>((resolve) => server.listen(port, '127.0.0.1', resolve));
  return {
    port: (server.address() as net.AddressInfo).port,
    get accepted() {
      return accepted;
    },
    nextConnection(timeoutMs = 3000) {
      const ready = queue.shift();
      if (ready) return Promise.resolve(ready);
      return new Promise((resolve, reject) => {
        const timer = setTimeout(() => reject(new Error('no connection from the card side')), timeoutMs);
        waiters.push((c) => {
          clearTimeout(timer);
          resolve(c);
        });
      });
    },
    close() {
      for (const s of sockets) s.destroy();
      return new Promise((resolve) => server.close(() => resolve()));
    },
  };
}

function wrap(socket: net.Socket): FakeVpcdConnection {
  let pending = Buffer.alloc(0);
  const frames: Uint8Array[] = [];
  const readers: Array<{ resolve: (f: Uint8Array) => void; reject: (e: Error) => void }> = [];
  let ended = false;
  const closed = new Promise<void>((resolve) =>
    socket.on('close', () => {
      ended = true;
      for (const r of readers.splice(0)) r.reject(new Error('connection closed'));
      resolve();
    }),
  );
  socket.on('error', () => {});
  socket.on('data', (chunk: Buffer) => {
    pending = Buffer.concat([pending, chunk]);
    while (pending.length >= 2 && pending.length >= 2 + pending.readUInt16BE(0)) {
      const length = pending.readUInt16BE(0);
      const frame = Uint8Array.from(pending.subarray(2, 2 + length));
      pending = pending.subarray(2 + length);
      const reader = readers.shift();
      if (reader) reader.resolve(frame);
      else frames.push(frame);
    }
  });
  const toBytes = (p: Uint8Array | number): Uint8Array => (typeof p === 'number' ? Uint8Array.of(p) : p);
  const connection: FakeVpcdConnection = {
    send: (payload) => void socket.write(encodeVpcdFrame(toBytes(payload))),
    sendRaw: (bytes) => void socket.write(bytes),
    receive(timeoutMs = 2000) {
      const ready = frames.shift();
      if (ready) return Promise.resolve(ready);
      if (ended) return Promise.reject(new Error('connection closed'));
      return new Promise((resolve, reject) => {
        const timer = setTimeout(() => reject(new Error('no response frame')), timeoutMs);
        readers.push({
          resolve: (f) => (clearTimeout(timer), resolve(f)),
          reject: (e) => (clearTimeout(timer), reject(e)),
        });
      });
    },
    exchange(payload) {
      connection.send(payload);
      return connection.receive();
    },
    closed,
    end: () => void socket.destroy(),
  };
  return connection;
}
