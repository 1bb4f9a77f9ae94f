/**
 * A fingerprint scanner over USB HID, speaking Kart's generic report protocol (`HID-SCANNER.md`) through
 * node-hid's `HIDAsync` surface (`hid-device.ts`). Report ids, lengths, command codes and the packet timeout come
 * from the hardware profile. Every wait is a short `read(timeOut)` slice, so an AbortSignal, `close()` or a silent
 * device is noticed within one slice; nothing the device sends can crash or hang the driver.
 */
import {
  DEFAULT_HID_SCANNER_COMMANDS,
  DEFAULT_SCANNER_PACKET_TIMEOUT_MS,
  type FingerprintScannerProfile,
  type HidReportLayout,
  type HidScannerCommands,
} from '../../../hardware-profiles/profile.ts';
import { HalError } from '../errors.ts';
import {
  DEFAULT_CAPTURE_TIMEOUT_MS,
  type CaptureOptions,
  type CaptureRejection,
  type FingerprintCapture,
  type FingerprintScanner,
  type FingerprintScannerInfo,
} from '../fingerprint-scanner.ts';
import { openNodeHidDevice, type HidDevice, type OpenHidDevice } from './hid-device.ts';
import {
  decodeCaptureData,
  decodeResponseReport,
  encodeCommandReport,
  HID_FORMAT,
  HID_PURPOSE,
  HID_STATUS,
  ResponseAssembler,
} from './hid-scanner-protocol.ts';

export interface HidFingerprintScannerOptions {
  readonly profile: FingerprintScannerProfile;
  /** Opens the device (default: node-hid, first device with the profile's USB ids). */
  readonly open?: OpenHidDevice;
  readonly signal?: AbortSignal;
  /** Length of one read wait in ms (default 50): the latency of noticing an abort or a close. */
  readonly readSliceMs?: number;
}

/** One complete response: its status and reassembled data. */
interface Response {
  readonly status: number;
  readonly data: Uint8Array;
}

const REJECTIONS: Readonly<Record<number, CaptureRejection>> = { 1: 'too-messy', 2: 'too-few-features', 3: 'low-quality' };
const FORMAT_NAMES = new Map(Object.entries(HID_FORMAT).map(([name, code]) => [code, name]));

/** The generic HID fingerprint scanner driver. Create with `HidFingerprintScanner.open`. */
export class HidFingerprintScanner implements FingerprintScanner {
  private seq = 0;
  private busy = false;
  private closed = false;
  private readonly commands: HidScannerCommands;
  private readonly packetTimeoutMs: number;
  private readonly command: HidReportLayout;
  private readonly response: HidReportLayout;

  private constructor(
    private readonly device: HidDevice,
    private readonly profile: FingerprintScannerProfile,
    private readonly readSliceMs: number,
    public info: FingerprintScannerInfo,
  ) {
    this.commands = profile.hidCommands ?? DEFAULT_HID_SCANNER_COMMANDS;
    this.packetTimeoutMs = profile.packetTimeoutMs ?? DEFAULT_SCANNER_PACKET_TIMEOUT_MS;
    this.command = profile.reports!.command;
    this.response = profile.reports!.response;
  }

  /** Opens the device and asks who it is (GET_INFO); the device must yield what the profile says. */
  static async open(options: HidFingerprintScannerOptions): Promise<HidFingerprintScanner> {
    const { profile } = options;
    if (profile.transport !== 'hid' || !profile.reports) throw new HalError('HAL_INTERNAL', `profile ${profile.id} is not a HID scanner profile`);
    const device = await (options.open ?? openNodeHidDevice())(profile);
    const info: FingerprintScannerInfo = { profileId: profile.id, transport: 'hid', yields: profile.yields, resolutionDpi: profile.resolutionDpi };
    const scanner = new HidFingerprintScanner(device, profile, options.readSliceMs ?? 50, info);
    try {
      const reply = await scanner.exchange(scanner.commands.getInfo, new Uint8Array(0), 'get info', options.signal);
      if (reply.status !== HID_STATUS.OK || reply.data.length < 4) throw scanner.statusError(reply, 'get info');
      const yields = FORMAT_NAMES.get(reply.data[1]!);
      if (yields !== profile.yields) {
        throw new HalError('HAL_DEVICE_ERROR', `HID scanner yields ${yields ?? `format ${reply.data[1]}`}, profile ${profile.id} says ${profile.yields}`);
      }
      const description = new TextDecoder('utf-8', { fatal: false }).decode(reply.data.subarray(4)).slice(0, 120);
      scanner.info = { ...info, resolutionDpi: (reply.data[2]! << 8) | reply.data[3]!, ...(description ? { description } : {}) };
      return scanner;
    } catch (error) {
      await device.close().catch(() => {});
      throw error;
    }
  }

