import * as assert from 'uvu/assert';
import { suite } from '../../support/suite.ts';
import { DIFFICULTY_LEVELS } from '../../../terminal/biometrics/difficulty-levels.ts';
import { MATCH_THRESHOLD, match } from '../../../terminal/biometrics/match.ts';
import { toCompactMinutiae } from '../../../terminal/biometrics/to-compact-minutiae.ts';
import { generateSyntheticFinger } from '../../../terminal/biometrics/synthetic-finger.ts';
import { generateImpression } from '../../../terminal/biometrics/synthetic-impression.ts';

const test = suite('terminal/biometrics/match');

test('records and compact card minutiae match their finger and not another', () => {
  const level = DIFFICULTY_LEVELS.easy;
  const a = generateImpression(generateSyntheticFinger(1), level, 1).record;
  const b = generateImpression(generateSyntheticFinger(1), level, 2).record;
  const other = generateImpression(generateSyntheticFinger(2), level, 3).record;
  assert.ok(match(a, b) >= MATCH_THRESHOLD);
  assert.ok(match(toCompactMinutiae(a), toCompactMinutiae(b)) >= MATCH_THRESHOLD);
  assert.ok(match(a, other) < MATCH_THRESHOLD);
  assert.ok(MATCH_THRESHOLD > 0 && MATCH_THRESHOLD < 1);
});

test.run();
