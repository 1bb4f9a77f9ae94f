import * as assert from 'uvu/assert';
import { isoTemplateMatcher } from '../../../card/gov/iso-matcher.ts';
import { ENROLLED_FINGER_POSITION, enrolmentReference, fingerOf } from '../../../card/gov/member-finger.ts';
import { decodeCompactCard } from '../../../terminal/biometrics/index.ts';
import { syntheticIsoTemplate } from '../../../terminal/hal/sim/synthetic-finger-capture.ts';
import { suite } from '../../support/suite.ts';

const test = suite('card/gov/member-finger');

const ids = Array.from({ length: 12 }, (_, i) => `3000101${String(2000 + i).padStart(7, '0')}`);

test('the finger belongs to the person: same national ID, same finger; another person or position, another finger', () => {
  assert.equal(fingerOf(ids[0]!), fingerOf({ nationalId: ids[0]! }));
  assert.equal(enrolmentReference(ids[0]!), enrolmentReference({ nationalId: ids[0]! }), 'a replacement card gets the same reference');
  assert.not.equal(fingerOf(ids[0]!).minutiae, fingerOf(ids[1]!).minutiae);
  assert.not.equal(fingerOf(ids[0]!, 7).minutiae, fingerOf(ids[0]!).minutiae);
  assert.is(ENROLLED_FINGER_POSITION, 2);
});

test('the reference is ISO compact card format that fits one short VERIFY APDU', () => {
  for (const id of ids) {
    const reference = enrolmentReference(id);
    const minutiae = decodeCompactCard(reference);
    assert.ok(minutiae.length >= 12, `${minutiae.length} minutiae`);
    assert.ok(reference.length <= 248, `${reference.length} bytes`);
  }
});

test('it is the finger the simulated scanners present for { person: nationalId, finger: 2 } (the seeds agree)', () => {
  for (const [i, id] of ids.entries()) {
    const reference = enrolmentReference(id);
    const probe = syntheticIsoTemplate({ person: id, finger: ENROLLED_FINGER_POSITION, impression: i, quality: 80 });
    assert.ok(isoTemplateMatcher(probe, reference), `sim scanner, ${id}`);
    assert.ok(!isoTemplateMatcher(syntheticIsoTemplate({ person: id, finger: 3, quality: 80 }), reference), 'another finger of the same person');
  }
});

test.run();
