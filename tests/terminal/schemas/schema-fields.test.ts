import * as assert from 'uvu/assert';
import { assertCanonical, bool, bytes, decodeStrict, int, list, oneOf, text, tuple, uint, version } from '../../../terminal/schemas/schema-fields.ts';
import { suite } from '../../support/suite.ts';
import { throwsSchemaError } from './vector-helpers.ts';

const test = suite('terminal/schemas/schema-fields');

test('readers return typed values', () => {
  assert.is(uint(7, 'p'), 7);
  assert.is(int(-5, 'p', -10, 10), -5);
  assert.is(oneOf(2, 'p', [1, 2]), 2);
  assert.is(bool(false, 'p'), false);
  assert.is(text('OK', 'p', /^OK$/), 'OK');
  assert.is(version(1, 'p', 1), 1);
  assert.equal(list([1, 2], 'p', 2, (v, p) => uint(v, p)), [1, 2]);
  assert.equal(tuple([1, 2], 'r', ['a', 'b']).at(1), 'r[1].b');
});

test('readers name the path and the problem', () => {
  throwsSchemaError(() => uint(1.5, 'x[1].a'), 'x[1].a', 'unsigned integer');
  throwsSchemaError(() => uint(2 ** 53, 'x'), 'x', 'unsigned integer');
  throwsSchemaError(() => uint(10n, 'x'), 'x', 'unsigned integer');
  throwsSchemaError(() => uint(9, 'x', 8), 'x', 'exceeds maximum 8');
  throwsSchemaError(() => int(11, 'x', -10, 10), 'x', 'outside');
  throwsSchemaError(() => bytes([1], 'x'), 'x', 'byte string');
  throwsSchemaError(() => bytes(new Uint8Array(3), 'x', 4), 'x', '4 bytes, got 3');
  throwsSchemaError(() => bool(0, 'x'), 'x', 'boolean');
  throwsSchemaError(() => text(1, 'x', /./), 'x', 'text');
  throwsSchemaError(() => list([1, 2, 3], 'x', 2, uint), 'x', 'exceeds 2');
  throwsSchemaError(() => list(['a'], 'x', 2, uint), 'x[0]', 'unsigned integer');
  throwsSchemaError(() => tuple({}, 'r', ['a']), 'r', 'expected array of 1 items');
  throwsSchemaError(() => version(2, 'r[0].version', 1), 'r[0].version', 'unsupported version 2');
});

test('decodeStrict refuses non-bytes, oversize and malformed input; assertCanonical compares bytes', () => {
  throwsSchemaError(() => decodeStrict('82 01 02', 'r'), 'r', 'Uint8Array');
  throwsSchemaError(() => decodeStrict(new Uint8Array(10), 'r', 5), 'r', 'exceeds 5');
  throwsSchemaError(() => decodeStrict(Uint8Array.of(0x82, 0x01), 'r'), 'r', 'not well-formed');
  assert.equal(decodeStrict(Uint8Array.of(0x82, 0x01, 0x02), 'r'), [1, 2]);
  assertCanonical(Uint8Array.of(1, 2), Uint8Array.of(1, 2), 'r');
  throwsSchemaError(() => assertCanonical(Uint8Array.of(0x18, 0x01), Uint8Array.of(0x01), 'r'), 'r', 'deterministic');
});

test.run();
