import * as assert from 'uvu/assert';
import { LocalSwitches } from '../../../terminal/legacy/local-switches.ts';
import { OUTCOME } from '../../../terminal/schemas/journal-record.ts';
import { SERVICE } from '../../../terminal/schemas/service.ts';
import { suite } from '../../support/suite.ts';
import { ids } from './switch-fixture.ts';

const test = suite('terminal/legacy/local-switches');
const A = ids('0000000012345678');
const B = ids('00000000000000b2');
const C = ids('00000000000000c3');

test('bread and ration approvals switch a household; health, declines and unread cards do not', () => {
  const local = LocalSwitches.fromJournal([
    { outcome: OUTCOME.APPROVED, service: SERVICE.RATION, householdId: A },
    { outcome: OUTCOME.APPROVED, service: SERVICE.HEALTH, householdId: B },
    { outcome: OUTCOME.DECLINED, service: SERVICE.BREAD, householdId: C },
    { outcome: OUTCOME.APPROVED, service: SERVICE.BREAD, householdId: null },
  ]);
  assert.equal([local.has(A), local.has(B), local.has(C), local.size], [true, false, false, 1]);
  local.noteUnifiedSale(C, SERVICE.BREAD);
  local.noteUnifiedSale(B, SERVICE.PAYMENT);
  assert.equal([local.has(C), local.has(B)], [true, false]);
  assert.not.ok(new LocalSwitches().has(A), 'instances share nothing');
});

test.run();
