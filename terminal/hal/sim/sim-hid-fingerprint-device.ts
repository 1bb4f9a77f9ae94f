/**
 * A simulated HID fingerprint scanner at the node-hid boundary: implements the `HIDAsync` surface the driver uses
 * (`HidDevice`) and speaks the generic report protocol (`terminal/hal/hid/HID-SCANNER.md`) with the profile's
 * report ids, lengths and command codes. Captures follow a `SimFingerScript`; faults are injected one at a time
 * (`inject`) to prove the driver turns them into typed errors: corrupt or short reports, a wrong report id, a
 * stale report, silence, an unplug mid-capture.
 */
import {
  DEFAULT_HID_SCANNER_COMMANDS,
  type FingerprintScannerProfile,
  type HidReportLayout,
} from '../../../hardware-profiles/profile.ts';
import { HalError } from '../errors.ts';
import type { HidDevice, OpenHidDevice } from '../hid/hid-device.ts';
import {
  chunkResponse,
  decodeCommandReport,
  encodeCaptureData,
  encodeResponseReport,
  HID_FORMAT,
  HID_STATUS,
  RESPONSE_OVERHEAD,
  type ResponseReport,
} from '../hid/hid-scanner-protocol.ts';
import { SimFingerScript, type SimFingerEvent } from './sim-finger-script.ts';
import { syntheticImage, syntheticIsoTemplate, syntheticVendorTemplate } from './synthetic-finger-capture.ts';

/** One injected fault; each applies once, to the next capture. */
export type SimHidFault =
  | 'corrupt-crc'
  | 'wrong-report-id'
  | 'short-report'
  | 'stale-report'
  | 'silent'
  | 'unplug-mid-capture'
  | 'unknown-format';

export interface SimHidFingerprintDeviceOptions {
  readonly profile: FingerprintScannerProfile;
  readonly script?: SimFingerScript;
  readonly description?: string;
  /** Keep-alive period while waiting for a finger (default 100 ms). */
  readonly keepAliveMs?: number;
}

const REJECTION_CODES = { 'too-messy': 1, 'too-few-features': 2, 'low-quality': 3 } as const;

/** The simulated device. `open` is the `OpenHidDevice` to give the driver (it returns this device). */
export class SimHidFingerprintDevice implements HidDevice {
  readonly script: SimFingerScript;
  /** Every output report the driver wrote (report id first), for tests. */
  readonly written: Buffer[] = [];
  private readonly inbox: Buffer[] = [];
  private readers: ((report: Buffer | undefined) => void)[] = [];
  private faults: SimHidFault[] = [];
  private timers = new Set<NodeJS.Timeout>();
  private job: { seq: number; stop(): void } | undefined;
  private unplugged = false;
  private closed = false;
  private readonly command: HidReportLayout;
  private readonly response: HidReportLayout;

  constructor(private readonly options: SimHidFingerprintDeviceOptions) {
    this.script = options.script ?? new SimFingerScript();
    this.command = options.profile.reports!.command;
    this.response = options.profile.reports!.response;
  }

  readonly open: OpenHidDevice = async () => {
    if (this.unplugged) throw new HalError('HAL_NO_DEVICE', 'simulated HID scanner is unplugged');
    this.closed = false;
    return this;
  };

  /** Queues a fault for the next capture. */
  inject(fault: SimHidFault): void {
    this.faults.push(fault);
  }

  /** Pulls the device out: pending and later reads and writes fail as node-hid's do. */
  unplug(): void {
    this.unplugged = true;
    this.stopJob();
    for (const reader of this.readers.splice(0)) reader(undefined);
  }

  /** Whether any timer or capture is still running (tests check that nothing is left behind). */
  get idle(): boolean {
    return this.timers.size === 0 && this.job === undefined;
  }

  async write(values: Buffer): Promise<number> {
    if (this.unplugged || this.closed) throw new Error('Cannot write to hid device');
    this.written.push(Buffer.from(values));
    if (values[0] !== this.command.reportId) return values.length; // another report: the device ignores it
    let cmd;
    try {
      cmd = decodeCommandReport(new Uint8Array(values.subarray(1)));
    } catch {
      this.send([{ status: HID_STATUS.BAD_COMMAND, seq: values[2] ?? 0, index: 0, count: 1, data: Uint8Array.of(1) }]);
      return values.length;
    }
    const codes = this.options.profile.hidCommands ?? DEFAULT_HID_SCANNER_COMMANDS;
    const reply = (status: number, data = new Uint8Array(0)): void => this.send(chunkResponse(status, cmd.seq, data, this.response.length - RESPONSE_OVERHEAD));
    if (cmd.cmd === codes.getInfo) {
      const text = new TextEncoder().encode(this.options.description ?? 'Kart simulated HID fingerprint scanner');
      const dpi = this.options.profile.resolutionDpi;
      reply(HID_STATUS.OK, Uint8Array.of(1, HID_FORMAT[this.options.profile.yields], dpi >> 8, dpi & 0xff, ...text));
    } else if (cmd.cmd === codes.capture) {
      if (this.job) reply(HID_STATUS.BUSY);
      else this.startCapture(cmd.seq, ((cmd.payload[1] ?? 0) << 8 | (cmd.payload[2] ?? 0)) * 100);
    } else if (cmd.cmd === codes.abort) {
      if (this.job) {
        const seq = this.job.seq;
        this.stopJob();
        this.send(chunkResponse(HID_STATUS.ABORTED, seq, new Uint8Array(0), 1));
      }
      reply(HID_STATUS.OK);
    } else {
      reply(HID_STATUS.BAD_COMMAND, Uint8Array.of(2));
    }
    return values.length;
  }

