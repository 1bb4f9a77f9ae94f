import * as assert from 'uvu/assert';
import { suite } from '../../support/suite.ts';
import {
  BIOMETRIC_TYPE_FACIAL,
  BIOMETRIC_TYPE_FINGER,
  BIOMETRIC_TYPE_IRIS,
  BIOMETRIC_TYPE_PALM,
  BIOMETRIC_TYPE_VOICE,
  FORMAT_OWNER_ISO_SC37,
  FORMAT_TYPE_ISO_19794_2_COMPACT_CARD,
  encodeBiometricTerminalCapabilities,
  encodeBiometricTryCounters,
  encodeCardBitGroupTemplate,
  encodePreferredAttempts,
  parseBiometricTerminalCapabilities,
  parseBiometricTryCounters,
  parseCardBitGroupTemplate,
  parsePreferredAttempts,
  type BiometricInformation,
  type BiometricTerminalCapabilities,
} from '../../../emv/biometric/biometric-data-objects.ts';
import { fromHex, toHex } from '../../../emv/tlv/hex.ts';
import { assertEmvError } from '../assert-emv-error.ts';

const test = suite('emv/biometric/biometric-data-objects');

const FINGER_BIT: BiometricInformation = {
  biometricType: BIOMETRIC_TYPE_FINGER,
  subtype: 0x29,
  solutionId: fromHex('4B415254'),
  formatOwner: FORMAT_OWNER_ISO_SC37,
  formatType: FORMAT_TYPE_ISO_19794_2_COMPACT_CARD,
};

test('Biometric Type values of Book 3 Table 49', () => {
  assert.is(toHex(BIOMETRIC_TYPE_FINGER), '08');
  assert.is(toHex(BIOMETRIC_TYPE_FACIAL), '02');
  assert.is(toHex(BIOMETRIC_TYPE_IRIS), '10');
  assert.is(toHex(BIOMETRIC_TYPE_PALM), '020000');
  assert.is(toHex(BIOMETRIC_TYPE_VOICE), '04');
  assert.is(toHex(FORMAT_OWNER_ISO_SC37), '0101');
});

test('Card BIT Group Template: exact bytes of Table 51 / Table 48', () => {
  const bht = '80020101' + '90044B415254' + '810108' + '820129' + '87020101' + '88020004';
  const bit = '7F601A' + 'A118' + bht;
  assert.is(toHex(encodeCardBitGroupTemplate({ offline: [FINGER_BIT], online: [] })), 'BF4A20' + '020101' + bit);
  // Only the type given: subtype 00, no 90 / 87 / 88; an empty group is left out.
  assert.is(
    toHex(encodeCardBitGroupTemplate({ offline: [], online: [{ biometricType: BIOMETRIC_TYPE_FINGER }] })),
    'BF4B12' + '020101' + '7F600C' + 'A10A' + '80020101' + '810108' + '820100',
  );
  assert.is(toHex(encodeCardBitGroupTemplate({ offline: [], online: [] })), '');
});

test('Card BIT Group Template: round trip keeps both groups and the card order', () => {
  const groups = {
    offline: [FINGER_BIT, { biometricType: BIOMETRIC_TYPE_FINGER, subtype: 0x2a }, { biometricType: BIOMETRIC_TYPE_PALM }],
    online: [{ ...FINGER_BIT, subtype: 0x31 }],
  };
  const parsed = parseCardBitGroupTemplate(encodeCardBitGroupTemplate(groups));
  assert.equal(parsed.offline, [FINGER_BIT, { biometricType: BIOMETRIC_TYPE_FINGER, subtype: 0x2a }, { biometricType: BIOMETRIC_TYPE_PALM, subtype: 0 }]);
  assert.equal(parsed.online, [{ ...FINGER_BIT, subtype: 0x31 }]);
  assert.equal(parseCardBitGroupTemplate(new Uint8Array()), { offline: [], online: [] });
});

test('a card BIT with a level-2 BHT 1 and optional header fields: format owner/type come from BHT 1', () => {
  const bht1 = 'A108' + '87020101' + '88020004';
  const bht2 = 'A208' + '87021234' + '88020001';
  const bht = '80020101' + '900101' + '810108' + '820129' + '830720250101120000' + '86020042' + '9103010203' + bht1 + bht2;
  const bit = '7F60' + toHex(Uint8Array.of(2 + bht.length / 2)) + 'A1' + toHex(Uint8Array.of(bht.length / 2)) + bht;
  const value = fromHex('BF4A' + toHex(Uint8Array.of(3 + bit.length / 2)) + '020101' + bit);
  assert.equal(parseCardBitGroupTemplate(value).offline, [
    { biometricType: BIOMETRIC_TYPE_FINGER, subtype: 0x29, solutionId: Uint8Array.of(1), formatOwner: fromHex('0101'), formatType: fromHex('0004') },
  ]);
});

