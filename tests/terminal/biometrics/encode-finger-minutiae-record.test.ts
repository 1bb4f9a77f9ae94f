import * as assert from 'uvu/assert';
import { suite } from '../../support/suite.ts';
import { BiometricError } from '../../../terminal/biometrics/errors.ts';
import { encodeFingerMinutiaeRecord } from '../../../terminal/biometrics/encode-finger-minutiae-record.ts';
import type { FingerMinutiaeRecord } from '../../../terminal/biometrics/finger-minutiae-record.ts';
import { HAND_MADE_BYTES, HAND_MADE_RECORD } from './hand-made-record.ts';

const test = suite('terminal/biometrics/encode-finger-minutiae-record');

function fieldOf(fn: () => unknown): string {
  try {
    fn();
  } catch (error) {
    assert.instance(error, BiometricError);
    assert.is((error as BiometricError).code, 'BIO_TEMPLATE_UNENCODABLE');
    return (error as BiometricError).field;
  }
  throw new Error('expected a BiometricError');
}

test('encodes the hand-made record to its exact bytes', () => {
  assert.equal([...encodeFingerMinutiaeRecord(HAND_MADE_RECORD)], [...HAND_MADE_BYTES]);
});

test('writes extended data after the view with its 2-byte length', () => {
  const view = { ...HAND_MADE_RECORD.views[0]!, extendedData: Uint8Array.of(0xde, 0xad, 0xbe) };
  const bytes = encodeFingerMinutiaeRecord({ ...HAND_MADE_RECORD, views: [view] });
  assert.is(bytes.length, 45);
  assert.is(new DataView(bytes.buffer).getUint32(8), 45);
  assert.equal([...bytes.subarray(40)], [0x00, 0x03, 0xde, 0xad, 0xbe]);
});

test('a record without views is the 24-byte header alone', () => {
  const bytes = encodeFingerMinutiaeRecord({ ...HAND_MADE_RECORD, views: [] });
  assert.is(bytes.length, 24);
  assert.is(bytes[22], 0);
});

test('values that do not fit name their field', () => {
  const withMinutia = (m: object): FingerMinutiaeRecord => ({
    ...HAND_MADE_RECORD,
    views: [{ ...HAND_MADE_RECORD.views[0]!, minutiae: [{ type: 1, x: 1, y: 1, angle: 0, quality: 0, ...m }] }],
  });
  assert.is(fieldOf(() => encodeFingerMinutiaeRecord({ ...HAND_MADE_RECORD, captureDeviceTypeId: 0x1000 })), 'captureDeviceTypeId');
  assert.is(fieldOf(() => encodeFingerMinutiaeRecord({ ...HAND_MADE_RECORD, resolutionX: 0 })), 'resolutionX');
  assert.is(fieldOf(() => encodeFingerMinutiaeRecord(withMinutia({ x: 320 }))), 'view[0].minutia[0].x');
  assert.is(fieldOf(() => encodeFingerMinutiaeRecord(withMinutia({ type: 3 }))), 'view[0].minutia[0].type');
  assert.is(fieldOf(() => encodeFingerMinutiaeRecord(withMinutia({ angle: 256 }))), 'view[0].minutia[0].angle');
  assert.is(fieldOf(() => encodeFingerMinutiaeRecord(withMinutia({ quality: 101 }))), 'view[0].minutia[0].quality');
  assert.is(fieldOf(() => encodeFingerMinutiaeRecord(withMinutia({ y: 1.5 }))), 'view[0].minutia[0].y');
  const badView = { ...HAND_MADE_RECORD.views[0]!, impressionType: 4 };
  assert.is(fieldOf(() => encodeFingerMinutiaeRecord({ ...HAND_MADE_RECORD, views: [badView] })), 'view[0].impressionType');
});

test.run();
