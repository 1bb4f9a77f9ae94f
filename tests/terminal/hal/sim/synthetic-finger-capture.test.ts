import * as assert from 'uvu/assert';
import { suite } from '../../../support/suite.ts';
import { syntheticImage, syntheticIsoTemplate, syntheticVendorTemplate } from '../../../../terminal/hal/sim/synthetic-finger-capture.ts';
import { decodeFingerMinutiaeRecord } from '../../../../terminal/biometrics/index.ts';

const test = suite('terminal/hal/sim/synthetic-finger-capture');

test('deterministic in person, finger and impression', () => {
  assert.equal(syntheticIsoTemplate({ person: 1, finger: 3 }), syntheticIsoTemplate({ person: 1, finger: 3 }));
  assert.not.equal(syntheticIsoTemplate({ person: 1, finger: 3 }), syntheticIsoTemplate({ person: 1, finger: 3, impression: 1 }));
  assert.not.equal(syntheticIsoTemplate({ person: 1, finger: 3 }), syntheticIsoTemplate({ person: 2, finger: 3 }));
});

test('the ISO record decodes and carries the finger position and quality', () => {
  const view = decodeFingerMinutiaeRecord(syntheticIsoTemplate({ person: 'x', finger: 10, quality: 55 })).views[0]!;
  assert.is(view.fingerPosition, 10);
  assert.is(view.fingerQuality, 55);
  assert.ok(view.minutiae.length > 5);
});

test('vendor templates: 512 bytes, close between impressions of one finger, far between fingers', () => {
  const a = syntheticVendorTemplate({ person: 'x' });
  const b = syntheticVendorTemplate({ person: 'x', impression: 1 });
  const c = syntheticVendorTemplate({ person: 'y' });
  const diff = (p: Uint8Array, q: Uint8Array): number => p.reduce((n, v, i) => n + (v === q[i] ? 0 : 1), 0);
  assert.is(a.length, 512);
  assert.ok(diff(a, b) < 60 && diff(a, c) > 400, `${diff(a, b)} / ${diff(a, c)}`);
});

test('images have the asked size', () => {
  const image = syntheticImage({ person: 'x' }, 10, 12, 500);
  assert.is(image.pixels.length, 120);
});

test.run();
