/**
 * A replay device: serves a HID recording back at the node-hid boundary and fails on divergence. Each write must
 * be the next recorded write, byte for byte (`HAL_REPLAY_DIVERGED` otherwise); each read returns the next recorded
 * input report, or nothing (an empty read, as a timed-out slice) while the recording's next step is a write.
 * Recorded device errors are thrown again as the device threw them. `assertComplete` says whether every step
 * was used (`HAL_REPLAY_INCOMPLETE`).
 */
import { HalError } from '../errors.ts';
import type { HidDevice, OpenHidDevice } from './hid-device.ts';
import type { HidRecording, HidRecordingStep } from './hid-recording-format.ts';

const hex = (bytes: Uint8Array): string => Buffer.from(bytes.subarray(0, 12)).toString('hex') + (bytes.length > 12 ? '…' : '');

export class ReplayHidDevice implements HidDevice {
  private next = 0;

  constructor(readonly recording: HidRecording) {}

  /** Opens "the device" for a profile: the recording's own profile only. */
  readonly open: OpenHidDevice = async (profile) => {
    if (profile.id !== this.recording.header.profileId) {
      throw new HalError('HAL_REPLAY_DIVERGED', `recording is of profile ${this.recording.header.profileId}, not ${profile.id}`);
    }
    return this;
  };

  /** Steps not served yet. */
  get remaining(): number {
    return this.recording.steps.length - this.next;
  }

  /** Throws `HAL_REPLAY_INCOMPLETE` when steps remain. */
  assertComplete(): void {
    if (this.remaining > 0) {
      throw new HalError('HAL_REPLAY_INCOMPLETE', `replay ended with ${this.remaining} recorded steps unused (next: ${this.peek()!.kind})`);
    }
  }

  async write(values: Buffer): Promise<number> {
    const step = this.take('write');
    if (step.kind === 'error') throw new Error(step.message);
    const report = new Uint8Array(values);
    if (step.kind !== 'write' || Buffer.compare(Buffer.from(step.report), Buffer.from(report)) !== 0) {
      throw new HalError('HAL_REPLAY_DIVERGED', `replay step ${this.next}: wrote ${hex(report)}, recording has ${step.kind === 'write' ? hex(step.report) : step.kind}`);
    }
    return values.length;
  }

  async read(timeOut: number): Promise<Buffer | undefined> {
    const step = this.peek();
    if (!step) throw new HalError('HAL_REPLAY_EXHAUSTED', `replay: read after the recording's ${this.recording.steps.length} steps`);
    if (step.kind === 'read') {
      this.next++;
      return Buffer.from(step.report);
    }
    if (step.kind === 'error' && step.op === 'read') {
      this.next++;
      throw new Error(step.message);
    }
    // The recording's device sent nothing more before the next write: a quiet slice (kept short).
    await new Promise((resolve) => setTimeout(resolve, Math.min(timeOut, 2)));
    return Buffer.alloc(0);
  }

  async close(): Promise<void> {
    if (this.peek()?.kind === 'close') this.next++;
  }

  private peek(): HidRecordingStep | undefined {
    return this.recording.steps[this.next];
  }

  private take(op: 'write'): HidRecordingStep {
    const step = this.peek();
    if (!step) throw new HalError('HAL_REPLAY_EXHAUSTED', `replay: ${op} after the recording's ${this.recording.steps.length} steps`);
    if (step.kind === 'error' && step.op !== op) throw new HalError('HAL_REPLAY_DIVERGED', `replay step ${this.next}: ${op}, recording has a ${step.op} error`);
    this.next++;
    return step;
  }
}

/** A fresh replay device for `recording`. */
export function createReplayHidDevice(recording: HidRecording): ReplayHidDevice {
  return new ReplayHidDevice(recording);
}
