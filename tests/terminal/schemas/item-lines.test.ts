import * as assert from 'uvu/assert';
import { readItemLines, sameItemLines } from '../../../terminal/schemas/item-lines.ts';
import { SERVICE } from '../../../terminal/schemas/service.ts';
import { suite } from '../../support/suite.ts';
import { throwsSchemaError } from './vector-helpers.ts';

const test = suite('terminal/schemas/item-lines');

test('reads ration lines; an empty list only where allowed', () => {
  assert.equal(readItemLines([[1, 2], [5, 1]], 'i', SERVICE.RATION), [[1, 2], [5, 1]]);
  assert.equal(readItemLines([], 'i', SERVICE.BREAD), []);
  assert.equal(readItemLines([], 'i', SERVICE.RATION, true), []);
  throwsSchemaError(() => readItemLines([], 'i', SERVICE.RATION), 'i', 'at least one');
  throwsSchemaError(() => readItemLines([[1, 1]], 'i', SERVICE.PAYMENT), 'i', 'ration service only');
  throwsSchemaError(() => readItemLines([[2, 1], [2, 1]], 'i', SERVICE.RATION), 'i[1][0]', 'increasing');
  throwsSchemaError(() => readItemLines([[2 ** 32, 1]], 'i', SERVICE.RATION), 'i[0][0]', 'exceeds');
});

test('sameItemLines compares codes and quantities', () => {
  assert.ok(sameItemLines([[1, 2]], [[1, 2]]));
  assert.not.ok(sameItemLines([[1, 2]], [[1, 3]]));
  assert.not.ok(sameItemLines([[1, 2]], []));
});

test.run();
