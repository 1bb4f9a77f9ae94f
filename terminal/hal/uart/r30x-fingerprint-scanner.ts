/**
 * An R30x / AS608 optical fingerprint module over a serial port. The module extracts its own template format
 * (a 512-byte character file), not ISO/IEC 19794-2, so captures say `vendor-template` and the capture policy sends
 * the cardholder to the PIN with that reason. Quality is pass/fail: the module refuses poor images itself.
 *
 * Capture follows the enrolment/verification flow of the R30x and AS608 user manuals ("Module instruction system":
 * GenImg, Img2Tz, UpChar): GenImg is repeated until a finger is on the sensor (confirmation 02 means none yet),
 * Img2Tz turns the image into a character file in CharBuffer 1 (06 too messy, 07 too few features: ask again),
 * UpChar sends that buffer as data packets after its acknowledgement.
 *
 * The protocol has no sequence numbers, so commands run strictly one after another: a canceled capture returns at
 * once but its command still runs to its acknowledgement (or a packet timeout) before the next command is sent.
 * A packet corrupted on the line is dropped by the parser, which resynchronises on the next header; the command
 * is then sent again (once), as it is for a module that reports 01 (packet error).
 */
import { DEFAULT_SCANNER_PACKET_TIMEOUT_MS, type FingerprintScannerProfile } from '../../../hardware-profiles/profile.ts';
import { HalError } from '../errors.ts';
import {
  DEFAULT_CAPTURE_TIMEOUT_MS,
  PASS_QUALITY,
  type CaptureOptions,
  type FingerprintCapture,
  type FingerprintScanner,
  type FingerprintScannerInfo,
} from '../fingerprint-scanner.ts';
import { describeConfirmation, R30X_CONFIRM as C, R30X_INSTRUCTION as I, R30X_PACKET_SIZES } from './r30x-codes.ts';
import { encodeR30xPacket, R30X_DEFAULT_ADDRESS, R30X_PID, R30xPacketParser, type R30xPacket } from './r30x-packet.ts';
import { openSerialPort, writeSerial, type SerialStream } from './serial-stream.ts';

export interface R30xFingerprintScannerOptions {
  readonly profile: FingerprintScannerProfile;
  /** An open port (a real `SerialPort`, a `SerialPortMock`...). */
  readonly port: SerialStream;
  /** Module address (default 0xFFFFFFFF). */
  readonly address?: number;
  /** Pause between two GenImg polls while no finger is on the sensor (default 100 ms). */
  readonly pollMs?: number;
  readonly signal?: AbortSignal;
}

/** One acknowledged command: the confirmation code, the rest of the acknowledgement, data packets if any. */
interface Reply {
  readonly confirm: number;
  readonly params: Uint8Array;
  readonly data?: Uint8Array;
}

/** Line statistics (for diagnostics and tests). */
export interface R30xLineStats {
  discarded: number;
  checksumErrors: number;
  retries: number;
}

class Corrupt extends Error {}

const MAX_DATA_BYTES = 64 * 1024;

/** The R30x driver. Create with `R30xFingerprintScanner.open` (an open port) or `openPath` (a device path). */
export class R30xFingerprintScanner implements FingerprintScanner {
  readonly stats: R30xLineStats = { discarded: 0, checksumErrors: 0, retries: 0 };
  private readonly parser = new R30xPacketParser();
  private inbox: R30xPacket[] = [];
  private waiter: (() => void) | undefined;
  private queue: Promise<unknown> = Promise.resolve();
  private busy = false;
  private gone: HalError | undefined;
  private readonly packetTimeoutMs: number;
  private readonly address: number;
  private readonly onData = (chunk: Buffer): void => {
    const result = this.parser.push(chunk);
    this.stats.discarded += result.discarded;
    this.stats.checksumErrors += result.checksumErrors;
    this.inbox.push(...result.packets);
    if (result.packets.length > 0 || result.checksumErrors > 0) this.waiter?.();
  };
  private readonly onClose = (error?: (Error & { disconnected?: boolean }) | null): void => {
    this.gone ??= new HalError('HAL_DISCONNECTED', `R30x module disconnected${error ? `: ${error.message}` : ''}`, { cause: error });
    this.waiter?.();
  };
  private readonly onError = (error: Error): void => this.onClose(error);

  private constructor(
    private readonly port: SerialStream,
    readonly profile: FingerprintScannerProfile,
    address: number | undefined,
    private readonly pollMs: number,
    public info: FingerprintScannerInfo,
  ) {
    this.packetTimeoutMs = profile.packetTimeoutMs ?? DEFAULT_SCANNER_PACKET_TIMEOUT_MS;
    this.address = address ?? R30X_DEFAULT_ADDRESS;
    port.on('data', this.onData);
    port.on('close', this.onClose);
    port.on('error', this.onError);
  }

