import * as assert from 'uvu/assert';
import { suite } from '../../support/suite.ts';
import { createSeededRandom } from '../../../terminal/journal/seeded-random.ts';
import { DEFAULT_PARAMETERS } from '../../../terminal/auth/parameters.ts';
import type { Parameters } from '../../../terminal/auth/parameters.ts';
import { excessOf, overdrawBound, withDoubledCardShareForTest } from '../../../terminal/auth/overdraw-bound.ts';
import { randomScenario, simulate } from './overdraw-simulation.ts';
import type { Violation } from './overdraw-simulation.ts';

const test = suite('terminal/auth/overdraw-bound', { timeoutMs: 15000 });

// Long enough offline windows: the hour limit only shortens D, the bound is about the household.
const POLICY: Parameters = { ...DEFAULT_PARAMETERS, offline: { ...DEFAULT_PARAMETERS.offline, maxHoursWithoutSync: 24 * 11 } };
const RUNS = 1500;

function run(seed: number, policy: Parameters): { violations: Violation[]; multiCard: number } {
  const rng = createSeededRandom(seed);
  const violations: Violation[] = [];
  let multiCard = 0;
  for (let i = 0; i < RUNS; i++) {
    const scenario = randomScenario(rng);
    if (scenario.entitledCards > 1) multiCard++;
    violations.push(...simulate(rng, policy, POLICY, scenario));
  }
  return { violations, multiCard };
}

test('the bound as numbers: zero for the default share', () => {
  const b = overdrawBound(POLICY, { beneficiaries: 4, entitledCards: 2 }, 10, 1000);
  assert.is(b.breadLoaves, 0);
  assert.is(b.rationPiastres, 0);
  assert.is(b.pointsPiastres, 0);
  assert.ok([...b.itemUnits.values()].every((v) => v === 0));
});

test('the bound as numbers: a doubled share', () => {
  const doubled = withDoubledCardShareForTest(POLICY);
  // S = 20, E = 2: each card 20 a day, 40 for the household: 20 a day over.
  assert.is(overdrawBound(doubled, { beneficiaries: 4, entitledCards: 2 }, 3).breadLoaves, 60);
  // S = 35, E = 3: ⌊70/3⌋ = 23 per card, 69 together: 34 a day over.
  assert.is(overdrawBound(doubled, { beneficiaries: 7, entitledCards: 3 }, 1).breadLoaves, 34);
  assert.is(overdrawBound(doubled, { beneficiaries: 4, entitledCards: 1 }, 10).breadLoaves, 0);
  assert.is(excessOf(20000, { num: 2, den: 1 }, 2), 20000);
  assert.is(excessOf(6, { num: 3, den: 2 }, 4), 2); // ⌊9/4⌋ = 2 each, 8 together
});

test(`property: ${RUNS} random households at offline terminals never over-draw beyond the bound`, () => {
  const { violations, multiCard } = run(0x6b617274, POLICY);
  assert.ok(multiCard > RUNS / 2, `too few households with several cards: ${multiCard}`);
  assert.equal(violations.slice(0, 3), []);
});

test('property: the check detects a policy that raises the bound (card share doubled)', () => {
  const { violations } = run(0x6b617274, withDoubledCardShareForTest(POLICY));
  assert.ok(violations.length > 0, 'the doubled share went unnoticed: the property check cannot fail');
  assert.ok(violations.some((v) => v.what === 'bread'));
  assert.ok(violations.every((v) => v.scenario.entitledCards > 1));
});

test('property: without the card share the check fails too', () => {
  const noShare: Parameters = { ...POLICY, offline: { ...POLICY.offline, cardShare: { num: 1000, den: 1 } } };
  const { violations } = run(7, noShare);
  assert.ok(violations.some((v) => v.what === 'ration') && violations.some((v) => v.what === 'bread'));
});

test.run();
