/**
 * An ESC/POS receipt printer on a serial port, over `serialport` 13. Jobs are written in small chunks, each drained,
 * so that cancellation and a vanished printer are noticed within one chunk. Status comes from DLE EOT queries
 * (printer, offline cause, paper sensor) before and after each job, when the profile's printer answers them.
 * Modem lines (DTR/RTS, CTS/DSR) are not used: pseudo-terminals and many USB adapters do not support them.
 */
import { SerialPort } from 'serialport';
import type { PrinterProfile } from '../../../hardware-profiles/profile.ts';
import { EscPos } from '../../print/escpos/escpos-commands.ts';
import { encodeReceipt } from '../../print/escpos/encode-receipt.ts';
import {
  OFFLINE_COVER_OPEN, OFFLINE_PAPER_END, PAPER_END, PAPER_NEAR_END, STATUS_OFFLINE, isStatusByte,
} from '../../print/escpos/printer-status-byte.ts';
import { HalError, throwIfAborted } from '../errors.ts';
import { assertPrinterReady, isRawJob, type PrintJob, type PrintOptions, type Printer, type PrinterStatus } from '../printer.ts';

export interface SerialPrinterOptions {
  /** Device path, e.g. /dev/ttyUSB0. */
  readonly path: string;
  readonly profile: PrinterProfile;
  /**
   * Whether the printer answers DLE EOT (default: the profile's `statusQueries`, else true); without, `status()`
   * reports ready and nothing is checked.
   */
  readonly statusQueries?: boolean;
  /** How long to wait for a status reply before `HAL_DEVICE_UNRESPONSIVE` (default 1 000 ms). */
  readonly replyTimeoutMs?: number;
  /** Bytes written per drained chunk (default 256). */
  readonly chunkBytes?: number;
}

const READY: PrinterStatus = { online: true, paperOut: false, paperNearEnd: false, coverOpen: false };

export class SerialPrinter implements Printer {
  readonly #port: SerialPort;
  readonly #options: SerialPrinterOptions;
  #gone: HalError | undefined;
  readonly #goneListeners = new Set<(e: HalError) => void>();
  #replies: number[] = [];
  #replyWaiter: (() => void) | undefined;
  #queue: Promise<unknown> = Promise.resolve();

