import * as assert from 'uvu/assert';
import { detectDualUse } from '../../../terminal/legacy/detect-dual-use.ts';
import type { HouseholdUseRecord } from '../../../terminal/legacy/detect-dual-use.ts';
import { SERVICE } from '../../../terminal/schemas/service.ts';
import { suite } from '../../support/suite.ts';
import { ids } from './switch-fixture.ts';

const test = suite('terminal/legacy/detect-dual-use');
const A = ids('0000000012345678');
const B = ids('00000000000000b2');
const T0 = 1_750_000_000;
const HOUR = 3600;
const H = 72 * HOUR;
let seq = 0;
const rec = (over: Partial<HouseholdUseRecord>): HouseholdUseRecord => ({
  terminalId: 2, terminalSeq: ++seq, time: T0, householdId: A, card: 'legacy', service: SERVICE.RATION, approved: true, amountPiastres: 1000, ...over,
});
const switchSale = rec({ terminalId: 1, terminalSeq: 10, card: 'unified' });

test('an old-card sale after the first unified bread or ration sale is flagged, with the window verdict', () => {
  const records = [
    rec({ time: T0 - HOUR }), // before the switch: the old card was the right card
    switchSale,
    rec({ time: T0 + HOUR, amountPiastres: 700 }), // an offline terminal that could not know yet
    rec({ time: T0 + 2 * H + 1, amountPiastres: 300 }), // after every terminal must have synced the list
    rec({ time: T0 + 5 * HOUR, approved: false }), // refused: nothing taken
    rec({ time: T0 + HOUR, householdId: B }), // another household, never switched
  ];
  const flags = detectDualUse(records, { maxOfflineSeconds: H });
  assert.equal(flags.map((f) => [f.time - T0, f.amountPiastres, f.secondsAfterSwitch, f.beyondSyncWindow]), [
    [HOUR, 700, HOUR, false],
    [2 * H + 1, 300, 2 * H + 1, true],
  ]);
  assert.equal([flags[0]!.code, flags[0]!.householdId, flags[0]!.switchedAt], ['LEGACY_AFTER_SWITCH', '0000000012345678', T0]);
});

test('the terminal that made the switch should refuse at once, even with its clock behind', () => {
  const own = rec({ terminalId: 1, terminalSeq: 11, time: T0 - 60 });
  const flags = detectDualUse([switchSale, own], { maxOfflineSeconds: H });
  assert.equal(flags.map((f) => [f.terminalId, f.beyondSyncWindow]), [[1, true]]);
  const earlier = rec({ terminalId: 1, terminalSeq: 9, time: T0 - 60 });
  assert.equal(detectDualUse([switchSale, earlier], { maxOfflineSeconds: H }), [], 'its own earlier old-card sale is fine');
});

test('health on the unified card does not switch; the ledger may know an earlier switch and when it learned it', () => {
  const health = rec({ terminalId: 1, card: 'unified', service: SERVICE.HEALTH });
  const later = rec({ time: T0 + 10 * HOUR });
  assert.equal(detectDualUse([health, later], { maxOfflineSeconds: H }), []);
  const known = new Map([['0000000012345678', T0 - HOUR]]);
  const learned = new Map([['0000000012345678', T0]]);
  const flags = detectDualUse([later], { maxOfflineSeconds: 8 * HOUR, switchedAt: known, learnedAt: learned, publishDelaySeconds: HOUR });
  assert.equal(flags.map((f) => [f.secondsAfterSwitch, f.beyondSyncWindow]), [[11 * HOUR, true]], 'learned at T0 + 1 h publication + 8 h offline < T0 + 10 h');
});

test.run();
