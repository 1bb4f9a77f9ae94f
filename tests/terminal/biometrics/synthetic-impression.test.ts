import * as assert from 'uvu/assert';
import { suite } from '../../support/suite.ts';
import { DIFFICULTY_LEVELS } from '../../../terminal/biometrics/difficulty-levels.ts';
import { encodeFingerMinutiaeRecord } from '../../../terminal/biometrics/encode-finger-minutiae-record.ts';
import { generateSyntheticFinger } from '../../../terminal/biometrics/synthetic-finger.ts';
import { directionToIsoAngle, generateImpression } from '../../../terminal/biometrics/synthetic-impression.ts';

const test = suite('terminal/biometrics/synthetic-impression');
const finger = generateSyntheticFinger(99);

test('deterministic: the same seed gives the same impression, another seed another', () => {
  const a = generateImpression(finger, DIFFICULTY_LEVELS.medium, 5);
  assert.equal(generateImpression(finger, DIFFICULTY_LEVELS.medium, 5), a);
  assert.not.equal(generateImpression(finger, DIFFICULTY_LEVELS.medium, 6).record.views[0]!.minutiae, a.record.views[0]!.minutiae);
});

test('records are valid, inside the sensor window, and harder levels lose more minutiae', () => {
  const kept = { easy: 0, medium: 0, hard: 0 };
  const spurious = { easy: 0, medium: 0, hard: 0 };
  for (const level of Object.values(DIFFICULTY_LEVELS)) {
    for (let seed = 0; seed < 60; seed++) {
      const { record, sourceIndex } = generateImpression(generateSyntheticFinger(seed), level, seed);
      encodeFingerMinutiaeRecord(record); // throws on any field out of range
      assert.is(record.imageWidth, level.sensorWidth);
      const minutiae = record.views[0]!.minutiae;
      assert.is(sourceIndex.length, minutiae.length);
      for (const m of minutiae) {
        assert.ok(m.x >= level.borderMarginPx && m.x < level.sensorWidth - level.borderMarginPx);
        assert.ok(m.y >= level.borderMarginPx && m.y < level.sensorHeight - level.borderMarginPx);
      }
      kept[level.name] += sourceIndex.filter((s) => s >= 0).length;
      spurious[level.name] += sourceIndex.filter((s) => s < 0).length;
    }
  }
  assert.ok(kept.easy > kept.medium && kept.medium > kept.hard, JSON.stringify(kept));
  assert.ok(spurious.easy < spurious.medium && spurious.medium < spurious.hard, JSON.stringify(spurious));
});

test('directions convert to the standard counter-clockwise angle units', () => {
  assert.is(directionToIsoAngle(0), 0);
  assert.is(directionToIsoAngle(-Math.PI / 2), 64); // pointing up on screen: 90 degrees counter-clockwise
  assert.is(directionToIsoAngle(Math.PI), 128);
  assert.is(directionToIsoAngle(Math.PI / 2), 192);
});

test.run();
