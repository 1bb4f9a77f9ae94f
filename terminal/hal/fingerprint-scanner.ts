/**
 * The fingerprint-scanner contract: the capture side of biometrics. A scanner places nothing in judgement: it
 * gives the terminal what the device produced (an ISO/IEC 19794-2 template, the device's own template, or an
 * image) with a quality, and the terminal decides what to do with it (`fingerprint-capture-policy.ts`).
 * Comparison is the verifier's business (`fingerprint-verifier.ts`), not this contract's.
 *
 * Interface only; implementations are peers injected by the caller: `HidFingerprintScanner` (node-hid),
 * `R30xFingerprintScanner` (serialport), `SimFingerprintScanner`.
 *
 * Outcomes a person causes are values: a poor image comes back as a capture with a low `quality` and a
 * `rejected` reason ("ask again"). Faults are `HalError`s:
 * - `HAL_TIMEOUT`: no finger was placed within `timeoutMs`;
 * - `HAL_CANCELED`: the signal fired (the device is told to stop where its protocol allows);
 * - `HAL_DEVICE_UNRESPONSIVE`: the device stayed silent past the profile's `packetTimeoutMs`;
 * - `HAL_FRAME_MALFORMED`: bytes or reports that do not follow the protocol (and could not be resynchronised);
 * - `HAL_DEVICE_ERROR`: the device reported a fault (sensor, flash, ...);
 * - `HAL_DISCONNECTED`: unplugged, or used after `close()`;
 * - `HAL_HID_UNAVAILABLE` / `HAL_SERIAL_UNAVAILABLE` / `HAL_NO_DEVICE`: nothing to talk to.
 */

/** What a device yields: an ISO/IEC 19794-2 finger minutiae record, its own template format, or an image only. */
export type FingerprintFormat = 'iso-19794-2' | 'vendor-template' | 'image';

/** Why the capture is wanted: a device may use a stricter quality bar for enrolment. */
export type CapturePurpose = 'verify' | 'enroll';

export interface CaptureOptions {
  readonly purpose: CapturePurpose;
  readonly signal?: AbortSignal;
  /** How long to wait for a finger before `HAL_TIMEOUT` (default `DEFAULT_CAPTURE_TIMEOUT_MS`). */
  readonly timeoutMs?: number;
}

/** Default wait for a finger. */
export const DEFAULT_CAPTURE_TIMEOUT_MS = 10_000;

/** An 8-bit greyscale image, rows top to bottom, `width * height` bytes. */
export interface FingerprintImage {
  readonly width: number;
  readonly height: number;
  readonly dpi: number;
  readonly pixels: Uint8Array;
}

/**
 * Why the device refused to make a template from the finger it saw: the person should place the finger again.
 * - `too-messy`: smudged, wet or moving image;
 * - `too-few-features`: too little of the finger on the sensor, or too dry;
 * - `low-quality`: the device's quality score fell below its own bar.
 */
export type CaptureRejection = 'too-messy' | 'too-few-features' | 'low-quality';

/** What one capture produced. */
export interface FingerprintCapture {
  readonly format: FingerprintFormat;
  /** The template (format `iso-19794-2` or `vendor-template`); absent when rejected or image-only. */
  readonly template?: Uint8Array;
  readonly image?: FingerprintImage;
  /**
   * 0..100, higher is better. Devices with a score report it (ISO/IEC 29794-4 style, as in the record's finger
   * quality); pass/fail devices (R30x) report `PASS_QUALITY` for a template and a low figure with `rejected`.
   */
  readonly quality: number;
  /** Set when the device saw a finger but made no usable template of it: ask again. */
  readonly rejected?: CaptureRejection;
}

/** The quality a pass/fail device reports for a finger it accepted. */
export const PASS_QUALITY = 60;

export interface FingerprintScannerInfo {
  /** The hardware profile the device was opened with (`generic-hid-scanner`, `r30x-uart-scanner`, `sim`...). */
  readonly profileId: string;
  readonly transport: 'hid' | 'uart' | 'sim';
  readonly yields: FingerprintFormat;
  readonly resolutionDpi: number;
  /** What the device says about itself (product string, firmware version...), when it says anything. */
  readonly description?: string;
}

/** One open fingerprint scanner. */
export interface FingerprintScanner {
  readonly info: FingerprintScannerInfo;
  /** Waits for a finger and captures it. One capture at a time: a second concurrent call fails `HAL_SHARING_VIOLATION`. */
  capture(options: CaptureOptions): Promise<FingerprintCapture>;
  /** Releases the device; a capture in progress fails with `HAL_DISCONNECTED`, later calls too. */
  close(): Promise<void>;
}
