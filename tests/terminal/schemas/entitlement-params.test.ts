import * as assert from 'uvu/assert';
import { decodeEntitlementParams, DEFAULT_ENTITLEMENT_PARAMS, encodeEntitlementParams } from '../../../terminal/schemas/entitlement-params.ts';
import type { SchemaError } from '../../../terminal/schemas/schema-error.ts';
import { suite } from '../../support/suite.ts';

const test = suite('terminal/schemas/entitlement-params');

test('round trip of the defaults, which are DOMAIN.md\'s', () => {
  const bytes = encodeEntitlementParams(DEFAULT_ENTITLEMENT_PARAMS);
  assert.equal(decodeEntitlementParams(bytes), DEFAULT_ENTITLEMENT_PARAMS);
  assert.equal(Buffer.from(bytes).toString('hex'), '880105030302020a191388');
});

test('zero loaves or a zero-day window is refused', () => {
  for (const bad of [{ breadLoavesPerBeneficiaryPerDay: 0 }, { breadAheadDaysSmall: 0 }, { breadMonthEndMaxDays: 32 }]) {
    assert.throws(() => encodeEntitlementParams({ ...DEFAULT_ENTITLEMENT_PARAMS, ...bad }), (e: unknown) => (e as SchemaError).code === 'SCHEMA_INVALID');
  }
});

test.run();
