/**
 * The test bench's fingerprint scanner: the contract without a transport. Captures follow a script ("person P
 * presents finger N with quality q", no finger, a rejection, a sensor fault) and yield what the simulated device
 * kind would: an ISO/IEC 19794-2 record drawn by the biometrics generator, an opaque vendor template, or an
 * image. Instance-based: `createSimFingerprintScanner()` returns a fresh one.
 */
import { HalError } from '../errors.ts';
import {
  DEFAULT_CAPTURE_TIMEOUT_MS,
  PASS_QUALITY,
  type CaptureOptions,
  type FingerprintCapture,
  type FingerprintFormat,
  type FingerprintScanner,
  type FingerprintScannerInfo,
} from '../fingerprint-scanner.ts';
import { SimFingerScript, type SimFingerEvent } from './sim-finger-script.ts';
import { syntheticImage, syntheticIsoTemplate, syntheticVendorTemplate, type SimFinger } from './synthetic-finger-capture.ts';

export interface SimFingerprintScannerOptions {
  /** What the simulated device yields (default `iso-19794-2`). */
  readonly yields?: FingerprintFormat;
  readonly script?: SimFingerScript;
  /** Below this quality an ISO device rejects the finger itself (`low-quality`); default 20. */
  readonly deviceMinQuality?: number;
}

/** A scripted scanner. Add events with `script.present(...)`/`script.push(...)`; `unplug()` pulls it out. */
export class SimFingerprintScanner implements FingerprintScanner {
  readonly info: FingerprintScannerInfo;
  readonly script: SimFingerScript;
  /** How many captures have started. */
  captures = 0;
  private busy = false;
  private gone: HalError | undefined;
  private readonly ended = new AbortController();

  constructor(private readonly options: SimFingerprintScannerOptions = {}) {
    const yields = options.yields ?? 'iso-19794-2';
    this.info = { profileId: 'sim', transport: 'sim', yields, resolutionDpi: 500, description: `Kart simulated scanner (${yields})` };
    this.script = options.script ?? new SimFingerScript();
  }

  /** The scanner is pulled out: a capture in progress and later calls fail with `HAL_DISCONNECTED`. */
  unplug(): void {
    this.gone ??= new HalError('HAL_DISCONNECTED', 'simulated fingerprint scanner unplugged');
    this.ended.abort();
  }

  async capture(options: CaptureOptions): Promise<FingerprintCapture> {
    if (this.gone) throw this.gone;
    if (options.signal?.aborted) throw new HalError('HAL_CANCELED', 'capture canceled', { cause: options.signal.reason });
    if (this.busy) throw new HalError('HAL_SHARING_VIOLATION', 'simulated scanner is already capturing');
    this.busy = true;
    this.captures++;
    try {
      const timeoutMs = options.timeoutMs ?? DEFAULT_CAPTURE_TIMEOUT_MS;
      const event = this.script.next();
      const waitMs = event.kind === 'no-finger' ? timeoutMs : event.kind === 'sensor-fault' ? 0 : event.afterMs ?? 0;
      if (waitMs > timeoutMs) {
        await this.wait(timeoutMs, options.signal);
        throw new HalError('HAL_TIMEOUT', `no finger within ${timeoutMs} ms`);
      }
      await this.wait(waitMs, options.signal);
      return this.result(event, timeoutMs);
    } finally {
      this.busy = false;
    }
  }

  async close(): Promise<void> {
    this.gone ??= new HalError('HAL_DISCONNECTED', 'simulated fingerprint scanner is closed');
    this.ended.abort();
  }

  private result(event: SimFingerEvent, timeoutMs: number): FingerprintCapture {
    const format = this.info.yields;
    switch (event.kind) {
      case 'no-finger':
        throw new HalError('HAL_TIMEOUT', `no finger within ${timeoutMs} ms`);
      case 'sensor-fault':
        throw new HalError('HAL_DEVICE_ERROR', 'simulated sensor fault');
      case 'rejected':
        return { format, quality: event.quality ?? 15, rejected: event.reason };
      case 'finger':
        return this.fingerCapture(event.finger);
    }
  }

  private fingerCapture(finger: SimFinger): FingerprintCapture {
    const quality = Math.max(0, Math.min(100, Math.round(finger.quality ?? 80)));
    switch (this.info.yields) {
      case 'iso-19794-2':
        if (quality < (this.options.deviceMinQuality ?? 20)) return { format: 'iso-19794-2', quality, rejected: 'low-quality' };
        return { format: 'iso-19794-2', quality, template: syntheticIsoTemplate(finger) };
      case 'vendor-template':
        return { format: 'vendor-template', quality: PASS_QUALITY, template: syntheticVendorTemplate(finger) };
      case 'image':
        return { format: 'image', quality, image: syntheticImage(finger) };
    }
  }

  /** Waits `ms`, or fails at once when the signal fires or the scanner goes away. */
  private wait(ms: number, signal?: AbortSignal): Promise<void> {
    return new Promise((resolve, reject) => {
      const done = (error?: HalError): void => {
        clearTimeout(timer);
        signal?.removeEventListener('abort', onAbort);
        this.ended.signal.removeEventListener('abort', onEnd);
        if (error) reject(error);
        else resolve();
      };
      const onAbort = (): void => done(new HalError('HAL_CANCELED', 'capture canceled', { cause: signal?.reason }));
      const onEnd = (): void => done(this.gone);
      const timer = setTimeout(() => done(), ms);
      signal?.addEventListener('abort', onAbort, { once: true });
      this.ended.signal.addEventListener('abort', onEnd, { once: true });
      if (this.ended.signal.aborted) onEnd();
    });
  }
}

/** A fresh simulated scanner. */
export function createSimFingerprintScanner(options: SimFingerprintScannerOptions = {}): SimFingerprintScanner {
  return new SimFingerprintScanner(options);
}
