import * as assert from 'uvu/assert';
import { suite } from '../../support/suite.ts';
import { isTerminalError } from '../../../terminal/errors.ts';
import { DEFAULT_PARAMETERS, validateParameters } from '../../../terminal/auth/parameters.ts';
import type { Parameters } from '../../../terminal/auth/parameters.ts';

const test = suite('terminal/auth/parameters', { timeoutMs: 5000 });

test('defaults of DOMAIN.md', () => {
  const p = validateParameters(DEFAULT_PARAMETERS);
  assert.is(p.bread.loavesPerBeneficiaryPerDay, 5);
  assert.is(p.bread.loafPricePiastres, 20);
  assert.is(p.bread.loafGrams, 90);
  assert.equal([p.bread.smallHouseholdMax, p.bread.aheadDaysSmall, p.bread.aheadDaysLarge, p.bread.monthEndAheadDays], [3, 3, 2, 2]);
  assert.is(p.bread.pointPiastresPerLoaf, 10);
  assert.is(p.ration.monthlyPiastresPerBeneficiary, 5000);
  const sugar = p.ration.catalogue.find((it) => it.code === 101)!;
  assert.equal([sugar.nameEn, sugar.capPerPerson, sugar.capPerCard], ['Sugar', 1, 6]);
  assert.is(p.expiryWarningDays, 30);
});

const broken: [string, (p: Parameters) => Parameters, RegExp][] = [
  ['negative price', (p) => ({ ...p, bread: { ...p.bread, loafPricePiastres: -1 } }), /bread\.loafPricePiastres/],
  ['fractional loaves', (p) => ({ ...p, bread: { ...p.bread, loavesPerBeneficiaryPerDay: 4.5 } }), /loavesPerBeneficiaryPerDay/],
  ['duplicate item code', (p) => ({ ...p, ration: { ...p.ration, catalogue: [...p.ration.catalogue, p.ration.catalogue[0]!] } }), /catalogue\[5\]\.code/],
  ['zero share denominator', (p) => ({ ...p, offline: { ...p.offline, cardShare: { num: 1, den: 0 } } }), /cardShare\.den/],
  ['version 0', (p) => ({ ...p, version: 0 }), /version/],
];
for (const [name, patch, path] of broken) {
  test(`refuses ${name}`, () => {
    try {
      validateParameters(patch(DEFAULT_PARAMETERS));
      assert.unreachable('accepted');
    } catch (error) {
      assert.ok(isTerminalError(error, 'TERM_PARAMETERS_INVALID'), String(error));
      assert.match((error as Error).message, path);
    }
  });
}

test.run();
