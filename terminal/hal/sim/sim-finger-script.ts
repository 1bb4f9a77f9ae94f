/**
 * The script of a simulated scanner: what happens at each capture, in order. Shared by `SimFingerprintScanner`,
 * the simulated HID device and the simulated R30x module, so that a test bench says "person P presents finger N
 * with quality q" the same way whatever transport it exercises. Instance-based: one script per device.
 */
import type { CaptureRejection } from '../fingerprint-scanner.ts';
import type { SimFinger } from './synthetic-finger-capture.ts';

/** What happens at one capture. */
export type SimFingerEvent =
  /** A finger is placed `afterMs` after the capture starts (default 0). */
  | { readonly kind: 'finger'; readonly finger: SimFinger; readonly afterMs?: number }
  /** Nobody places a finger: the capture waits out its timeout. */
  | { readonly kind: 'no-finger' }
  /** A finger is placed but the device makes no template of it (quality default 15). */
  | { readonly kind: 'rejected'; readonly reason: CaptureRejection; readonly quality?: number; readonly afterMs?: number }
  /** The sensor reports a fault. */
  | { readonly kind: 'sensor-fault' };

/** A queue of capture events; an empty queue means nobody is at the scanner (`no-finger`). */
export class SimFingerScript {
  private readonly events: SimFingerEvent[];

  constructor(events: readonly SimFingerEvent[] = []) {
    this.events = [...events];
  }

  /** Adds events at the end of the script. */
  push(...events: SimFingerEvent[]): void {
    this.events.push(...events);
  }

  /** A finger is presented (see `SimFinger` for the defaults). */
  present(finger: SimFinger, afterMs?: number): void {
    this.events.push({ kind: 'finger', finger, ...(afterMs === undefined ? {} : { afterMs }) });
  }

  /** The next capture's event. */
  next(): SimFingerEvent {
    return this.events.shift() ?? { kind: 'no-finger' };
  }

  get pending(): number {
    return this.events.length;
  }
}
