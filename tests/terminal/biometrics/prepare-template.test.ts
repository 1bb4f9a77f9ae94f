import * as assert from 'uvu/assert';
import { suite } from '../../support/suite.ts';
import { EDGE_NEIGHBOURS, prepareTemplate } from '../../../terminal/biometrics/prepare-template.ts';
import { HAND_MADE_RECORD } from './hand-made-record.ts';

const test = suite('terminal/biometrics/prepare-template');

test('record pixels at 197 px/cm and compact 0.1 mm land in the same 500 dpi units', () => {
  const fromRecord = prepareTemplate(HAND_MADE_RECORD);
  const fromCompact = prepareTemplate([{ type: 1, x: 51, y: 102, angle: 16 }, { type: 2, x: 8, y: 152, angle: 50 }]);
  assert.ok(Math.abs(fromRecord.x[0]! - 100 * (196.85 / 197)) < 0.01);
  assert.ok(Math.abs(fromRecord.x[0]! - fromCompact.x[0]!) < 1);
  assert.ok(Math.abs(fromRecord.y[1]! - fromCompact.y[1]!) < 1);
  // Angle 64 (90 degrees counter-clockwise) points up: -pi/2 in pixel coordinates.
  assert.ok(Math.abs(fromRecord.direction[0]! + Math.PI / 2) < 1e-6);
  assert.ok(Math.abs(fromCompact.direction[0]! + Math.PI / 2) < 1e-6);
});

test('edges index every minutia to its nearest neighbours, binned and complete', () => {
  const minutiae = Array.from({ length: 20 }, (_, i) => ({ type: 1 as const, x: (i * 37) % 200, y: (i * 53) % 220, angle: (i * 11) % 64 }));
  const t = prepareTemplate(minutiae);
  assert.is(t.count, 20);
  assert.is(t.edgeCount, 20 * EDGE_NEIGHBOURS);
  assert.is(t.edgeStart[t.edgeStart.length - 1], t.edgeCount);
  for (let i = 0; i < 20; i++) assert.is(t.byDistance[i * 20], i);
  assert.is(t.gridStart[t.gridStart.length - 1], 20);
});

test('an empty template prepares to nothing', () => {
  const t = prepareTemplate({ ...HAND_MADE_RECORD, views: [] });
  assert.is(t.count, 0);
  assert.is(t.edgeCount, 0);
});

test.run();
