import * as assert from 'uvu/assert';
import { suite } from '../../support/suite.ts';
import { FINGER_PARAMETERS, generateSyntheticFinger } from '../../../terminal/biometrics/synthetic-finger.ts';
import { ridgeOrientation } from '../../../terminal/biometrics/ridge-orientation.ts';

const test = suite('terminal/biometrics/synthetic-finger');

test('deterministic: the same seed gives the same finger, another seed another', () => {
  assert.equal(generateSyntheticFinger(123), generateSyntheticFinger(123));
  assert.not.equal(generateSyntheticFinger(123).minutiae, generateSyntheticFinger(124).minutiae);
});

test('counts, outline, spacing and flow-consistent directions', () => {
  const patterns = new Set<string>();
  for (let seed = 0; seed < 100; seed++) {
    const f = generateSyntheticFinger(seed);
    patterns.add(f.singular.pattern);
    const [lo, hi] = FINGER_PARAMETERS.minutiaeCount;
    assert.ok(f.minutiae.length >= lo && f.minutiae.length <= hi, `${f.minutiae.length} minutiae`);
    for (const [i, m] of f.minutiae.entries()) {
      assert.ok((m.x / f.semiAxisX) ** 2 + (m.y / f.semiAxisY) ** 2 <= 1, 'inside the outline');
      assert.ok(m.type === 1 || m.type === 2);
      for (const o of f.minutiae.slice(i + 1)) assert.ok(Math.hypot(o.x - m.x, o.y - m.y) >= FINGER_PARAMETERS.minSpacingPx);
      // Direction along the ridge flow (either way) within 5 sd of the deviation.
      const flow = ridgeOrientation(f.singular, m.x, m.y);
      const off = Math.abs(Math.sin(m.direction - flow));
      assert.ok(off < Math.sin((5 * FINGER_PARAMETERS.flowDeviationSdDeg * Math.PI) / 180), `off flow by ${off}`);
    }
  }
  assert.equal([...patterns].sort(), ['arch', 'left-loop', 'right-loop', 'whorl']);
});

test.run();
