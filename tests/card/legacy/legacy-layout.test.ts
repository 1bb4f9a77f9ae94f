import * as assert from 'uvu/assert';
import { decodeLegacyFile, encodeLegacyFile, LEGACY_FILE_LENGTH } from '../../../card/legacy/legacy-layout.ts';
import { suite } from '../../support/suite.ts';
import { LEGACY_PERSONALIZATION } from './legacy-fixture.ts';

const test = suite('card/legacy/legacy-layout');
const file = { ...LEGACY_PERSONALIZATION, atc: 7 };

test('32 bytes at fixed offsets, and back', () => {
  const bytes = encodeLegacyFile(file);
  assert.is(bytes.length, LEGACY_FILE_LENGTH);
  assert.is(Buffer.from(bytes).toString('hex'), '0100' + '0000000012345678' + '1234567890ffffff' + '04' + '00004e20' + '0007' + '00'.repeat(7));
  assert.equal(decodeLegacyFile(bytes), file);
  assert.is(decodeLegacyFile(encodeLegacyFile({ ...file, status: 'stopped' }))!.status, 'stopped');
});

test('bad values are refused when laid out, bad bytes when read', () => {
  assert.throws(() => encodeLegacyFile({ ...file, householdId: new Uint8Array(7) }), /8 bytes/);
  assert.throws(() => encodeLegacyFile({ ...file, rationCardNumber: '12a' }), /digits/);
  assert.throws(() => encodeLegacyFile({ ...file, beneficiaries: 0 }), /beneficiaries/);
  assert.throws(() => encodeLegacyFile({ ...file, balancePiastres: -1 }), /balance/);
  const good = encodeLegacyFile(file);
  const bad = (at: number, value: number): Uint8Array => Uint8Array.from(good, (b, i) => (i === at ? value : b));
  assert.is(decodeLegacyFile(good.subarray(0, 31)), undefined, 'short');
  assert.is(decodeLegacyFile(bad(0, 2)), undefined, 'layout version');
  assert.is(decodeLegacyFile(bad(1, 9)), undefined, 'status');
  assert.is(decodeLegacyFile(bad(10, 0xab)), undefined, 'card number not BCD');
  assert.is(decodeLegacyFile(bad(18, 0)), undefined, 'no beneficiaries');
});

test.run();
