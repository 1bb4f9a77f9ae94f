/**
 * A fleet's bakery day as a seeded script, pure: the same options give the same fleet. One `dayScript` over all the
 * households gives the people and the visits (times with the morning rush, loaves, fingers, asks beyond the share);
 * each household has a home bakery, and in some households of two or more cards one member (not the head) buys at a
 * second bakery the same day, as the domain says members may; the other households appear at one bakery only.
 * Faults across the fleet, each chosen by the seed: a regional outage (a group of neighbouring terminals loses the
 * ledger from one minute to another, then all re-sync at once), power cuts (a terminal restarts on its journal),
 * cards pulled mid-sale, a terminal whose clock runs days ahead and drifts further, and a terminal that never
 * reaches the ledger until the closing sync.
 */
import { createSeededRandom } from '../../../terminal/journal/seeded-random.ts';
import { dayScript, LOAVES_PER_BENEFICIARY, type ScriptHousehold, type ScriptVisit } from '../day/day-script.ts';

export const FLEET_FAULTS = ['outage', 'power-cut', 'card-pulled', 'clock-drift', 'never-syncs', 'over-draw', 'card-twice'] as const;
export type FleetFaultKind = (typeof FLEET_FAULTS)[number];

export interface FleetScriptOptions {
  readonly terminals: number;
  readonly households: number;
  /** Customer visits over the whole fleet (default 6 per household). */
  readonly visits?: number;
  readonly seed: number;
  /** The kinds of fault to inject (default none). */
  readonly faults?: readonly FleetFaultKind[];
  /** Share of households of two or more cards with a member buying at a second bakery (default 0.5). */
  readonly splitShare?: number;
}

export interface FleetHousehold extends ScriptHousehold {
  /** The bakery (terminal index) the household buys at. */
  readonly home: number;
  /** A second bakery one member (`awayMember`) buys at, or undefined: the household appears at one bakery only. */
  readonly away?: number;
  readonly awayMember?: number;
}

export interface FleetVisit extends ScriptVisit {
  readonly terminal: number;
}

export interface FleetFaults {
  /** Terminals (neighbours) that cannot reach the ledger from `fromMinute` until `toMinute`, then re-sync together. */
  readonly outage?: { readonly terminals: readonly number[]; readonly fromMinute: number; readonly toMinute: number };
  /** A terminal loses power before its first visit at or after `minute` (restarted on the same journal). */
  readonly powerCuts: readonly { readonly terminal: number; readonly minute: number }[];
  /** A terminal whose clock is `aheadMs` ahead at opening and gains `driftMsPerHour` every hour. */
  readonly clockDrift?: { readonly terminal: number; readonly aheadMs: number; readonly driftMsPerHour: number };
  /** A terminal that reaches the ledger only for the closing sync. */
  readonly neverSyncs?: number;
  /**
   * A household whose head collects its whole collect-ahead window at home at opening, while a member buys at a
   * bakery cut off from the ledger later that day: more than the household may take, for the ledger to flag.
   */
  readonly overDraw?: { readonly household: number; readonly home: number; readonly away: number };
  /** A member's card used at a second bakery minutes after a purchase (lent or cloned): a card cannot travel so fast. */
  readonly cardTwice?: { readonly household: number; readonly member: number; readonly terminals: readonly [number, number]; readonly minute: number };
}

export interface FleetScript {
  readonly options: FleetScriptOptions;
  readonly households: readonly FleetHousehold[];
  /** In time order over the fleet (minutes non-decreasing). */
  readonly visits: readonly FleetVisit[];
  readonly faults: FleetFaults;
}