  async read(timeOut: number): Promise<Buffer | undefined> {
    if (this.unplugged) throw new Error('could not read data from device');
    if (this.closed) throw new Error('device closed');
    const ready = this.inbox.shift();
    if (ready) return ready;
    return new Promise((resolve, reject) => {
      const reader = (report: Buffer | undefined): void => {
        clearTimeout(timer);
        this.timers.delete(timer);
        if (report) resolve(report);
        else reject(new Error('could not read data from device'));
      };
      const timer = setTimeout(() => {
        this.timers.delete(timer);
        this.readers = this.readers.filter((r) => r !== reader);
        resolve(Buffer.alloc(0));
      }, timeOut);
      this.timers.add(timer);
      this.readers.push(reader);
    });
  }

  async close(): Promise<void> {
    this.closed = true;
    this.stopJob();
    for (const reader of this.readers.splice(0)) reader(undefined);
  }

  private startCapture(seq: number, deviceTimeoutMs: number): void {
    const event: SimFingerEvent = this.script.next();
    const faults = this.faults.splice(0);
    const silent = faults.includes('silent');
    const keepAlive = setInterval(() => {
      if (!silent) this.send(chunkResponse(HID_STATUS.WAITING, seq, new Uint8Array(0), 1));
    }, this.options.keepAliveMs ?? 100);
    const finish = (status: number, data: Uint8Array): void => {
      this.stopJob();
      if (!silent) this.send(chunkResponse(status, seq, data, this.response.length - RESPONSE_OVERHEAD), faults);
    };
    let fire: NodeJS.Timeout;
    if (event.kind === 'no-finger') {
      fire = setTimeout(() => finish(HID_STATUS.NO_FINGER, new Uint8Array(0)), deviceTimeoutMs);
    } else if (event.kind === 'sensor-fault') {
      fire = setTimeout(() => finish(HID_STATUS.SENSOR_FAULT, new Uint8Array(0)), 0);
    } else if (event.kind === 'rejected') {
      fire = setTimeout(() => finish(HID_STATUS.REJECTED, Uint8Array.of(REJECTION_CODES[event.reason], event.quality ?? 15)), event.afterMs ?? 0);
    } else {
      const { profile } = this.options;
      const quality = Math.round(event.finger.quality ?? 80);
      const data = encodeCaptureData(
        profile.yields === 'image'
          ? { format: 'image', quality, image: syntheticImage(event.finger, 64, 80, profile.resolutionDpi) }
          : { format: profile.yields, quality, template: profile.yields === 'iso-19794-2' ? syntheticIsoTemplate(event.finger) : syntheticVendorTemplate(event.finger) },
      );
      if (faults.includes('unknown-format')) data[0] = 0x7f;
      fire = setTimeout(() => finish(HID_STATUS.OK, data), event.afterMs ?? 0);
    }
    this.timers.add(keepAlive).add(fire);
    this.job = {
      seq,
      stop: () => {
        clearInterval(keepAlive);
        clearTimeout(fire);
        this.timers.delete(keepAlive);
        this.timers.delete(fire);
      },
    };
  }

  private stopJob(): void {
    this.job?.stop();
    this.job = undefined;
  }

  /** Queues response reports as input reports, applying this capture's faults. */
  private send(reports: readonly ResponseReport[], faults: readonly SimHidFault[] = []): void {
    if (this.unplugged || this.closed) return;
    if (faults.includes('stale-report')) this.push(this.frame({ ...reports[0]!, seq: ((reports[0]!.seq + 253) % 255) + 1 }));
    for (const [i, report] of reports.entries()) {
      let frame = this.frame(report);
      if (i === 0 && faults.includes('corrupt-crc')) frame = this.corrupt(frame);
      if (i === 0 && faults.includes('wrong-report-id')) frame[0] = (this.response.reportId + 1) & 0xff;
      if (i === 0 && faults.includes('short-report')) frame = frame.subarray(0, 6);
      this.push(frame);
      if (i === 0 && reports.length > 1 && faults.includes('unplug-mid-capture')) {
        this.unplug();
        return;
      }
    }
  }

  /** Flips a byte inside the CRC-covered header so that the CRC no longer matches. */
  private corrupt(frame: Buffer): Buffer {
    const at = this.response.reportId ? 1 : 0; // the status byte
    frame[at] = frame[at]! ^ 0x40;
    return frame;
  }

  private frame(report: ResponseReport): Buffer {
    const data = encodeResponseReport(this.response.length, report);
    if (this.response.reportId === 0) return Buffer.from(data);
    const frame = Buffer.alloc(data.length + 1);
    frame[0] = this.response.reportId;
    frame.set(data, 1);
    return frame;
  }

  private push(frame: Buffer): void {
    const reader = this.readers.shift();
    if (reader) reader(frame);
    else this.inbox.push(frame);
  }
}

/** A fresh simulated HID scanner device for `profile`. */
export function createSimHidFingerprintDevice(options: SimHidFingerprintDeviceOptions): SimHidFingerprintDevice {
  return new SimHidFingerprintDevice(options);
}
