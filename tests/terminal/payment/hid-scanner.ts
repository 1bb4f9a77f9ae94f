/**
 * The generic HID scanner driver over the simulated HID device, as the payment scenarios' scanner (not a suite).
 */
import { HidFingerprintScanner } from '../../../terminal/hal/hid/hid-fingerprint-scanner.ts';
import { createSimHidFingerprintDevice } from '../../../terminal/hal/sim/sim-hid-fingerprint-device.ts';
import { scannerProfile } from '../hal/fingerprint-test-helpers.ts';
import type { ScriptedScanner } from './payment-scenarios.ts';

/** Opens the driver on a fresh simulated device. */
export async function hidScanner(): Promise<ScriptedScanner & { readonly idle: () => boolean }> {
  const profile = scannerProfile('generic-hid-scanner', { packetTimeoutMs: 300 });
  const device = createSimHidFingerprintDevice({ profile });
  const scanner = await HidFingerprintScanner.open({ profile, open: device.open, readSliceMs: 20 });
  return {
    scanner,
    present: (person, o = {}) => device.script.present({ person, finger: 2, quality: o.quality ?? 80, impression: o.impression ?? 0 }, 20),
    lowQuality: () => device.script.push({ kind: 'rejected', reason: 'low-quality', quality: 10 }),
    close: () => scanner.close(),
    idle: () => device.idle,
  };
}