/** Builds the fleet's day; throws RangeError on a count out of range. */
export function fleetScript(options: FleetScriptOptions): FleetScript {
  const { terminals: n, households: h, seed } = options;
  if (!Number.isSafeInteger(n) || n < 1 || n > 200) throw new RangeError('terminals must be 1–200');
  if (!Number.isSafeInteger(h) || h < n || h > 10_000) throw new RangeError('households must be at least the terminals and at most 10000');
  const kinds = new Set(options.faults ?? []);
  for (const k of kinds) if (!FLEET_FAULTS.includes(k)) throw new RangeError(`unknown fault ${String(k)}`);
  const day = dayScript({ customers: options.visits ?? h * 6, households: h, seed, faults: false });
  const rng = createSeededRandom(seed ^ 0x5f1e_e7);
  const between = (lo: number, hi: number): number => lo + rng.int(hi - lo + 1);

  // Which terminals the faults hit is chosen first: the drifting terminal's households buy there only (their
  // cards would carry its dates elsewhere), and a household's second bakery is often one cut off from the ledger,
  // where its member's purchase cannot be seen by the home bakery (what the ledger's over-draw flag is for).
  const faults: { -readonly [K in keyof FleetFaults]: FleetFaults[K] } = { powerCuts: [] };
  const drift = kinds.has('clock-drift') && n >= 2 ? rng.int(n) : undefined;
  if (drift !== undefined) faults.clockDrift = { terminal: drift, aheadMs: 2 * 86_400_000 + between(0, 120) * 60_000, driftMsPerHour: between(30, 120) * 1000 };
  const others = [...Array(n).keys()].filter((t) => t !== drift);
  if (kinds.has('never-syncs') && others.length >= 2) faults.neverSyncs = others.splice(rng.int(others.length), 1)[0]!;
  if (kinds.has('outage') && others.length >= 1) {
    // A region: up to a third of the fleet (at least one), neighbours by number; two to four hours in the day.
    const size = Math.min(others.length, Math.max(1, Math.round(n / 3)));
    const first = rng.int(others.length - size + 1);
    const fromMinute = between(6 * 60, 11 * 60);
    faults.outage = { terminals: others.slice(first, first + size), fromMinute, toMinute: fromMinute + between(120, 240) };
  }
  const cutOff = [...(faults.outage?.terminals ?? []), ...(faults.neverSyncs !== undefined ? [faults.neverSyncs] : [])];

  const households = day.households.map((x, i): FleetHousehold => {
    const home = i % n; // every bakery has customers
    const canSplit = n >= 2 && x.members >= 2 && home !== drift && rng.next() < (options.splitShare ?? 0.5);
    if (!canSplit) return { ...x, home };
    const offline = cutOff.filter((t) => t !== home);
    let away: number;
    if (offline.length > 0 && rng.next() < 0.5) away = offline[rng.int(offline.length)]!;
    else {
      away = rng.int(n - 1);
      if (away >= home) away++;
    }
    if (away === drift) return { ...x, home };
    return { ...x, home, away, awayMember: between(1, x.members - 1) };
  });
  const visits: FleetVisit[] = day.visits.map((v) => {
    const hh = households[v.household]!;
    return { ...v, terminal: hh.away !== undefined && v.member === hh.awayMember ? hh.away : hh.home };
  });

  if (kinds.has('power-cut')) {
    const cuts = Math.max(1, Math.round(n / 4));
    const cut = new Set<number>();
    while (cut.size < Math.min(cuts, n)) cut.add(rng.int(n));
    faults.powerCuts = [...cut].sort((a, b) => a - b).map((terminal) => ({ terminal, minute: between(7 * 60, 16 * 60) }));
  }
  if (kinds.has('over-draw') && faults.neverSyncs !== undefined) {
    // Needs the never-syncing bakery (cut off all day after its first customer) as the member's second bakery.
    const away = faults.neverSyncs;
    const at = households.findIndex((x) => x.away === away) >= 0 ? households.findIndex((x) => x.away === away)
      : households.findIndex((x) => x.home !== away && x.home !== drift && x.members >= 2 && x.beneficiaries <= 3);
    if (at >= 0) {
      const x = households[at]!;
      households[at] = { ...x, away, awayMember: 1 };
      const window = x.beneficiaries * LOAVES_PER_BENEFICIARY * (x.beneficiaries <= 3 ? 3 : 2); // the days' share it may take at once
      const ahead: FleetVisit[] = [];
      for (let left = window, k = 0; left > 0; left -= 15, k++) {
        ahead.push({ minute: 5 * 60 + k, household: at, member: 0, loaves: Math.min(15, left), finger: 'right', overShare: false, terminal: x.home });
      }
      const late: FleetVisit = { minute: 16 * 60, household: at, member: 1, loaves: 2, finger: 'right', overShare: true, terminal: away };
      // The household's other visits are dropped: the head's window and the member's late purchase are its day.
      const kept = visits.filter((v) => v.household !== at);
      visits.splice(0, visits.length, ...[...ahead, ...kept, late].sort((a, b) => a.minute - b.minute));
      faults.overDraw = { household: at, home: x.home, away };
    }
  }
  if (kinds.has('card-twice')) {
    // A morning purchase at a bakery with a correct clock, then the same card three minutes later at another.
    const clean = [...Array(n).keys()].filter((t) => t !== drift);
    const candidates = visits.filter((v) => v.terminal !== drift && v.household !== faults.overDraw?.household && v.minute < 10 * 60);
    if (clean.length >= 2 && candidates.length > 0) {
      const first = candidates[rng.int(candidates.length)]!;
      const elsewhere = clean.filter((t) => t !== first.terminal);
      const terminal = elsewhere[rng.int(elsewhere.length)]!;
      const second: FleetVisit = { ...first, minute: first.minute + 3, terminal, loaves: 1, finger: 'right', overShare: false };
      delete (second as { pullCardAfterApdus?: number }).pullCardAfterApdus;
      const at = visits.findIndex((v) => v.minute > second.minute);
      visits.splice(at < 0 ? visits.length : at, 0, second);
      faults.cardTwice = { household: first.household, member: first.member, terminals: [first.terminal, terminal], minute: first.minute };
    }
  }
  if (kinds.has('card-pulled') && visits.length > 0) {
    const pulls = Math.max(1, Math.round(n / 3));
    for (let k = 0; k < pulls; k++) {
      const i = rng.int(visits.length);
      visits[i] = { ...visits[i]!, pullCardAfterApdus: between(2, 9) };
    }
  }
  return { options, households, visits, faults };
}
