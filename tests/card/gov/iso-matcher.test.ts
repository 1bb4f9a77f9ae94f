import * as assert from 'uvu/assert';
import { createIsoTemplateMatcher, decodeIsoTemplate, isoTemplateMatcher } from '../../../card/gov/iso-matcher.ts';
import { enrolmentReference } from '../../../card/gov/member-finger.ts';
import { suite } from '../../support/suite.ts';
import { fingerProbe } from './gov-fixture.ts';

const test = suite('card/gov/iso-matcher');

const people = Array.from({ length: 30 }, (_, i) => `2900101${String(1000 + i).padStart(7, '0')}`);

test('decodeIsoTemplate: a record by its FMR magic, else compact card minutiae; anything else is undefined', () => {
  const record = decodeIsoTemplate(fingerProbe(people[0]!, 1, { form: 'record' }));
  assert.ok(record && !Array.isArray(record) && 'views' in record);
  const compact = decodeIsoTemplate(fingerProbe(people[0]!, 1));
  assert.ok(Array.isArray(compact) && compact.length > 10);
  assert.is(decodeIsoTemplate(Uint8Array.of(1, 2)), undefined, 'not whole minutiae');
  assert.is(decodeIsoTemplate(Uint8Array.of(1, 2, 0xc0)), undefined, 'reserved type');
  assert.is(decodeIsoTemplate(Uint8Array.of(0x46, 0x4d, 0x52, 0x00, 1, 2)), undefined, 'a broken record is no compact template');
});

test('the enrolled finger is accepted, at medium and easy placements, compact or record; strangers are refused', () => {
  let genuine = 0;
  let impostor = 0;
  people.forEach((person, i) => {
    const reference = enrolmentReference(person);
    if (isoTemplateMatcher(fingerProbe(person, 10 + i), reference)) genuine++;
    assert.ok(isoTemplateMatcher(fingerProbe(person, 50 + i, { level: 'easy', form: 'record' }), reference), `easy record of ${person}`);
    const other = people[(i + 1) % people.length]!;
    if (isoTemplateMatcher(fingerProbe(other, 10 + i), reference)) impostor++;
  });
  assert.ok(genuine >= 29, `medium genuine accepted ${genuine}/30 (benchmark FNMR about 0.9 %)`);
  assert.is(impostor, 0, 'no stranger accepted');
});

test('the threshold decides; a non-ISO probe never matches an ISO reference', () => {
  const reference = enrolmentReference(people[1]!);
  const stranger = fingerProbe(people[2]!, 3);
  assert.ok(!isoTemplateMatcher(stranger, reference));
  assert.ok(createIsoTemplateMatcher({ threshold: 0 })(stranger, reference), 'threshold 0 accepts any ISO probe');
  assert.ok(!createIsoTemplateMatcher({ threshold: 1.01 })(reference, reference), 'above 1 accepts nothing, not even the reference');
  assert.ok(isoTemplateMatcher(reference, reference), 'the reference itself');
  assert.ok(!isoTemplateMatcher(Uint8Array.of(9, 9), reference));
  assert.ok(!isoTemplateMatcher(reference, new Uint8Array(0)), 'an empty reference (no minutiae) matches nothing');
});

test('an opaque (non-ISO) reference matches exactly the same bytes only', () => {
  const opaque = Uint8Array.of(0xa1, 0xb2, 0xc3, 0xd4);
  assert.ok(isoTemplateMatcher(opaque.slice(), opaque));
  assert.ok(!isoTemplateMatcher(Uint8Array.of(0xa1, 0xb2, 0xc3), opaque));
  assert.ok(!isoTemplateMatcher(Uint8Array.of(0xa1, 0xb2, 0xc3, 0xd5), opaque));
  assert.ok(!isoTemplateMatcher(fingerProbe(people[0]!, 1), opaque));
});

test.run();
