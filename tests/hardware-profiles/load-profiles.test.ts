import * as assert from 'uvu/assert';
import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { suite } from '../support/suite.ts';
import { loadProfiles, matchReaderProfile } from '../../hardware-profiles/load-profiles.ts';

const test = suite('hardware-profiles/load-profiles');

test('every shipped profile validates and ids are unique', () => {
  const profiles = loadProfiles();
  assert.ok(profiles.length >= 5, `only ${profiles.length} profiles`);
  assert.equal(new Set(profiles.map((p) => p.id)).size, profiles.length);
});

test('reader names are matched to their profile', () => {
  const profiles = loadProfiles();
  assert.is(matchReaderProfile('Virtual PCD 00 01', profiles)?.id, 'virtual-pcd');
  assert.is(matchReaderProfile('Kart Sim Reader 0', profiles)?.id, 'kart-sim-reader');
  assert.is(matchReaderProfile('Identiv uTrust 2700 R Smart Card Reader [CCID Interface] 00 00', profiles)?.id, 'ccid-contact-reader');
  assert.is(matchReaderProfile('Some Keyboard', profiles), undefined);
});

test('a bad profile file fails with PROFILE_INVALID naming the file and field', () => {
  const dir = mkdtempSync(join(tmpdir(), 'kart-profiles-'));
  try {
    writeFileSync(join(dir, 'bad.json'), JSON.stringify({ kind: 'printer', id: 'p', description: 'd', serial: { baudRate: 1 }, commandSet: 'escpos', columns: 32 }));
    try {
      loadProfiles(dir);
      assert.unreachable('accepted a baud rate of 1');
    } catch (error) {
      assert.is((error as { code?: string }).code, 'PROFILE_INVALID');
      assert.is((error as { field?: string }).field, 'bad.json.serial.baudRate');
    }
    writeFileSync(join(dir, 'bad.json'), '{ not json');
    assert.throws(() => loadProfiles(dir), (e: Error) => (e as { field?: string }).field === 'bad.json');
  } finally {
    rmSync(dir, { recursive: true, force: true });
  }
});

test('a HID scanner profile needs its report layout', () => {
  const dir = mkdtempSync(join(tmpdir(), 'kart-profiles-'));
  try {
    writeFileSync(
      join(dir, 'hid.json'),
      JSON.stringify({ kind: 'fingerprint-scanner', id: 'h', description: 'd', transport: 'hid', usb: { vendorId: 0x1234, productId: 1 }, yields: 'iso-19794-2', resolutionDpi: 500 }),
    );
    assert.throws(() => loadProfiles(dir), (e: Error) => (e as { field?: string }).field === 'hid.json.reports');
  } finally {
    rmSync(dir, { recursive: true, force: true });
  }
});

test.run();
