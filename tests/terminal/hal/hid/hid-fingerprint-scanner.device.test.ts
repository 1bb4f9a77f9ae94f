/**
 * The HID driver against a real scanner: runs when a device with a shipped HID profile's USB ids is attached
 * (node-hid's device list), and is skipped with that reason otherwise (CI has no HID device).
 */
import * as assert from 'uvu/assert';
import { suite } from '../../../support/suite.ts';
import { skipSuite } from '../../../support/skip.ts';
import { loadProfiles } from '../../../../hardware-profiles/load-profiles.ts';
import type { FingerprintScannerProfile } from '../../../../hardware-profiles/profile.ts';
import { findHidDevices, openNodeHidDevice, type HidDeviceEntry } from '../../../../terminal/hal/hid/hid-device.ts';
import { HidFingerprintScanner } from '../../../../terminal/hal/hid/hid-fingerprint-scanner.ts';

const NAME = 'terminal/hal/hid/hid-fingerprint-scanner (real device)';
const test = suite(NAME, { timeoutMs: 30_000 });

async function attached(): Promise<{ profile: FingerprintScannerProfile; entry: HidDeviceEntry } | string> {
  const profiles = loadProfiles().filter((p): p is FingerprintScannerProfile => p.kind === 'fingerprint-scanner' && p.transport === 'hid');
  try {
    for (const profile of profiles) {
      const [entry] = await findHidDevices(profile);
      if (entry) return { profile, entry };
    }
  } catch (error) {
    return `node-hid is unavailable (${(error as Error).message})`;
  }
  const ids = profiles.map((p) => `${p.usb!.vendorId.toString(16).padStart(4, '0')}:${p.usb!.productId.toString(16).padStart(4, '0')}`);
  return `no HID fingerprint scanner attached with a profile's USB ids (${ids.join(', ')})`;
}

const found = await attached();
if (typeof found === 'string') {
  skipSuite(NAME, { reason: found, fix: 'attach a scanner that speaks terminal/hal/hid/HID-SCANNER.md, or add its profile', requiredInCi: false });
} else {
  const { profile, entry } = found;
  test(`open ${entry.product ?? entry.path} (${profile.id}), then a capture or a typed timeout`, async () => {
    const scanner = await HidFingerprintScanner.open({ profile, open: openNodeHidDevice(entry.path) });
    try {
      assert.is(scanner.info.yields, profile.yields);
      process.stdout.write(`place a finger on ${scanner.info.description ?? profile.id} within 10 s\n`);
      try {
        const capture = await scanner.capture({ purpose: 'verify', timeoutMs: 10_000 });
        assert.is(capture.format, profile.yields);
        assert.ok(capture.quality >= 0 && capture.quality <= 100);
      } catch (error) {
        assert.is((error as { code?: string }).code, 'HAL_TIMEOUT', (error as Error).message);
      }
    } finally {
      await scanner.close();
    }
  });
  test.run();
}
