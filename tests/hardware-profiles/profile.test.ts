import * as assert from 'uvu/assert';
import { suite } from '../support/suite.ts';
import { DEFAULT_HID_SCANNER_COMMANDS, parseProfile } from '../../hardware-profiles/profile.ts';
import { loadProfiles } from '../../hardware-profiles/load-profiles.ts';

const test = suite('hardware-profiles/profile');

const hid = {
  kind: 'fingerprint-scanner', id: 'h', description: 'd', transport: 'hid', usb: { vendorId: 0x1209, productId: 10 },
  reports: { command: { reportId: 1, length: 63 }, response: { reportId: 2, length: 63 } }, yields: 'iso-19794-2', resolutionDpi: 500,
};

const fieldOf = (input: unknown): string | undefined => {
  try {
    parseProfile(input);
    return undefined;
  } catch (error) {
    return (error as { field?: string }).field;
  }
};

test('the shipped fingerprint scanner profiles', () => {
  const scanners = loadProfiles().filter((p) => p.kind === 'fingerprint-scanner');
  const byId = new Map(scanners.map((p) => [p.id, p]));
  const generic = byId.get('generic-hid-scanner');
  assert.ok(generic && generic.kind === 'fingerprint-scanner');
  assert.is(generic.transport, 'hid');
  assert.is(generic.yields, 'iso-19794-2');
  assert.equal(generic.hidCommands, DEFAULT_HID_SCANNER_COMMANDS);
  const r30x = byId.get('r30x-uart-scanner');
  assert.ok(r30x && r30x.kind === 'fingerprint-scanner');
  assert.is(r30x.yields, 'vendor-template');
  assert.is(r30x.packetTimeoutMs, 2_000);
  assert.equal(r30x.serial, { baudRate: 57_600 });
});

test('optional scanner fields are absent unless given', () => {
  const p = parseProfile(hid);
  assert.ok(p.kind === 'fingerprint-scanner');
  assert.not.ok('hidCommands' in p);
  assert.not.ok('packetTimeoutMs' in p);
});

test('bad scanner fields are refused, naming the field', () => {
  assert.is(fieldOf({ ...hid, packetTimeoutMs: 5 }), 'profile.packetTimeoutMs');
  assert.is(fieldOf({ ...hid, hidCommands: { getInfo: 1, capture: 1, abort: 3 } }), 'profile.hidCommands');
  assert.is(fieldOf({ ...hid, hidCommands: { getInfo: 1, capture: 2 } }), 'profile.hidCommands.abort');
  assert.is(fieldOf({ ...hid, reports: { ...hid.reports, command: { reportId: 1, length: 7 } } }), 'profile.reports.command.length');
  assert.is(fieldOf({ ...hid, reports: { ...hid.reports, response: { reportId: 2, length: 15 } } }), 'profile.reports.response.length');
  assert.is(fieldOf({ ...hid, yields: 'wsq' }), 'profile.yields');
});

test('printer profiles: the Arabic code page and status queries are optional and checked', () => {
  const printer = { kind: 'printer', id: 'p', description: 'd', serial: { baudRate: 9600 }, commandSet: 'escpos', columns: 32 };
  const plain = parseProfile(printer);
  assert.ok(plain.kind === 'printer');
  assert.not.ok('arabicCodePage' in plain);
  assert.not.ok('statusQueries' in plain);
  assert.equal(parseProfile({ ...printer, arabicCodePage: 37, statusQueries: false }), { ...printer, arabicCodePage: 37, statusQueries: false });
  assert.is(fieldOf({ ...printer, statusQueries: 'yes' }), 'profile.statusQueries');
  assert.is(fieldOf({ ...printer, arabicCodePage: 256 }), 'profile.arabicCodePage');
  assert.is(fieldOf({ ...printer, columns: 8 }), 'profile.columns');
  const arabic = loadProfiles().find((p) => p.id === 'escpos-58mm-arabic-printer');
  assert.ok(arabic && arabic.kind === 'printer' && arabic.arabicCodePage === 37);
});

test.run();
