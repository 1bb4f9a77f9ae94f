import * as assert from 'uvu/assert';
import { suite } from '../../support/suite.ts';
import { BiometricError } from '../../../terminal/biometrics/errors.ts';
import { encodeCompactCard } from '../../../terminal/biometrics/encode-compact-card.ts';
import { toCompactMinutiae } from '../../../terminal/biometrics/to-compact-minutiae.ts';
import { HAND_MADE_COMPACT_BYTES, HAND_MADE_RECORD } from './hand-made-record.ts';

const test = suite('terminal/biometrics/to-compact-minutiae');

test('converts pixels at 197 px/cm to 0.1 mm and 1.40625 to 5.625 degree units', () => {
  assert.equal([...encodeCompactCard(toCompactMinutiae(HAND_MADE_RECORD))], [...HAND_MADE_COMPACT_BYTES]);
});

test('angle 254 rounds to 64, which wraps to 0', () => {
  const view = { ...HAND_MADE_RECORD.views[0]!, minutiae: [{ type: 1 as const, x: 0, y: 0, angle: 254, quality: 0 }] };
  assert.is(toCompactMinutiae({ ...HAND_MADE_RECORD, views: [view] })[0]!.angle, 0);
});

test('a minutia beyond 25.5 mm, or a missing view, is named', () => {
  const view = { ...HAND_MADE_RECORD.views[0]!, minutiae: [{ type: 1 as const, x: 10, y: 600, angle: 0, quality: 0 }] };
  try {
    toCompactMinutiae({ ...HAND_MADE_RECORD, imageHeight: 700, views: [view] });
    assert.unreachable('should throw');
  } catch (error) {
    assert.instance(error, BiometricError);
    assert.is((error as BiometricError).field, 'view[0].minutia[0].y');
  }
  try {
    toCompactMinutiae(HAND_MADE_RECORD, 1);
    assert.unreachable('should throw');
  } catch (error) {
    assert.is((error as BiometricError).field, 'views');
  }
});

test.run();
