/** The fleet's seeded script: reproducible, households shared the way the domain says, faults placed as documented. */
import * as assert from 'uvu/assert';
import { FLEET_FAULTS, fleetScript } from '../../../sdk/bench/fleet/fleet-script.ts';
import { suite } from '../../support/suite.ts';

const test = suite('sdk/fleet/fleet-script');
const all = { terminals: 6, households: 18, seed: 5, faults: FLEET_FAULTS };

test('the same options give the same fleet; another seed another', () => {
  assert.equal(fleetScript(all), fleetScript(all));
  assert.not.equal(fleetScript(all).visits, fleetScript({ ...all, seed: 6 }).visits);
});

test('households: a home bakery each, every bakery has some; a member of some buys at a second bakery, the others at one', () => {
  const s = fleetScript({ ...all, faults: FLEET_FAULTS.filter((k) => k !== 'over-draw' && k !== 'card-twice') });
  assert.is(s.visits.length, 18 * 6);
  assert.equal(new Set(s.households.map((h) => h.home)).size, 6);
  const split = s.households.filter((h) => h.away !== undefined);
  assert.ok(split.length >= 1 && split.length < s.households.length, `${split.length} split`);
  for (const h of split) {
    assert.ok(h.away !== h.home && h.members >= 2 && h.awayMember! >= 1 && h.awayMember! < h.members);
  }
  for (const [i, v] of s.visits.entries()) {
    const h = s.households[v.household]!;
    assert.is(v.terminal, h.away !== undefined && v.member === h.awayMember ? h.away : h.home);
    if (i > 0) assert.ok(v.minute >= s.visits[i - 1]!.minute, 'in time order');
  }
  // Some household's members really are at two bakeries the same day.
  const at = new Map<number, Set<number>>();
  for (const v of s.visits) at.set(v.household, (at.get(v.household) ?? new Set()).add(v.terminal));
  assert.ok([...at.values()].some((t) => t.size === 2));
});

test('faults: each kind placed, the drifting terminal apart; none without faults', () => {
  const s = fleetScript(all);
  const f = s.faults;
  assert.ok(f.clockDrift && f.clockDrift.aheadMs >= 2 * 86_400_000 && f.clockDrift.driftMsPerHour > 0);
  const drift = f.clockDrift.terminal;
  assert.ok(s.households.every((h) => h.away !== drift), 'no household comes from elsewhere to the drifting terminal');
  assert.ok(s.visits.filter((v) => v.terminal === drift).every((v) => s.households[v.household]!.home === drift));
  assert.ok(f.neverSyncs !== undefined && f.neverSyncs !== drift);
  assert.ok(f.outage && f.outage.terminals.length === 2 && f.outage.toMinute > f.outage.fromMinute);
  assert.ok(!f.outage.terminals.includes(drift) && !f.outage.terminals.includes(f.neverSyncs));
  assert.ok(f.powerCuts.length >= 1);
  assert.ok(s.visits.some((v) => v.pullCardAfterApdus !== undefined));
  const quiet = fleetScript({ ...all, faults: [] });
  assert.equal(quiet.faults, { powerCuts: [] });
  assert.ok(quiet.visits.every((v) => v.pullCardAfterApdus === undefined));
});

test('over-draw: the head takes the whole collect-ahead window at home at opening, a member buys later at the bakery cut off all day', () => {
  const s = fleetScript(all);
  const o = s.faults.overDraw;
  assert.ok(o && o.away === s.faults.neverSyncs && o.home !== o.away);
  const h = s.households[o.household]!;
  assert.is(h.away, o.away);
  const mine = s.visits.filter((v) => v.household === o.household);
  const window = h.beneficiaries * 5 * (h.beneficiaries <= 3 ? 3 : 2);
  const atHome = mine.filter((v) => v.terminal === o.home);
  assert.ok(atHome.every((v) => v.member === 0 && v.minute < 6 * 60));
  assert.is(atHome.reduce((sum, v) => sum + v.loaves, 0), window);
  assert.equal(mine.filter((v) => v.terminal === o.away).map((v) => [v.member, v.minute]), [[1, 16 * 60]]);
  assert.is(mine.length, atHome.length + 1);
});

test('card-twice: the same card at a second bakery three minutes after a morning purchase, clocks correct at both', () => {
  const s = fleetScript(all);
  const c = s.faults.cardTwice;
  assert.ok(c && c.terminals[0] !== c.terminals[1]);
  assert.ok(!c.terminals.includes(s.faults.clockDrift!.terminal));
  const at = (t: number, minute: number) => s.visits.filter((v) => v.household === c.household && v.member === c.member && v.terminal === t && v.minute === minute);
  assert.is(at(c.terminals[0], c.minute).length, 1);
  assert.is(at(c.terminals[1], c.minute + 3).length, 1);
});

test('counts out of range and unknown faults are RangeErrors', () => {
  assert.throws(() => fleetScript({ terminals: 0, households: 3, seed: 1 }), RangeError);
  assert.throws(() => fleetScript({ terminals: 4, households: 3, seed: 1 }), RangeError);
  assert.throws(() => fleetScript({ terminals: 2, households: 3, seed: 1, faults: ['flood' as never] }), RangeError);
});

test.run();
