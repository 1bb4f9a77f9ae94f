import * as assert from 'uvu/assert';
import { MAX_PROBE_MINUTIAE, toCardProbe } from '../../../terminal/biometrics-verify/card-probe.ts';
import { decodeCompactCard, encodeFingerMinutiaeRecord, type Minutia } from '../../../terminal/biometrics/index.ts';
import { syntheticRecord } from '../../../terminal/hal/sim/synthetic-finger-capture.ts';
import { suite } from '../../support/suite.ts';

const test = suite('terminal/biometrics-verify/card-probe');

test('a scanner record becomes compact card minutiae: 0.1 mm, 5.625 degree angles, same order', () => {
  const record = syntheticRecord({ person: 'P7' });
  const compact = decodeCompactCard(toCardProbe(encodeFingerMinutiaeRecord(record)));
  const view = record.views[0]!;
  assert.is(compact.length, view.minutiae.length);
  const m = view.minutiae[0]!;
  assert.equal(compact[0], { type: m.type, x: Math.round((m.x * 100) / record.resolutionX), y: Math.round((m.y * 100) / record.resolutionY), angle: Math.round(m.angle / 4) & 63 });
});

test('more minutiae than one short APDU takes: the best by quality are kept, in record order', () => {
  const base = syntheticRecord({ person: 'P8' });
  const minutiae: Minutia[] = Array.from({ length: 100 }, (_, i) => ({ type: 1, x: 10 + i * 2, y: 20 + i, angle: i, quality: (i * 37) % 101 }));
  const record = { ...base, views: [{ ...base.views[0]!, minutiae }] };
  const compact = decodeCompactCard(toCardProbe(encodeFingerMinutiaeRecord(record)));
  assert.is(compact.length, MAX_PROBE_MINUTIAE);
  const kept = minutiae.map((m, i) => ({ q: m.quality, i })).sort((a, b) => b.q - a.q || a.i - b.i).slice(0, MAX_PROBE_MINUTIAE).map((k) => k.i).sort((a, b) => a - b);
  assert.equal(compact.map((c) => c.angle), kept.map((i) => Math.round(i / 4) & 63));
  assert.equal(compact.map((c) => c.y), kept.map((i) => Math.round(((20 + i) * 100) / record.resolutionY)));
  assert.is(decodeCompactCard(toCardProbe(encodeFingerMinutiaeRecord(record), 5)).length, 5);
});

test('bytes that are no record: BIO_TEMPLATE_MALFORMED', () => {
  assert.throws(() => toCardProbe(Uint8Array.of(1, 2, 3)), (e: unknown) => (e as { code?: string }).code === 'BIO_TEMPLATE_MALFORMED');
});

test.run();
