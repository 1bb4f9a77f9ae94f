/**
 * The node-hid boundary: the part of node-hid's `HIDAsync` the scanner driver uses, and the lazy loader of the
 * optional node-hid module. The driver is tested at this boundary: anything with this surface (the simulated
 * device, the recording wrapper, the replay device) can stand in for a real `HIDAsync`.
 */
import type { FingerprintScannerProfile } from '../../../hardware-profiles/profile.ts';
import { HalError } from '../errors.ts';

/** The subset of node-hid 3's `HIDAsync` that the driver uses (see node-hid's nodehid.d.ts and README). */
export interface HidDevice {
  /**
   * Sends one output report; the first byte is the report id (0x00 for a device without numbered reports).
   * Resolves with the number of bytes written.
   */
  write(values: Buffer): Promise<number>;
  /**
   * Reads one input report, waiting up to `timeOut` ms: resolves with an empty buffer (or undefined) when none
   * came. Numbered reports (id > 0) start with their report id. Rejects when the device is gone.
   */
  read(timeOut: number): Promise<Buffer | undefined>;
  close(): Promise<void>;
}

/** A node-hid device list entry (the fields used here). */
export interface HidDeviceEntry {
  readonly vendorId: number;
  readonly productId: number;
  readonly path?: string;
  readonly product?: string;
  readonly manufacturer?: string;
  readonly serialNumber?: string;
}

/** Opens the device a profile describes. Injected into the driver; `openNodeHidDevice` is the real one. */
export type OpenHidDevice = (profile: FingerprintScannerProfile) => Promise<HidDevice>;

interface NodeHidModule {
  devicesAsync(vid?: number, pid?: number): Promise<HidDeviceEntry[]>;
  HIDAsync: {
    open(path: string): Promise<HidDevice>;
    open(vid: number, pid: number): Promise<HidDevice>;
  };
}

/** Loads node-hid (an optional dependency) on first use; `HAL_HID_UNAVAILABLE` when it is missing or broken. */
export async function loadNodeHid(): Promise<NodeHidModule> {
  const name = 'node-hid';
  try {
    const loaded = (await import(name)) as { default?: NodeHidModule } & Partial<NodeHidModule>;
    const mod = (loaded.default ?? loaded) as NodeHidModule;
    if (typeof mod.devicesAsync !== 'function' || typeof mod.HIDAsync?.open !== 'function') {
      throw new Error('node-hid has no HIDAsync (node-hid 3 or later is needed)');
    }
    return mod;
  } catch (error) {
    throw new HalError('HAL_HID_UNAVAILABLE', `node-hid cannot be loaded: ${(error as Error).message}`, { cause: error });
  }
}

function usbIds(profile: FingerprintScannerProfile): { vendorId: number; productId: number } {
  if (profile.transport !== 'hid' || !profile.usb) throw new HalError('HAL_INTERNAL', `profile ${profile.id} is not a HID scanner profile`);
  return profile.usb;
}

/** The attached HID devices with the profile's vendor and product id (empty when none). */
export async function findHidDevices(profile: FingerprintScannerProfile): Promise<HidDeviceEntry[]> {
  const { vendorId, productId } = usbIds(profile);
  const hid = await loadNodeHid();
  return hid.devicesAsync(vendorId, productId);
}

/**
 * Opens a real device through node-hid: by `path` when given (from `findHidDevices`), else the first device with
 * the profile's USB ids. `HAL_NO_DEVICE` when none can be opened.
 */
export function openNodeHidDevice(path?: string): OpenHidDevice {
  return async (profile) => {
    const { vendorId, productId } = usbIds(profile);
    const hid = await loadNodeHid();
    try {
      return path === undefined ? await hid.HIDAsync.open(vendorId, productId) : await hid.HIDAsync.open(path);
    } catch (error) {
      const which = path ?? `${hex4(vendorId)}:${hex4(productId)}`;
      throw new HalError('HAL_NO_DEVICE', `no HID scanner at ${which} (${profile.id}): ${(error as Error).message}`, { cause: error });
    }
  };
}

const hex4 = (n: number): string => n.toString(16).padStart(4, '0');
