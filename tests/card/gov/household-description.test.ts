import * as assert from 'uvu/assert';
import type { GovError } from '../../../card/gov/gov-error.ts';
import { parseHouseholdDescription } from '../../../card/gov/household-description.ts';
import { suite } from '../../support/suite.ts';
import { day } from './gov-fixture.ts';

const test = suite('card/gov/household-description');

const member = { nationalId: '28501011234567', nameAr: 'سيد', nameEn: 'SAYED', role: 'head', age: 40 };
const base = { householdId: '00000000000000AB', rationCardNumber: '42', beneficiaries: 2, members: [member] };

test('a valid file', () => {
  const parsed = parseHouseholdDescription({ ...base, activations: { ration: '2026-04-01' } });
  assert.equal(parsed.householdId, Uint8Array.of(0, 0, 0, 0, 0, 0, 0, 0xab));
  assert.equal(parsed.activations, { ration: day('2026-04-01') });
  assert.is(parsed.members[0]!.pin, undefined);
});

test('each fault names its field, never the value, with code GOV_HOUSEHOLD_INVALID and both languages', () => {
  const cases: Array<[unknown, string]> = [
    [null, 'household'],
    [{ ...base, householdId: '12' }, 'householdId'],
    [{ ...base, beneficiaries: 0 }, 'beneficiaries'],
    [{ ...base, members: [] }, 'members'],
    [{ ...base, members: [{ ...member, nationalId: '2850101123456X' }] }, 'members[0].nationalId'],
    [{ ...base, members: [{ ...member, role: 'cousin' }] }, 'members[0].role'],
    [{ ...base, members: [{ ...member, age: -1 }] }, 'members[0].age'],
    [{ ...base, members: [{ ...member, nameEn: 'سيد' }] }, 'members[0].nameEn'],
    [{ ...base, members: [{ ...member, pin: '12' }] }, 'members[0].pin'],
    [{ ...base, members: [member, { ...member, role: 'spouse' }] }, 'members'],
    [{ ...base, members: [{ ...member, role: 'spouse' }] }, 'members'],
    [{ ...base, activations: { bread: '2026-02-30' } }, 'activations.bread'],
    [{ ...base, activations: { pension: '2026-02-01' } }, 'activations.pension'],
  ];
  for (const [input, field] of cases) {
    try {
      parseHouseholdDescription(input);
      assert.unreachable(`accepted a bad ${field}`);
    } catch (e) {
      const error = e as GovError;
      assert.is(error.code, 'GOV_HOUSEHOLD_INVALID', field);
      assert.ok(error.detail.startsWith(`${field}:`), `${field}: ${error.detail}`);
      assert.not.ok(error.message.includes('2850101123456'), 'no national ID in messages');
      assert.ok(error.messageAr.length > 0 && error.messageEn.length > 0);
    }
  }
});

test.run();
