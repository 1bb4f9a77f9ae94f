/**
 * The real card reader: PC/SC through the `pcsclite` npm module (loaded lazily; an optional dependency). Watches
 * readers and cards through pcsclite's status events, and survives pcscd going away: pending calls fail at once
 * with `HAL_DISCONNECTED`, and a new pcsclite context (an old one never sees readers again) is made with back-off
 * until pcscd answers, when the readers are reported again with `reader-added`.
 */
import type { CardReader, ConnectOptions, ReaderEvent, ReaderStatus } from '../card-reader.ts';
import { waitForCardState } from '../card-reader-waits.ts';
import { HalError, throwIfAborted } from '../errors.ts';
import { createPcscConnection, type PcscConnection } from './pcsc-connection.ts';
import { halErrorFromPcsc, isServiceLost } from './pcsc-errors.ts';
import { loadPcsclite, type NativeContext, type NativeReader } from './pcsclite-binding.ts';
import { createPcscReaderWatch, type PcscReaderWatch } from './pcsc-reader-watch.ts';

export interface PcscCardReaderOptions {
  /** First delay before making a new context after pcscd went away, doubled up to `retryMaxMs` (default 50). */
  readonly retryInitialMs?: number;
  /** Longest delay between attempts to reach pcscd again (default 400). */
  readonly retryMaxMs?: number;
  /** Receive buffer for SCardTransmit (default 65 538: an extended response of 65 536 bytes and SW1 SW2). */
  readonly receiveBufferSize?: number;
  /** Longest wait at creation for the first reader list and reader states (default 2000 ms). */
  readonly startupTimeoutMs?: number;
  /** Replaces `import('pcsclite')` (tests). */
  readonly load?: () => Promise<unknown>;
}

/** The PC/SC reader subsystem. */
export interface PcscCardReader extends CardReader {
  /** Whether pcscd is reachable now (false while it is down and being reconnected). */
  readonly serviceAvailable: boolean;
}

/**
 * Loads pcsclite and opens the PC/SC subsystem; resolves once the first reader list and states are in (or after
 * `startupTimeoutMs`, pcscd unreachable, still retrying in the background). Fails with `HAL_PCSC_UNAVAILABLE`
 * when pcsclite cannot be loaded. While pcscd is down, `listReaders()` gives no reader and calls that need it
 * fail with `HAL_DISCONNECTED`. `libpcsclite` reads `PCSCLITE_CSOCK_NAME` once, at its first context in a process.
 */
