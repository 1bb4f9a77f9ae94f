import * as assert from 'uvu/assert';
import { decodeEntitlementState, emptyEntitlementState, encodeEntitlementState } from '../../../terminal/schemas/entitlement-state.ts';
import type { SchemaError } from '../../../terminal/schemas/schema-error.ts';
import { suite } from '../../support/suite.ts';

const test = suite('terminal/schemas/entitlement-state');
const FEB_2028 = 2028 * 12 + 1;

test('round trip; a month has one counter per day', () => {
  const state = { ...emptyEntitlementState(FEB_2028), rationLoaded: true, items: [{ code: 1, pricePiastres: 1260, perPerson: 1, perCard: 6, consumed: 2 }] };
  assert.is(state.breadTaken.length, 29);
  assert.equal(decodeEntitlementState(encodeEntitlementState(state)), state);
});

test('wrong day count or item order is SCHEMA_INVALID', () => {
  const state = emptyEntitlementState(FEB_2028);
  const item = { code: 5, pricePiastres: 1, perPerson: 1, perCard: 1, consumed: 0 };
  for (const bad of [{ ...state, breadTaken: [0] }, { ...state, items: [item, item] }, { ...state, rationSpent: -1 }]) {
    assert.throws(() => encodeEntitlementState(bad), (e: unknown) => (e as SchemaError).code === 'SCHEMA_INVALID');
  }
});

test.run();