  private constructor(port: SerialPort, options: SerialPrinterOptions) {
    this.#port = port;
    this.#options = options;
    port.on('data', (chunk: Buffer) => {
      for (const b of chunk) if (isStatusByte(b)) this.#replies.push(b);
      this.#replyWaiter?.();
    });
    port.on('close', (error: (Error & { disconnected?: boolean }) | null) => {
      this.#fail(new HalError('HAL_DISCONNECTED', `printer ${options.path}: ${error?.disconnected ? 'disconnected' : 'port closed'}`, { cause: error ?? undefined }));
    });
    port.on('error', (error: Error) => this.#fail(new HalError('HAL_DISCONNECTED', `printer ${options.path}: ${error.message}`, { cause: error })));
  }

  /** Opens the port at the profile's baud rate; `HAL_SERIAL_UNAVAILABLE` when it cannot be opened. */
  static async open(options: SerialPrinterOptions): Promise<SerialPrinter> {
    const port = new SerialPort({ path: options.path, baudRate: options.profile.serial.baudRate, autoOpen: false });
    await new Promise<void>((resolve, reject) => {
      port.open((error) => (error ? reject(new HalError('HAL_SERIAL_UNAVAILABLE', `printer ${options.path}: ${error.message}`, { cause: error })) : resolve()));
    });
    return new SerialPrinter(port, options);
  }

  print(job: PrintJob, options: PrintOptions = {}): Promise<void> {
    return this.#exclusive(async () => {
      throwIfAborted(options.signal, 'print');
      const bytes = isRawJob(job) ? job : encodeReceipt(job, this.#options.profile);
      assertPrinterReady(await this.#status(options.signal));
      const size = this.#options.chunkBytes ?? 256;
      for (let at = 0; at < bytes.length; at += size) {
        throwIfAborted(options.signal, 'print');
        await this.#write(bytes.subarray(at, at + size), options.signal);
      }
      // Paper may have run out, or the cover opened, while printing: the receipt is then incomplete.
      assertPrinterReady(await this.#status(options.signal));
    });
  }

  status(options: PrintOptions = {}): Promise<PrinterStatus> {
    return this.#exclusive(() => this.#status(options.signal));
  }

  async close(): Promise<void> {
    if (this.#gone || !this.#port.isOpen) return;
    this.#gone = new HalError('HAL_DISCONNECTED', 'printer: closed');
    await new Promise<void>((resolve) => this.#port.close(() => resolve()));
  }

  #fail(error: HalError): void {
    if (this.#gone) return;
    this.#gone = error;
    for (const listener of this.#goneListeners) listener(error);
  }

  #exclusive<T>(task: () => Promise<T>): Promise<T> {
    const run = this.#queue.then(task, task);
    this.#queue = run.catch(() => undefined);
    return run;
  }

  /** Settles with `work`, or rejects when the port goes away or the signal fires first. */
  #guarded<T>(work: (settle: (error?: Error | null, value?: T) => void) => void, signal: AbortSignal | undefined, what: string): Promise<T> {
    if (this.#gone) return Promise.reject(this.#gone);
    return new Promise<T>((resolve, reject) => {
      const done = (): void => {
        this.#goneListeners.delete(onGone);
        signal?.removeEventListener('abort', onAbort);
      };
      const onGone = (error: HalError): void => (done(), reject(error));
      const onAbort = (): void => (done(), reject(new HalError('HAL_CANCELED', `${what} canceled`, { cause: signal?.reason })));
      this.#goneListeners.add(onGone);
      signal?.addEventListener('abort', onAbort, { once: true });
      work((error, value) => {
        done();
        if (error) reject(this.#gone ?? new HalError('HAL_DISCONNECTED', `${what}: ${error.message}`, { cause: error }));
        else resolve(value as T);
      });
    });
  }

  #write(bytes: Uint8Array, signal: AbortSignal | undefined): Promise<void> {
    return this.#guarded<void>((settle) => {
      this.#port.write(Buffer.from(bytes), (error) => {
        if (error) settle(error);
        else this.#port.drain((e) => settle(e));
      });
    }, signal, 'print');
  }

  async #query(n: 1 | 2 | 4, signal: AbortSignal | undefined): Promise<number> {
    this.#replies = [];
    await this.#write(EscPos.statusQuery(n), signal);
    const timeoutMs = this.#options.replyTimeoutMs ?? 1_000;
    return this.#guarded<number>((settle) => {
      const timer = setTimeout(() => {
        this.#replyWaiter = undefined;
        settle(null, -1);
      }, timeoutMs);
      const check = (): void => {
        const b = this.#replies.shift();
        if (b === undefined) return;
        clearTimeout(timer);
        this.#replyWaiter = undefined;
        settle(null, b);
      };
      this.#replyWaiter = check;
      check();
    }, signal, 'printer status').then((b) => {
      if (b < 0) throw new HalError('HAL_DEVICE_UNRESPONSIVE', `printer ${this.#options.path}: no answer to DLE EOT ${n} within ${timeoutMs} ms`);
      return b;
    });
  }

  async #status(signal: AbortSignal | undefined): Promise<PrinterStatus> {
    if ((this.#options.statusQueries ?? this.#options.profile.statusQueries) === false) {
      if (this.#gone) throw this.#gone;
      return READY;
    }
    // See printer-status-byte.ts for the bits of each reply.
    const printer = await this.#query(1, signal);
    const cause = await this.#query(2, signal);
    const paper = await this.#query(4, signal);
    return {
      online: (printer & STATUS_OFFLINE) === 0,
      coverOpen: (cause & OFFLINE_COVER_OPEN) !== 0,
      paperOut: (cause & OFFLINE_PAPER_END) !== 0 || (paper & PAPER_END) === PAPER_END,
      paperNearEnd: (paper & PAPER_NEAR_END) !== 0,
    };
  }
}