export async function createPcscCardReader(options: PcscCardReaderOptions = {}): Promise<PcscCardReader> {
  const factory = await loadPcsclite(options.load);
  const retryInitialMs = options.retryInitialMs ?? 50;
  const retryMaxMs = options.retryMaxMs ?? 400;
  const receiveBufferSize = options.receiveBufferSize ?? 65_538;
  const lifetime = new AbortController();
  const listeners = new Set<(event: ReaderEvent) => void>();
  const connections = new Set<PcscConnection>();
  let watch: PcscReaderWatch | undefined;
  let retryMs = retryInitialMs;
  let retryTimer: NodeJS.Timeout | undefined;
  let firstList: () => void = () => {};
  const listed = new Promise<void>((resolve) => (firstList = resolve));

  const emit = (event: ReaderEvent): void => {
    for (const listener of [...listeners]) {
      try {
        listener(event);
      } catch (error) {
        process.emitWarning(`PcscCardReader listener threw on ${event.type}: ${String(error)}`);
      }
    }
  };

  const lost = (cause: unknown): void => {
    const dead = watch;
    if (!dead || lifetime.signal.aborted) return;
    watch = undefined;
    const error = halErrorFromPcsc(cause, 'the PC/SC service went away');
    for (const connection of [...connections]) connection.kill(new HalError('HAL_DISCONNECTED', error.message));
    dead.close(); // emits card-removed and reader-removed for every reader it knew
    schedule();
  };

  const open = (): void => {
    if (lifetime.signal.aborted) return;
    let context: NativeContext;
    try {
      context = factory();
    } catch {
      firstList(); // pcscd is not there: creation need not wait for a list
      retryMs = Math.min(retryMs * 2, retryMaxMs);
      return schedule();
    }
    retryMs = retryInitialMs;
    watch = createPcscReaderWatch(context, { emit, lost: (cause) => lost(cause), listed: () => firstList() });
  };
  const schedule = (): void => {
    if (lifetime.signal.aborted) return;
    clearTimeout(retryTimer);
    retryTimer = setTimeout(open, retryMs);
  };

  const alive = (what: string): PcscReaderWatch => {
    if (lifetime.signal.aborted) throw new HalError('HAL_DISCONNECTED', `${what}: the card reader is closed`);
    if (!watch) throw new HalError('HAL_DISCONNECTED', `${what}: the PC/SC service is not reachable (retrying)`);
    return watch;
  };

  const reader: PcscCardReader = {
    get serviceAvailable() {
      return watch !== undefined;
    },

    async listReaders() {
      if (lifetime.signal.aborted) throw new HalError('HAL_DISCONNECTED', 'listReaders: the card reader is closed');
      return watch ? watch.names() : [];
    },

    async status(name): Promise<ReaderStatus> {
      const entry = await alive('status').settled(name);
      alive('status');
      return entry.present ? { reader: name, cardPresent: true, atr: entry.atr } : { reader: name, cardPresent: false };
    },

    onEvent(listener) {
      if (lifetime.signal.aborted) throw new HalError('HAL_DISCONNECTED', 'onEvent: the card reader is closed');
      listeners.add(listener);
      for (const event of watch?.snapshot() ?? []) listener(event);
      return () => void listeners.delete(listener);
    },

    waitForCard(name, wait) {
      return waitForCardState({ ...reader, closed: lifetime.signal }, name, 'present', wait);
    },

    async waitForCardRemoval(name, wait) {
      await waitForCardState({ ...reader, closed: lifetime.signal }, name, 'absent', wait);
    },

    async connect(name, connect: ConnectOptions = {}) {
      const current = alive('connect');
      const entry = await current.settled(name);
      throwIfAborted(connect.signal, 'connect');
      const template = entry.native;
      const NativeReaderClass = template.constructor as new (readerName: string) => NativeReader;
      const native = new NativeReaderClass(name);
      native.on('error', () => {}); // its status thread's errors; the watch reports service loss
      native.on('end', () => {});
      // Start its status thread and let it settle: closing the object later is then safe and prompt.
      await new Promise<void>((resolve) => native.get_status(() => resolve()));
      const accepted = connect.protocols ?? ['T0', 'T1'];
      const mask =
        (accepted.includes('T0') ? template.SCARD_PROTOCOL_T0 : 0) | (accepted.includes('T1') ? template.SCARD_PROTOCOL_T1 : 0);
      const share = connect.share ?? 'exclusive';
      let connection: PcscConnection | undefined;
      const ending = { onEnd: () => connection && connections.delete(connection) };
      try {
        alive('connect');
        const shareMode = share === 'shared' ? template.SCARD_SHARE_SHARED : template.SCARD_SHARE_EXCLUSIVE;
        const protocolNumber = await new Promise<number>((resolve, reject) => {
          native.connect({ share_mode: shareMode, protocol: mask }, (error, protocol) =>
            error ? reject(halErrorFromPcsc(error, `connect to ${name}`)) : resolve(protocol),
          );
        });
        connection = createPcscConnection({
          native,
          share,
          protocolMask: mask,
          protocolNumber,
          atr: () => current.entry(name)?.atr ?? entry.atr ?? new Uint8Array(0),
          receiveBufferSize,
          onEnd: () => ending.onEnd(),
        });
        connections.add(connection);
        if (connect.signal?.aborted || watch !== current) {
          await connection.disconnect('leave');
          alive('connect');
          throwIfAborted(connect.signal, 'connect');
        }
        return connection;
      } catch (error) {
        if (!connection) native.close();
        if (error instanceof HalError && error.code === 'HAL_DISCONNECTED' && isServiceLost(error.cause)) lost(error.cause);
        throw error;
      }
    },

    async close() {
      if (lifetime.signal.aborted) return;
      clearTimeout(retryTimer);
      await Promise.all([...connections].map((connection) => connection.disconnect('leave')));
      lifetime.abort();
      listeners.clear();
      for (const connection of [...connections]) connection.kill(new HalError('HAL_DISCONNECTED', 'the card reader was closed'));
      watch?.close();
      watch = undefined;
      firstList();
    },
  };

  open();
  const startup = options.startupTimeoutMs ?? 2_000;
  let startupTimer: NodeJS.Timeout | undefined;
  await Promise.race([listed, new Promise<void>((resolve) => (startupTimer = setTimeout(resolve, startup)))]);
  clearTimeout(startupTimer);
  return reader;
}
