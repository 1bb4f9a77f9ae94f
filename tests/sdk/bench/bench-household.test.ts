import * as assert from 'uvu/assert';
import { suite } from '../../support/suite.ts';
import { benchHousehold } from '../../../sdk/bench/bench-household.ts';
import { parseHouseholdDescription } from '../../../card/gov/household-description.ts';
import { isNationalIdValue } from '../../../terminal/hal/redaction/national-id.ts';

const test = suite('sdk/bench/bench-household');

test('the default household: head, spouse, a son of 19, a daughter of 10; 4 beneficiaries; a valid household file', () => {
  const h = benchHousehold({}, 2026);
  assert.equal(h.members.map((m) => [m.role, m.age]), [['head', 44], ['spouse', 39], ['child', 19], ['child', 10]]);
  assert.is(h.beneficiaries, 4);
  const parsed = parseHouseholdDescription({
    householdId: Buffer.from(h.householdId).toString('hex'), rationCardNumber: h.rationCardNumber, beneficiaries: h.beneficiaries,
    members: h.members.map(({ nationalId, nameAr, nameEn, role, age, pin }) => ({ nationalId, nameAr, nameEn, role, age, pin })),
  });
  assert.is(parsed.members.length, 4);
  for (const m of h.members) {
    assert.match(m.nameAr, /[\u0600-\u06ff]/);
    assert.ok(isNationalIdValue(new Uint8Array(Buffer.from(m.nationalId))), `${m.role}: the redaction rule must recognise the ID's shape`);
  }
  assert.match(h.members[2]!.nameEn, h.members[0]!.nameEn.split(' ')[0]!, "the son carries his father's name");
});

test('deterministic by number; different numbers give different households and IDs', () => {
  assert.equal(benchHousehold({ number: 3 }, 2026), benchHousehold({ number: 3 }, 2026));
  const ids = new Set<string>();
  for (let n = 1; n <= 40; n++) for (const m of benchHousehold({ number: n, members: 6 }, 2026).members) ids.add(m.nationalId);
  assert.is(ids.size, 240);
  assert.not.equal(benchHousehold({ number: 1 }).householdId, benchHousehold({ number: 2 }).householdId);
});

test.run();