  /** Takes over an open port and reads the module's parameters (ReadSysPara). */
  static async open(options: R30xFingerprintScannerOptions): Promise<R30xFingerprintScanner> {
    const { profile } = options;
    if (profile.transport !== 'uart' || profile.yields !== 'vendor-template') {
      throw new HalError('HAL_INTERNAL', `profile ${profile.id} is not an R30x (UART, vendor-template) profile`);
    }
    const info: FingerprintScannerInfo = { profileId: profile.id, transport: 'uart', yields: 'vendor-template', resolutionDpi: profile.resolutionDpi };
    const scanner = new R30xFingerprintScanner(options.port, profile, options.address, options.pollMs ?? 100, info);
    try {
      // See the manuals, ReadSysPara: status register, system id, library size, security level, address, packet size, baud.
      const reply = await scanner.command(Uint8Array.of(I.READ_SYS_PARA), false, 'read system parameters', options.signal);
      if (reply.confirm !== C.OK || reply.params.length < 16) throw scanner.deviceError(reply, 'read system parameters');
      const p = reply.params;
      const library = (p[4]! << 8) | p[5]!;
      const security = (p[6]! << 8) | p[7]!;
      const packetSize = R30X_PACKET_SIZES[(p[12]! << 8) | p[13]!] ?? 0;
      scanner.info = { ...info, description: `R30x/AS608 module: library ${library}, security level ${security}, data packets of ${packetSize} bytes` };
      return scanner;
    } catch (error) {
      await scanner.close();
      throw error;
    }
  }

  /** Opens the serial port at `path` at the profile's baud rate, then `open`. */
  static async openPath(options: Omit<R30xFingerprintScannerOptions, 'port'> & { readonly path: string }): Promise<R30xFingerprintScanner> {
    const baudRate = options.profile.serial?.baudRate ?? 57_600;
    return R30xFingerprintScanner.open({ ...options, port: await openSerialPort(options.path, baudRate) });
  }

  async capture(options: CaptureOptions): Promise<FingerprintCapture> {
    if (this.gone) throw this.gone;
    if (this.busy) throw new HalError('HAL_SHARING_VIOLATION', 'R30x module is already capturing');
    this.busy = true;
    try {
      const timeoutMs = options.timeoutMs ?? DEFAULT_CAPTURE_TIMEOUT_MS;
      const deadline = Date.now() + timeoutMs;
      for (;;) {
        const img = await this.command(Uint8Array.of(I.GEN_IMG), false, 'GenImg', options.signal);
        if (img.confirm === C.OK) break;
        if (img.confirm === C.ENROLL_FAIL || img.confirm === C.NO_VALID_IMAGE) return { format: 'vendor-template', quality: 10, rejected: 'too-messy' };
        if (img.confirm !== C.NO_FINGER) throw this.deviceError(img, 'GenImg');
        if (Date.now() + this.pollMs > deadline) throw new HalError('HAL_TIMEOUT', `no finger on the R30x module within ${timeoutMs} ms`);
        await this.pause(this.pollMs, options.signal);
      }
      const tz = await this.command(Uint8Array.of(I.IMG_2_TZ, 1), false, 'Img2Tz', options.signal);
      if (tz.confirm === C.IMAGE_TOO_MESSY || tz.confirm === C.NO_VALID_IMAGE) return { format: 'vendor-template', quality: 10, rejected: 'too-messy' };
      if (tz.confirm === C.TOO_FEW_FEATURES) return { format: 'vendor-template', quality: 20, rejected: 'too-few-features' };
      if (tz.confirm !== C.OK) throw this.deviceError(tz, 'Img2Tz');
      const up = await this.command(Uint8Array.of(I.UP_CHAR, 1), true, 'UpChar', options.signal);
      if (up.confirm !== C.OK || !up.data || up.data.length === 0) throw this.deviceError(up, 'UpChar');
      return { format: 'vendor-template', template: up.data, quality: PASS_QUALITY };
    } finally {
      this.busy = false;
    }
  }

  async close(): Promise<void> {
    const wasGone = this.gone;
    this.gone ??= new HalError('HAL_DISCONNECTED', 'R30x module is closed');
    this.waiter?.();
    this.port.removeListener('data', this.onData);
    this.port.removeListener('close', this.onClose);
    if (!wasGone && this.port.isOpen) await new Promise<void>((resolve) => this.port.close(() => resolve()));
    this.port.removeListener('error', this.onError);
  }

  private deviceError(reply: Reply, what: string): HalError {
    if (reply.confirm === C.PACKET_ERROR) return new HalError('HAL_FRAME_MALFORMED', `R30x ${what}: the module kept receiving a corrupted packet`);
    return new HalError('HAL_DEVICE_ERROR', `R30x ${what} answered ${describeConfirmation(reply.confirm)}`);
  }

