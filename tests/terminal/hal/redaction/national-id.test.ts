import * as assert from 'uvu/assert';
import { suite } from '../../../support/suite.ts';
import { isNationalIdShape, isNationalIdValue, redactNationalIdsInText } from '../../../../terminal/hal/redaction/national-id.ts';

const test = suite('terminal/hal/redaction/national-id');

test('the shape: century 2 or 3, a real month and day, a governorate code', () => {
  const cases: [string, boolean][] = [
    ['29005170301234', true], // 1990-05-17, Port Said
    ['30112318801239', true], // 2001-12-31, born abroad
    ['19005170301234', false], // century 1
    ['29013170301234', false], // month 13
    ['29005000301234', false], // day 0
    ['29005170501234', false], // governorate 05 does not exist
    ['2900517030123', false], // 13 digits
    ['2900517030123x', false],
  ];
  for (const [digits, expected] of cases) assert.is(isNationalIdShape(digits), expected, digits);
});

test('as a value: 14 ASCII digits or 7 BCD bytes', () => {
  assert.ok(isNationalIdValue(new TextEncoder().encode('29005170301234')));
  assert.ok(isNationalIdValue(Uint8Array.from(Buffer.from('29005170301234', 'hex'))));
  assert.not.ok(isNationalIdValue(Uint8Array.from(Buffer.from('2900517030123F', 'hex'))), 'a filler nibble is no digit');
  assert.not.ok(isNationalIdValue(new TextEncoder().encode('2900517030123')));
});

test('in text: only whole 14-digit runs of the right shape', () => {
  assert.is(redactNationalIdsInText('id=29005170301234.'), 'id=<redacted: national ID, 14 digits>.');
  assert.is(redactNationalIdsInText('129005170301234'), '129005170301234', 'part of a longer number');
  assert.is(redactNationalIdsInText('19005170301234'), '19005170301234');
});

test.run();
