import * as assert from 'uvu/assert';
import { suite } from '../../support/suite.ts';
import { BiometricError } from '../../../terminal/biometrics/errors.ts';
import { encodeCompactCard } from '../../../terminal/biometrics/encode-compact-card.ts';
import { HAND_MADE_COMPACT_BYTES } from './hand-made-record.ts';

const test = suite('terminal/biometrics/encode-compact-card');

test('encodes 3 bytes per minutia: x, y, type << 6 | angle', () => {
  const bytes = encodeCompactCard([
    { type: 1, x: 51, y: 102, angle: 16 },
    { type: 2, x: 8, y: 152, angle: 50 },
  ]);
  assert.equal([...bytes], [...HAND_MADE_COMPACT_BYTES]);
  assert.equal([...encodeCompactCard([{ type: 0, x: 255, y: 0, angle: 63 }])], [0xff, 0x00, 0x3f]);
  assert.is(encodeCompactCard([]).length, 0);
});

test('values that do not fit name their field', () => {
  const cases: [object, string][] = [
    [{ x: 256 }, 'minutia[1].x'],
    [{ y: -1 }, 'minutia[1].y'],
    [{ type: 3 }, 'minutia[1].type'],
    [{ angle: 64 }, 'minutia[1].angle'],
  ];
  for (const [patch, field] of cases) {
    try {
      encodeCompactCard([{ type: 1, x: 0, y: 0, angle: 0 }, { type: 1, x: 0, y: 0, angle: 0, ...patch }]);
      assert.unreachable(field);
    } catch (error) {
      assert.instance(error, BiometricError);
      assert.is((error as BiometricError).code, 'BIO_TEMPLATE_UNENCODABLE');
      assert.is((error as BiometricError).field, field);
    }
  }
});

test.run();
