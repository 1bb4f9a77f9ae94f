import * as assert from 'uvu/assert';
import { suite } from '../../support/suite.ts';
import { compareTemplates, compareTemplatesDetailed } from '../../../terminal/biometrics/compare-templates.ts';
import { DIFFICULTY_LEVELS } from '../../../terminal/biometrics/difficulty-levels.ts';
import type { FingerMinutiaeRecord, Minutia } from '../../../terminal/biometrics/finger-minutiae-record.ts';
import { MATCH_THRESHOLD } from '../../../terminal/biometrics/match.ts';
import { prepareTemplate } from '../../../terminal/biometrics/prepare-template.ts';
import { generateSyntheticFinger } from '../../../terminal/biometrics/synthetic-finger.ts';
import { generateImpression } from '../../../terminal/biometrics/synthetic-impression.ts';

const test = suite('terminal/biometrics/compare-templates');

const impression = (finger: number, seed: number, level = DIFFICULTY_LEVELS.medium): FingerMinutiaeRecord =>
  generateImpression(generateSyntheticFinger(finger), level, seed).record;

/** The record's minutiae rotated by `degrees` about (cx, cy) and shifted, in a larger image so all stay inside. */
function moved(record: FingerMinutiaeRecord, degrees: number, shiftX: number, shiftY: number): FingerMinutiaeRecord {
  const r = (degrees * Math.PI) / 180;
  const cx = record.imageWidth / 2;
  const cy = record.imageHeight / 2;
  const minutiae: Minutia[] = record.views[0]!.minutiae.map((m) => {
    const dx = m.x - cx;
    const dy = m.y - cy;
    // Pixel coordinates have y down: a counter-clockwise turn on screen is (x cos + y sin, -x sin + y cos).
    const x = Math.round(500 + dx * Math.cos(r) + dy * Math.sin(r) + shiftX);
    const y = Math.round(500 + -dx * Math.sin(r) + dy * Math.cos(r) + shiftY);
    return { ...m, x, y, angle: (m.angle + Math.round((degrees * 256) / 360) + 256) & 255 };
  });
  return { ...record, imageWidth: 1200, imageHeight: 1200, views: [{ ...record.views[0]!, minutiae }] };
}

test('a template against itself scores 1', () => {
  const t = prepareTemplate(impression(1, 1));
  assert.is(compareTemplates(t, t), 1);
});

test('rotation and translation do not matter', () => {
  const record = impression(2, 3);
  const base = prepareTemplate(record);
  for (const [deg, sx, sy] of [[37, 120, -80], [-90, -200, 150], [180, 0, 0], [12, 333, 17]] as const) {
    const detail = compareTemplatesDetailed(base, prepareTemplate(moved(record, deg, sx, sy)));
    assert.ok(detail.score > 0.8, `${deg} degrees: score ${detail.score}`);
    assert.ok(detail.paired >= record.views[0]!.minutiae.length - 2, `${deg} degrees: ${detail.paired} paired`);
  }
});

test('impressions of one finger score above the threshold (easy level)', () => {
  for (let f = 0; f < 20; f++) {
    const s = compareTemplates(prepareTemplate(impression(f, 1, DIFFICULTY_LEVELS.easy)), prepareTemplate(impression(f, 2, DIFFICULTY_LEVELS.easy)));
    assert.ok(s >= MATCH_THRESHOLD, `finger ${f}: ${s}`);
  }
});

test('unrelated fingers score low (medium level, 780 pairs)', () => {
  const templates = Array.from({ length: 40 }, (_, f) => prepareTemplate(impression(100 + f, f)));
  let sum = 0;
  let max = 0;
  let n = 0;
  for (let a = 0; a < templates.length; a++) {
    for (let b = a + 1; b < templates.length; b++) {
      const s = compareTemplates(templates[a]!, templates[b]!);
      sum += s;
      max = Math.max(max, s);
      n++;
    }
  }
  assert.ok(max < MATCH_THRESHOLD, `max impostor score ${max}`);
  assert.ok(sum / n < MATCH_THRESHOLD / 3, `mean impostor score ${sum / n}`);
});

test('symmetric: compare(a, b) === compare(b, a)', () => {
  const ts = [0, 1, 2, 3, 4, 5].map((i) => prepareTemplate(impression(i >> 1, i)));
  for (const a of ts) for (const b of ts) assert.is(compareTemplates(a, b), compareTemplates(b, a));
});

test('edge cases: empty templates and a single minutia score 0, two identical minutiae score 1', () => {
  const empty = prepareTemplate([]);
  const one = prepareTemplate([{ type: 1, x: 10, y: 10, angle: 5 }]);
  const two = prepareTemplate([{ type: 1, x: 10, y: 10, angle: 5 }, { type: 2, x: 60, y: 90, angle: 40 }]);
  const full = prepareTemplate(impression(3, 3));
  assert.is(compareTemplates(empty, empty), 0);
  assert.is(compareTemplates(empty, full), 0);
  assert.is(compareTemplates(one, one), 0);
  assert.is(compareTemplates(one, full), 0);
  assert.is(compareTemplates(two, two), 1);
  const score = compareTemplates(two, full);
  assert.ok(score >= 0 && score <= 1);
});

test.run();
