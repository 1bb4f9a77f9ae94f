import * as assert from 'uvu/assert';
import { DECLINE_MESSAGES } from '../../../terminal/auth/decline-codes.ts';
import { decideLegacySale, householdSwitched } from '../../../terminal/legacy/legacy-acceptance.ts';
import type { LegacySaleInput } from '../../../terminal/legacy/legacy-acceptance.ts';
import { LocalSwitches } from '../../../terminal/legacy/local-switches.ts';
import { SwitchedHouseholds } from '../../../terminal/legacy/switched-households.ts';
import { SERVICE } from '../../../terminal/schemas/service.ts';
import { suite } from '../../support/suite.ts';
import { LEGACY_PERSONALIZATION } from '../../card/legacy/legacy-fixture.ts';
import { signedSwitchDelta } from './switch-fixture.ts';

const test = suite('terminal/legacy/legacy-acceptance');
const H = LEGACY_PERSONALIZATION.householdId;
const sale = (over: Partial<LegacySaleInput> = {}): LegacySaleInput => ({
  card: { ...LEGACY_PERSONALIZATION, atc: 3 }, switched: SwitchedHouseholds.empty(), local: new LocalSwitches(), amountPiastres: 1500, ...over,
});

test('accepted until the switch is known: the debit and the balance after', () => {
  assert.equal(decideLegacySale(sale()), { ok: true, amountPiastres: 1500, balanceAfter: 18_500 });
  assert.ok(decideLegacySale(sale({ amountPiastres: 20_000 })).ok, 'the whole balance');
});

test('refused LEGACY_CARD_SWITCHED (Arabic and English) once the list or the terminal itself knows; the card is to be stopped', () => {
  const list = SwitchedHouseholds.empty();
  list.applyDelta(signedSwitchDelta(0, 1, H));
  const local = new LocalSwitches();
  local.noteUnifiedSale(H, SERVICE.BREAD);
  for (const over of [{ switched: list }, { local }]) {
    const d = decideLegacySale(sale(over));
    assert.equal(d.ok ? 'ok' : [d.outcome, d.stopCard], ['LEGACY_CARD_SWITCHED', true]);
    assert.equal(!d.ok && d.reason.message, DECLINE_MESSAGES.LEGACY_CARD_SWITCHED);
    assert.ok(!d.ok && /[\u0600-\u06ff]/.test(d.reason.message.ar) && d.reason.message.en.includes('unified card'));
  }
  const stopped = decideLegacySale(sale({ card: { ...LEGACY_PERSONALIZATION, atc: 0, status: 'stopped' } }));
  assert.equal(stopped.ok ? 'ok' : [stopped.outcome, stopped.stopCard], ['LEGACY_CARD_SWITCHED', false], 'already stopped');
  assert.equal([householdSwitched(H, list, new LocalSwitches()), householdSwitched(H, SwitchedHouseholds.empty(), local)], [true, true]);
  assert.not.ok(householdSwitched(H, SwitchedHouseholds.empty(), new LocalSwitches()));
});

test('the switch comes before the amount; then REQUEST_INVALID and BALANCE_INSUFFICIENT', () => {
  const local = new LocalSwitches();
  local.noteUnifiedSale(H, SERVICE.RATION);
  const outcome = (over: Partial<LegacySaleInput>): string => { const d = decideLegacySale(sale(over)); return d.ok ? 'APPROVED' : d.outcome; };
  assert.is(outcome({ local, amountPiastres: 10 ** 9 }), 'LEGACY_CARD_SWITCHED');
  assert.is(outcome({ amountPiastres: 0 }), 'REQUEST_INVALID');
  assert.is(outcome({ amountPiastres: 1.5 }), 'REQUEST_INVALID');
  assert.is(outcome({ amountPiastres: 20_001 }), 'BALANCE_INSUFFICIENT');
});

test.run();
