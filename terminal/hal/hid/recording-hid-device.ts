/**
 * A recording wrapper around any `HidDevice`: passes every call through and writes the reports exchanged to a
 * HID recording (`hid-recording-format.ts`). Biometric data is redacted by default: the template or image bytes
 * of capture responses are zero-filled (format and quality bytes kept) and the report's CRC recomputed, so the
 * file replays with the same shape. Only `redact: false` writes them in clear, with a warning notice.
 */
import { DEFAULT_HID_SCANNER_COMMANDS, type FingerprintScannerProfile } from '../../../hardware-profiles/profile.ts';
import { openRecordingSink, type RecordingTarget } from '../record/recording-sink.ts';
import type { Redaction } from '../redaction/redact.ts';
import type { HidDevice, OpenHidDevice } from './hid-device.ts';
import { encodeHidRecord, HID_RECORDING_FORMAT, HID_RECORDING_VERSION, HID_UNREDACTED_NOTICE } from './hid-recording-format.ts';
import { crc16, decodeCommandReport, decodeResponseReport, HID_STATUS, RESPONSE_HEADER } from './hid-scanner-protocol.ts';

export interface HidRecordingOptions {
  readonly target: RecordingTarget;
  readonly profile: FingerprintScannerProfile;
  /** What is recorded, for the header (default "node-hid"). */
  readonly source?: string;
  /** Default true. */
  readonly redact?: boolean;
}

/**
 * Redacts one input report (report id first when the profile numbers its reports) if it carries capture data for
 * one of `captureSeqs`; returns the report to store and its redacted spans.
 */
export function redactHidReport(report: Uint8Array, profile: FingerprintScannerProfile, captureSeqs: ReadonlySet<number>): { report: Uint8Array; redactions: Redaction[] } {
  const skip = profile.reports!.response.reportId === 0 ? 0 : 1;
  let r;
  try {
    r = decodeResponseReport(report.subarray(skip));
  } catch {
    return { report, redactions: [] }; // not a valid report: it carries no readable data, keep it as evidence
  }
  if (r.status !== HID_STATUS.OK || !captureSeqs.has(r.seq)) return { report, redactions: [] };
  const first = r.index === 0 ? 2 : 0; // chunk 0 starts with the format and quality bytes
  const length = r.data.length - first;
  if (length <= 0) return { report, redactions: [] };
  const out = Uint8Array.from(report);
  const offset = skip + RESPONSE_HEADER + first;
  out.fill(0, offset, offset + length);
  const end = skip + RESPONSE_HEADER + r.data.length;
  const crc = crc16(out, skip, end);
  out[end] = crc >> 8;
  out[end + 1] = crc & 0xff;
  return { report: out, redactions: [{ offset, length, label: 'fingerprint capture data' }] };
}

/** Wraps `inner`; the recording's file is closed with the device. */
export function createRecordingHidDevice(inner: HidDevice, options: HidRecordingOptions): HidDevice {
  const redact = options.redact ?? true;
  const sink = openRecordingSink(options.target);
  const start = process.hrtime.bigint();
  const at = (): number => Number((process.hrtime.bigint() - start) / 1000n);
  const commands = options.profile.hidCommands ?? DEFAULT_HID_SCANNER_COMMANDS;
  const commandId = options.profile.reports!.command.reportId;
  const captureSeqs = new Set<number>();
  sink.write(encodeHidRecord({
    format: HID_RECORDING_FORMAT, version: HID_RECORDING_VERSION, created: new Date().toISOString(),
    source: options.source ?? 'node-hid', profileId: options.profile.id, redacted: redact,
    ...(redact ? {} : { notice: HID_UNREDACTED_NOTICE }),
  }));
  return {
    async write(values) {
      const report = Uint8Array.from(values);
      if (report[0] === commandId) {
        try {
          const cmd = decodeCommandReport(report.subarray(1));
          if (cmd.cmd === commands.capture) captureSeqs.add(cmd.seq);
        } catch {
          // An invalid command is recorded as it is.
        }
      }
      sink.write(encodeHidRecord({ kind: 'write', at: at(), report }));
      try {
        return await inner.write(values);
      } catch (error) {
        sink.write(encodeHidRecord({ kind: 'error', at: at(), op: 'write', message: (error as Error).message }));
        throw error;
      }
    },
    async read(timeOut) {
      let raw;
      try {
        raw = await inner.read(timeOut);
      } catch (error) {
        sink.write(encodeHidRecord({ kind: 'error', at: at(), op: 'read', message: (error as Error).message }));
        throw error;
      }
      if (raw && raw.length > 0) {
        const clear = Uint8Array.from(raw);
        const { report, redactions } = redact ? redactHidReport(clear, options.profile, captureSeqs) : { report: clear, redactions: [] };
        sink.write(encodeHidRecord({ kind: 'read', at: at(), report, redactions }));
      }
      return raw;
    },
    async close() {
      try {
        await inner.close();
      } finally {
        sink.write(encodeHidRecord({ kind: 'close', at: at() }));
        sink.close();
      }
    },
  };
}

/** An opener that records whatever `open` opens. */
export function recordingHidOpener(open: OpenHidDevice, options: Omit<HidRecordingOptions, 'profile'>): OpenHidDevice {
  return async (profile) => createRecordingHidDevice(await open(profile), { ...options, profile });
}