test('Card BIT Group Template: garbage is refused with EMV_BIOMETRIC_DATA_INVALID', () => {
  const bit = '7F600C' + 'A10A' + '80020101' + '810108' + '820100';
  const group = (inner: string, tag = 'BF4A') => tag + toHex(Uint8Array.of(inner.length / 2)) + inner;
  const bad = [
    'BF4A', // truncated
    'BF4A05020101', // value runs past the end
    group('020101' + bit) + group('020101' + bit), // BF4A twice
    group('020101' + bit, '9F37'), // unknown object at group level
    group(bit), // no Number of BITs
    group('020102' + bit), // says two, holds one
    group('02020001' + bit), // Number of BITs on two bytes
    group('020101' + bit + '9F3701AA'), // something else in the group
    group('020101' + '7F6005' + '8003010101'), // BIT without BHT
    group('020101' + '7F6006' + 'A104' + '80020101'), // BHT without 81
    group('020101' + '7F600B' + 'A109' + '810408000000' + '820100'), // type of 4 bytes
    group('020101' + '7F6009' + 'A107' + '810108' + '82020000'), // subtype of 2 bytes
    group('020101' + '7F600A' + 'A108' + '810108' + '8703010101'), // format owner of 3 bytes
    group('020101' + '7F600B' + 'A109' + '810108' + '810108' + '820100'), // 81 twice
    group('020101' + '7F6010' + 'A10E' + '810108' + 'A104' + '87020101' + 'A103' + '880100'), // two level-2 BHT 1
  ];
  for (const hex of bad) assertEmvError(() => parseCardBitGroupTemplate(fromHex(hex)), 'EMV_BIOMETRIC_DATA_INVALID');
  for (const bit of [{ biometricType: new Uint8Array(4) }, { biometricType: BIOMETRIC_TYPE_FINGER, subtype: 256 }, { biometricType: BIOMETRIC_TYPE_FINGER, formatType: Uint8Array.of(1) }, { biometricType: BIOMETRIC_TYPE_FINGER, solutionId: new Uint8Array(0) }]) {
    assertEmvError(() => encodeCardBitGroupTemplate({ offline: [bit], online: [] }), 'EMV_BIOMETRIC_DATA_INVALID');
  }
  assertEmvError(
    () => encodeCardBitGroupTemplate({ offline: new Array<BiometricInformation>(256).fill({ biometricType: BIOMETRIC_TYPE_FINGER }), online: [] }),
    'EMV_BIOMETRIC_DATA_INVALID',
  );
});

test('Biometric Try Counters (BF4C) and Preferred Attempts (BF4D): exact bytes and round trip', () => {
  assert.is(toHex(encodeBiometricTryCounters({ finger: 3 })), 'DF510103');
  assert.is(toHex(encodeBiometricTryCounters({ voice: 0, finger: 255, facial: 1 })), 'DF500101' + 'DF5101FF' + 'DF540100');
  assert.equal(parseBiometricTryCounters(fromHex('DF510103')), { finger: 3 });
  const all = { facial: 1, finger: 2, iris: 3, palm: 4, voice: 5 };
  assert.equal(parseBiometricTryCounters(encodeBiometricTryCounters(all)), all);
  assert.equal(parsePreferredAttempts(encodePreferredAttempts({ finger: 2, iris: 0 })), { finger: 2, iris: 0 });
  assert.equal(parseBiometricTryCounters(new Uint8Array()), {});
  // Card order does not matter on reading.
  assert.equal(parseBiometricTryCounters(fromHex('DF530107DF510102')), { palm: 7, finger: 2 });
});

test('try counters: garbage is refused', () => {
  for (const hex of ['DF51', 'DF5102', 'DF51020003', 'DF550101', 'DF510101DF510102', '9F170103', 'FF5101']) {
    assertEmvError(() => parseBiometricTryCounters(fromHex(hex)), 'EMV_BIOMETRIC_DATA_INVALID');
    assertEmvError(() => parsePreferredAttempts(fromHex(hex)), 'EMV_BIOMETRIC_DATA_INVALID');
  }
  for (const finger of [-1, 256, 1.5, Number.NaN]) {
    assertEmvError(() => encodeBiometricTryCounters({ finger }), 'EMV_BIOMETRIC_DATA_INVALID');
  }
});

test('Biometric Terminal Capabilities (Book 4 A7): exact bytes and every combination round trips', () => {
  assert.is(toHex(encodeBiometricTerminalCapabilities({ fingerOffline: true, fingerOnline: true })), '404000');
  assert.is(toHex(encodeBiometricTerminalCapabilities({ fingerOffline: true, fingerOnline: false })), '400000');
  assert.is(toHex(encodeBiometricTerminalCapabilities({ fingerOffline: false, fingerOnline: true, facialOnline: true })), '00C000');
  const names = ['facial', 'finger', 'iris', 'palm', 'voice'];
  for (let combo = 0; combo < 1024; combo++) {
    const caps = {} as Record<string, boolean>;
    names.forEach((name, i) => {
      caps[`${name}Offline`] = (combo & (1 << i)) !== 0;
      caps[`${name}Online`] = (combo & (1 << (i + 5))) !== 0;
    });
    const typed = caps as unknown as BiometricTerminalCapabilities;
    assert.equal(parseBiometricTerminalCapabilities(encodeBiometricTerminalCapabilities(typed)), typed);
  }
  assert.is(
    toHex(encodeBiometricTerminalCapabilities({ facialOffline: true, fingerOffline: true, irisOffline: true, palmOffline: true, voiceOffline: true, fingerOnline: false })),
    'F80000',
  );
});

test('Biometric Terminal Capabilities: wrong length or RFU bits are refused', () => {
  for (const hex of ['', '4040', '40400000', '410000', '400100', '404001', '000080']) {
    assertEmvError(() => parseBiometricTerminalCapabilities(fromHex(hex)), 'EMV_BIOMETRIC_DATA_INVALID');
  }
});

test.run();
