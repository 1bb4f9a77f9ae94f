import * as assert from 'uvu/assert';
import { suite } from '../../../support/suite.ts';
import { findHidDevices, loadNodeHid, openNodeHidDevice } from '../../../../terminal/hal/hid/hid-device.ts';
import { rejectsWithCode, scannerProfile } from '../fingerprint-test-helpers.ts';

const test = suite('terminal/hal/hid/hid-device');

// A profile whose USB ids no device has (0xFFFF is a reserved vendor id), so the result does not depend on the bench.
const nobody = scannerProfile('generic-hid-scanner', { usb: { vendorId: 0xffff, productId: 0xfffe } });

test('node-hid loads lazily with the HIDAsync surface', async () => {
  let hid;
  try {
    hid = await loadNodeHid();
  } catch (error) {
    assert.is((error as { code?: string }).code, 'HAL_HID_UNAVAILABLE'); // node-hid is optional: missing is a typed error
    return;
  }
  assert.type(hid.HIDAsync.open, 'function');
  assert.type(hid.devicesAsync, 'function');
});

test('no device with the profile ids: an empty list, and HAL_NO_DEVICE on open', async () => {
  try {
    await loadNodeHid();
  } catch {
    return;
  }
  assert.equal(await findHidDevices(nobody), []);
  await rejectsWithCode(openNodeHidDevice()(nobody), 'HAL_NO_DEVICE');
  await rejectsWithCode(openNodeHidDevice('/dev/hidraw-kart-none')(nobody), 'HAL_NO_DEVICE');
});

test('a UART profile is not a HID profile', async () => {
  await rejectsWithCode(findHidDevices(scannerProfile('r30x-uart-scanner')), 'HAL_INTERNAL');
});

test.run();
