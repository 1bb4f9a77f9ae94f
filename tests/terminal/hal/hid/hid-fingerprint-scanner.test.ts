import * as assert from 'uvu/assert';
import { suite } from '../../../support/suite.ts';
import { HidFingerprintScanner } from '../../../../terminal/hal/hid/hid-fingerprint-scanner.ts';
import { createSimHidFingerprintDevice, type SimHidFault, type SimHidFingerprintDevice } from '../../../../terminal/hal/sim/sim-hid-fingerprint-device.ts';
import { decodeFingerMinutiaeRecord, match, MATCH_THRESHOLD } from '../../../../terminal/biometrics/index.ts';
import { decodeCommandReport } from '../../../../terminal/hal/hid/hid-scanner-protocol.ts';
import { syntheticRecord } from '../../../../terminal/hal/sim/synthetic-finger-capture.ts';
import { rejectsWithCode, scannerProfile, timed } from '../fingerprint-test-helpers.ts';

const test = suite('terminal/hal/hid/hid-fingerprint-scanner', { timeoutMs: 10_000 });

const profile = scannerProfile('generic-hid-scanner', { packetTimeoutMs: 300 });
let device: SimHidFingerprintDevice;
let scanner: HidFingerprintScanner;

test.before.each(async () => {
  device = createSimHidFingerprintDevice({ profile, description: 'Sim HID 1.0' });
  scanner = await HidFingerprintScanner.open({ profile, open: device.open, readSliceMs: 20 });
});

test.after.each(async () => {
  await scanner.close();
  assert.ok(device.idle, 'the simulated device still has timers running');
});

test('open asks the device who it is', () => {
  assert.equal(scanner.info, { profileId: 'generic-hid-scanner', transport: 'hid', yields: 'iso-19794-2', resolutionDpi: 500, description: 'Sim HID 1.0' });
  const first = device.written[0]!;
  assert.is(first[0], 1, 'command report id from the profile');
  assert.is(first.length, 64, 'report id + 63 data bytes');
  assert.is(decodeCommandReport(new Uint8Array(first.subarray(1))).cmd, 0x01);
});

test('a finger yields its ISO template, reassembled from many reports, that matches the same finger', async () => {
  device.script.present({ person: 'P1', finger: 2, quality: 85 }, 150);
  const capture = await scanner.capture({ purpose: 'verify', timeoutMs: 2_000 });
  assert.is(capture.format, 'iso-19794-2');
  assert.is(capture.quality, 85);
  assert.is(capture.rejected, undefined);
  assert.ok(capture.template!.length > 3 * 54, `template of ${capture.template!.length} bytes spans several reports`);
  const record = decodeFingerMinutiaeRecord(capture.template!);
  assert.is(record.views[0]!.fingerPosition, 2);
  assert.ok(match(record, syntheticRecord({ person: 'P1', finger: 2, impression: 7 })) >= MATCH_THRESHOLD, 'same finger matches');
  assert.ok(match(record, syntheticRecord({ person: 'P2', finger: 2 })) < MATCH_THRESHOLD, 'another person does not');
  const capture2 = decodeCommandReport(new Uint8Array(device.written[1]!.subarray(1)));
  assert.equal([...capture2.payload], [1, 0, 20], 'purpose verify, 2 000 ms in 100 ms units');
});

test('no finger within the timeout is HAL_TIMEOUT, reported by the device', async () => {
  const { ms, error } = await timed(() => scanner.capture({ purpose: 'verify', timeoutMs: 400 }));
  assert.is((error as { code?: string }).code, 'HAL_TIMEOUT');
  assert.ok(ms >= 350 && ms < 1_500, `took ${ms} ms`);
});

test('a rejected finger is a value: ask again', async () => {
  device.script.push({ kind: 'rejected', reason: 'too-messy', quality: 12 });
  assert.equal(await scanner.capture({ purpose: 'enroll', timeoutMs: 1_000 }), { format: 'iso-19794-2', quality: 12, rejected: 'too-messy' });
});

test('a sensor fault is HAL_DEVICE_ERROR', async () => {
  device.script.push({ kind: 'sensor-fault' });
  await rejectsWithCode(scanner.capture({ purpose: 'verify', timeoutMs: 1_000 }), 'HAL_DEVICE_ERROR');
});