  /** An abortable pause between polls. */
  private pause(ms: number, signal?: AbortSignal): Promise<void> {
    return this.race(new Promise((resolve) => setTimeout(resolve, ms)), signal, 'capture');
  }

  /** Runs one command after those before it; the caller may stop waiting (signal), the command still completes. */
  private command(contents: Uint8Array, expectData: boolean, what: string, signal?: AbortSignal): Promise<Reply> {
    if (signal?.aborted) return Promise.reject(new HalError('HAL_CANCELED', `R30x ${what} canceled`, { cause: signal.reason }));
    const run = this.queue.then(() => this.transact(contents, expectData, what));
    this.queue = run.catch(() => {});
    return this.race(run, signal, what);
  }

  private race<T>(work: Promise<T>, signal: AbortSignal | undefined, what: string): Promise<T> {
    if (!signal) return work;
    return new Promise<T>((resolve, reject) => {
      const onAbort = (): void => reject(new HalError('HAL_CANCELED', `R30x ${what} canceled`, { cause: signal.reason }));
      if (signal.aborted) return onAbort();
      signal.addEventListener('abort', onAbort, { once: true });
      work.then(resolve, reject).finally(() => signal.removeEventListener('abort', onAbort));
    });
  }

  private async transact(contents: Uint8Array, expectData: boolean, what: string): Promise<Reply> {
    for (let attempt = 1; ; attempt++) {
      if (this.gone) throw this.gone;
      this.inbox = []; // stale packets of an earlier command never answer this one
      await writeSerial(this.port, encodeR30xPacket({ address: this.address, pid: R30X_PID.COMMAND, contents }), `R30x ${what}`);
      try {
        const ack = await this.nextPacket(what);
        if (ack.pid !== R30X_PID.ACK || ack.contents.length === 0) throw new HalError('HAL_FRAME_MALFORMED', `R30x ${what}: expected an acknowledgement, got packet id ${ack.pid}`);
        const reply = { confirm: ack.contents[0]!, params: ack.contents.slice(1) };
        if (reply.confirm === C.PACKET_ERROR && attempt < 2) throw new Corrupt();
        if (!expectData || reply.confirm !== C.OK) return reply;
        return { ...reply, data: await this.readData(what) };
      } catch (error) {
        if (!(error instanceof Corrupt)) throw error;
        if (attempt >= 2) throw new HalError('HAL_FRAME_MALFORMED', `R30x ${what}: corrupted packets on the line, twice`);
        this.stats.retries++;
        await this.settle();
      }
    }
  }

  /** Lets the rest of a corrupted exchange drain before the command is sent again. */
  private async settle(): Promise<void> {
    await new Promise((resolve) => setTimeout(resolve, Math.min(50, this.packetTimeoutMs)));
    this.parser.reset();
  }

  /** Data packets (02) up to the end-of-data packet (08), concatenated. */
  private async readData(what: string): Promise<Uint8Array> {
    const parts: Uint8Array[] = [];
    let size = 0;
    for (;;) {
      const packet = await this.nextPacket(what);
      if (packet.pid !== R30X_PID.DATA && packet.pid !== R30X_PID.END_DATA) throw new HalError('HAL_FRAME_MALFORMED', `R30x ${what}: expected a data packet, got packet id ${packet.pid}`);
      size += packet.contents.length;
      if (size > MAX_DATA_BYTES) throw new HalError('HAL_FRAME_MALFORMED', `R30x ${what}: more than ${MAX_DATA_BYTES} data bytes`);
      parts.push(packet.contents);
      if (packet.pid === R30X_PID.END_DATA) break;
    }
    const out = new Uint8Array(size);
    let at = 0;
    for (const part of parts) {
      out.set(part, at);
      at += part.length;
    }
    return out;
  }

  /** The next packet for this module; `Corrupt` if one was lost to a checksum error; typed errors otherwise. */
  private nextPacket(what: string): Promise<R30xPacket> {
    const errorsBefore = this.stats.checksumErrors;
    return new Promise((resolve, reject) => {
      const check = (): void => {
        const packet = this.inbox.shift();
        if (packet && packet.address !== this.address) return finish(new HalError('HAL_FRAME_MALFORMED', `R30x ${what}: packet from address ${packet.address.toString(16)}`));
        if (packet) return finish(undefined, packet);
        if (this.gone) return finish(this.gone);
        if (this.stats.checksumErrors > errorsBefore) return finish(new Corrupt());
      };
      const finish = (error: Error | undefined, packet?: R30xPacket): void => {
        clearTimeout(timer);
        this.waiter = undefined;
        if (error) reject(error);
        else resolve(packet!);
      };
      const timer = setTimeout(() => finish(new HalError('HAL_DEVICE_UNRESPONSIVE', `R30x ${what}: no packet within ${this.packetTimeoutMs} ms`)), this.packetTimeoutMs);
      this.waiter = check;
      check();
    });
  }
}