  async capture(options: CaptureOptions): Promise<FingerprintCapture> {
    if (this.closed) throw new HalError('HAL_DISCONNECTED', 'HID scanner is closed');
    if (this.busy) throw new HalError('HAL_SHARING_VIOLATION', 'HID scanner is already capturing');
    this.busy = true;
    try {
      const timeoutMs = options.timeoutMs ?? DEFAULT_CAPTURE_TIMEOUT_MS;
      const units = Math.min(0xffff, Math.ceil(timeoutMs / 100));
      const payload = Uint8Array.of(HID_PURPOSE[options.purpose], units >> 8, units & 0xff);
      // The device ends the wait itself (NO_FINGER); the driver's own limit adds one packet timeout for slack.
      const deadline = Date.now() + timeoutMs + this.packetTimeoutMs;
      const reply = await this.exchange(this.commands.capture, payload, 'capture', options.signal, deadline);
      switch (reply.status) {
        case HID_STATUS.OK: {
          const data = decodeCaptureData(reply.data);
          if (data.format !== this.profile.yields) throw new HalError('HAL_FRAME_MALFORMED', `HID scanner sent ${data.format}, profile says ${this.profile.yields}`);
          return { format: data.format, quality: data.quality, ...(data.template ? { template: data.template } : {}), ...(data.image ? { image: data.image } : {}) };
        }
        case HID_STATUS.NO_FINGER:
          throw new HalError('HAL_TIMEOUT', `no finger on the scanner within ${timeoutMs} ms`);
        case HID_STATUS.REJECTED: {
          const rejected = REJECTIONS[reply.data[0] ?? 0];
          const quality = reply.data[1] ?? 0;
          if (!rejected || reply.data.length !== 2 || quality > 100) throw new HalError('HAL_FRAME_MALFORMED', 'HID scanner sent a malformed rejection');
          return { format: this.profile.yields, quality, rejected };
        }
        default:
          throw this.statusError(reply, 'capture');
      }
    } finally {
      this.busy = false;
    }
  }

  async close(): Promise<void> {
    if (this.closed) return;
    this.closed = true;
    await this.device.close().catch(() => {});
  }

  private statusError(reply: Response, what: string): HalError {
    const hex = `0x${reply.status.toString(16).padStart(2, '0')}`;
    switch (reply.status) {
      case HID_STATUS.BAD_COMMAND:
        return new HalError('HAL_FRAME_MALFORMED', `HID scanner refused the ${what} command (detail ${reply.data[0] ?? '-'})`);
      case HID_STATUS.SENSOR_FAULT:
      case HID_STATUS.BUSY:
      case HID_STATUS.ABORTED:
        return new HalError('HAL_DEVICE_ERROR', `HID scanner answered ${what} with status ${hex}`);
      default:
        return new HalError('HAL_FRAME_MALFORMED', `HID scanner answered ${what} with unknown status ${hex}`);
    }
  }

  /** Sends one command and waits for its complete response, skipping keep-alives and stale reports. */
  private async exchange(cmd: number, payload: Uint8Array, what: string, signal?: AbortSignal, deadline?: number): Promise<Response> {
    if (signal?.aborted) throw new HalError('HAL_CANCELED', `HID scanner ${what} canceled`, { cause: signal.reason });
    const seq = this.nextSeq();
    await this.send(cmd, seq, payload, what);
    const assembler = new ResponseAssembler();
    let lastHeard = Date.now();
    for (;;) {
      if (this.closed) throw new HalError('HAL_DISCONNECTED', `HID scanner closed during ${what}`);
      if (signal?.aborted) {
        await this.abort();
        throw new HalError('HAL_CANCELED', `HID scanner ${what} canceled`, { cause: signal.reason });
      }
      const now = Date.now();
      if (deadline !== undefined && now > deadline) {
        await this.abort();
        throw new HalError('HAL_TIMEOUT', `HID scanner ${what}: no answer by the deadline`);
      }
      if (now - lastHeard > this.packetTimeoutMs) {
        throw new HalError('HAL_DEVICE_UNRESPONSIVE', `HID scanner silent for ${now - lastHeard} ms during ${what}`);
      }
      const report = await this.readReport(what);
      if (!report) continue;
      const r = decodeResponseReport(report);
      if (r.seq !== seq) continue; // a late report of an earlier, abandoned command
      lastHeard = Date.now();
      if (r.status === HID_STATUS.WAITING) continue;
      const data = assembler.add(r);
      if (data) return { status: r.status, data };
    }
  }

  /** Tells the device to stop; waits one packet timeout at most for its acknowledgement, swallowing faults. */
  private async abort(): Promise<void> {
    try {
      const seq = this.nextSeq();
      await this.send(this.commands.abort, seq, new Uint8Array(0), 'abort');
      const until = Date.now() + this.packetTimeoutMs;
      while (Date.now() < until && !this.closed) {
        const report = await this.readReport('abort');
        if (report && decodeResponseReport(report).seq === seq) return;
      }
    } catch {
      // The abort is best effort: the caller's error says what happened.
    }
  }

  private nextSeq(): number {
    this.seq = (this.seq % 255) + 1;
    return this.seq;
  }

  private async send(cmd: number, seq: number, payload: Uint8Array, what: string): Promise<void> {
    const data = encodeCommandReport(this.command.length, cmd, seq, payload);
    const report = Buffer.alloc(data.length + 1);
    report[0] = this.command.reportId;
    report.set(data, 1);
    try {
      await this.device.write(report);
    } catch (error) {
      if (error instanceof HalError) throw error; // a replay's divergence keeps its own code
      throw new HalError('HAL_DISCONNECTED', `HID scanner write failed during ${what}: ${(error as Error).message}`, { cause: error });
    }
  }

  /** One read slice: the report's data bytes (report id checked and stripped), or undefined when none came. */
  private async readReport(what: string): Promise<Uint8Array | undefined> {
    let raw: Buffer | undefined;
    try {
      raw = await this.device.read(this.readSliceMs);
    } catch (error) {
      if (error instanceof HalError) throw error;
      throw new HalError('HAL_DISCONNECTED', `HID scanner read failed during ${what}: ${(error as Error).message}`, { cause: error });
    }
    if (!raw || raw.length === 0) return undefined;
    const bytes = new Uint8Array(raw.buffer, raw.byteOffset, raw.length);
    if (this.response.reportId === 0) return bytes;
    if (bytes[0] !== this.response.reportId) {
      throw new HalError('HAL_FRAME_MALFORMED', `HID scanner sent report id ${bytes[0]}, expected ${this.response.reportId}`);
    }
    return bytes.subarray(1);
  }
}
