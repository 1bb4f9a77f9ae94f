import * as assert from 'uvu/assert';
import { Blocklist } from '../../../terminal/blocklist/blocklist.ts';
import { SwitchedHouseholds } from '../../../terminal/legacy/switched-households.ts';
import { suite } from '../../support/suite.ts';
import { ids, signedSwitchDelta } from './switch-fixture.ts';

const test = suite('terminal/legacy/switched-households');
const A = ids('0000000012345678');
const B = ids('00000000000000b2');

test('empty at version 0; a full list, then a delta; exact membership', () => {
  const list = SwitchedHouseholds.empty();
  assert.equal([list.version, list.size, list.has(A)], [0, 0, false]);
  list.applyDelta(signedSwitchDelta(0, 5, A));
  assert.equal([list.version, list.has(A), list.has(B)], [5, true, false]);
  list.applyDelta(signedSwitchDelta(5, 6, B));
  assert.equal([list.version, list.size, list.has(B)], [6, 2, true]);
  list.applyDelta(signedSwitchDelta(6, 7, new Uint8Array(0), A));
  assert.equal([list.version, list.has(A)], [7, false], 'a correction removes a household');
});

test('version rules of the blocklist: wrong base, replays and rollbacks leave the list unchanged', () => {
  const list = SwitchedHouseholds.empty();
  list.applyDelta(signedSwitchDelta(0, 5, A));
  const code = (fn: () => void): string | undefined => { try { fn(); } catch (e) { return (e as { code?: string }).code; } return undefined; };
  assert.is(code(() => list.applyDelta(signedSwitchDelta(4, 6, B))), 'TERM_BLOCKLIST_VERSION');
  assert.is(code(() => list.applyDelta(signedSwitchDelta(0, 5, B))), 'TERM_BLOCKLIST_VERSION', 'an old full list never rolls back');
  assert.is(code(() => list.applyDelta(signedSwitchDelta(5, 6, A))), 'TERM_BLOCKLIST_CONFLICT');
  assert.equal([list.version, list.has(A), list.has(B)], [5, true, false]);
});

test('its own namespace: the card blocklist is untouched; the stored form round-trips', () => {
  const cards = Blocklist.empty();
  const list = SwitchedHouseholds.empty();
  list.applyDelta(signedSwitchDelta(0, 1, A));
  assert.not.ok(cards.has(A));
  const again = SwitchedHouseholds.deserialize(list.serialize());
  assert.equal([again.version, again.has(A), again.has(B)], [1, true, false]);
});

test.run();