const faultCases: [SimHidFault, string][] = [
  ['corrupt-crc', 'HAL_FRAME_MALFORMED'],
  ['wrong-report-id', 'HAL_FRAME_MALFORMED'],
  ['short-report', 'HAL_FRAME_MALFORMED'],
  ['unknown-format', 'HAL_FRAME_MALFORMED'],
  ['silent', 'HAL_DEVICE_UNRESPONSIVE'],
  ['unplug-mid-capture', 'HAL_DISCONNECTED'],
];
for (const [fault, code] of faultCases) {
  test(`injected fault ${fault} is ${code}, never a crash or a hang`, async () => {
    device.script.present({ person: 'P1' });
    device.inject(fault);
    await rejectsWithCode(scanner.capture({ purpose: 'verify', timeoutMs: 1_000 }), code);
  });
}

test('a stale report of an earlier command is skipped', async () => {
  device.script.present({ person: 'P1' });
  device.inject('stale-report');
  assert.ok((await scanner.capture({ purpose: 'verify', timeoutMs: 1_000 })).template);
});

test('after a fault the next capture works', async () => {
  device.script.present({ person: 'P1' });
  device.script.present({ person: 'P1', impression: 1 });
  device.inject('corrupt-crc');
  await rejectsWithCode(scanner.capture({ purpose: 'verify', timeoutMs: 1_000 }), 'HAL_FRAME_MALFORMED');
  assert.ok((await scanner.capture({ purpose: 'verify', timeoutMs: 1_000 })).template);
});

test('the signal cancels a capture at once and tells the device to stop', async () => {
  const controller = new AbortController();
  setTimeout(() => controller.abort(new Error('cashier pressed cancel')), 100);
  const { ms, error } = await timed(() => scanner.capture({ purpose: 'verify', timeoutMs: 5_000, signal: controller.signal }));
  assert.is((error as { code?: string }).code, 'HAL_CANCELED');
  assert.ok(ms < 1_000, `took ${ms} ms`);
  const last = decodeCommandReport(new Uint8Array(device.written.at(-1)!.subarray(1)));
  assert.is(last.cmd, 0x03, 'abort command sent');
  await rejectsWithCode(scanner.capture({ purpose: 'verify', timeoutMs: 5_000, signal: controller.signal }), 'HAL_CANCELED');
});

test('one capture at a time; close ends a capture in progress with HAL_DISCONNECTED', async () => {
  const first = scanner.capture({ purpose: 'verify', timeoutMs: 5_000 });
  await rejectsWithCode(scanner.capture({ purpose: 'verify' }), 'HAL_SHARING_VIOLATION');
  setTimeout(() => void scanner.close(), 50);
  await rejectsWithCode(first, 'HAL_DISCONNECTED');
  await rejectsWithCode(scanner.capture({ purpose: 'verify' }), 'HAL_DISCONNECTED');
});

test('a device that yields another format than its profile says is refused at open', async () => {
  const other = createSimHidFingerprintDevice({ profile: scannerProfile('generic-hid-scanner', { yields: 'image' }) });
  await rejectsWithCode(HidFingerprintScanner.open({ profile, open: other.open }), 'HAL_DEVICE_ERROR');
});

test('an image-only device gives the image', async () => {
  const imageProfile = scannerProfile('generic-hid-scanner', { yields: 'image', packetTimeoutMs: 300 });
  const imageDevice = createSimHidFingerprintDevice({ profile: imageProfile });
  const imageScanner = await HidFingerprintScanner.open({ profile: imageProfile, open: imageDevice.open, readSliceMs: 20 });
  try {
    imageDevice.script.present({ person: 'P3', quality: 70 });
    const capture = await imageScanner.capture({ purpose: 'verify', timeoutMs: 1_000 });
    assert.is(capture.format, 'image');
    assert.is(capture.template, undefined);
    assert.is(capture.image!.pixels.length, capture.image!.width * capture.image!.height);
  } finally {
    await imageScanner.close();
  }
});

test('unplugged before open is HAL_NO_DEVICE from the opener; unplugged while idle is HAL_DISCONNECTED', async () => {
  device.unplug();
  await rejectsWithCode(scanner.capture({ purpose: 'verify' }), 'HAL_DISCONNECTED');
  await rejectsWithCode(HidFingerprintScanner.open({ profile, open: device.open }), 'HAL_NO_DEVICE');
});

test.run();
