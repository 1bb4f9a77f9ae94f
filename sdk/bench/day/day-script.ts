/**
 * A whole bakery day at one terminal as a seeded script, pure: the same options give the same day. H households of
 * 1–6 beneficiaries (members with cards: 1 up to the beneficiaries), N customer visits over 05:00–17:00 local with a
 * morning rush (06:00–09:00), each a member of some household asking for 1–15 loaves: mostly the right finger,
 * sometimes wrong fingers three times (then the PIN), sometimes more than the household has left today (a decline).
 * With faults: a card pulled mid-sale (after its k-th APDU; the customer puts it back and asks again), the ledger
 * unreachable for a stretch of visits (the sync stopped, then resumed), and a terminal power cut before a visit.
 * The bakery's figures for the day register (opening stock, flour, loaves given without a card) come from here too.
 */
import { createSeededRandom } from '../../../terminal/journal/seeded-random.ts';

/** Loaves a beneficiary is entitled to a day (the bench's bread parameters). */
export const LOAVES_PER_BENEFICIARY = 5;

export interface DayScriptOptions {
  readonly customers: number;
  readonly households: number;
  readonly seed: number;
  readonly faults: boolean;
}

export interface ScriptHousehold {
  readonly beneficiaries: number;
  /** Members with cards (1 up to the beneficiaries, at most 6). */
  readonly members: number;
}

export interface ScriptVisit {
  /** Minutes since local midnight (05:00–17:00), non-decreasing over the script. */
  readonly minute: number;
  readonly household: number;
  readonly member: number;
  readonly loaves: number;
  /** `wrong-then-pin`: three wrong fingers, then the cardholder's PIN. */
  readonly finger: 'right' | 'wrong-then-pin';
  /** The script meant this visit to ask for more than the household has left (the terminal decides). */
  readonly overShare: boolean;
  /** With faults: the card is pulled after this many APDUs of the sale, then put back for a second try. */
  readonly pullCardAfterApdus?: number;
}

export interface DayFaults {
  /** The ledger is unreachable from before visit `from` to before visit `to` (`to` may be the visit count). */
  readonly ledgerOutage: { readonly from: number; readonly to: number };
  /** The terminal loses power before this visit (at or after the outage ends). */
  readonly powerCutBefore: number;
}

export interface DayScript {
  readonly options: DayScriptOptions;
  readonly households: readonly ScriptHousehold[];
  readonly visits: readonly ScriptVisit[];
  readonly faults: DayFaults | undefined;
  readonly openingStockLoaves: number;
  readonly flourDeliveredGrams: number;
  /** Loaves that leave without a card transaction: the closing count is short by this many. */
  readonly shrinkageLoaves: number;
}

const OPEN = 5 * 60;
const CLOSE = 17 * 60;

/** Builds the day from its options; throws RangeError on a count out of range. */
export function dayScript(options: DayScriptOptions): DayScript {
  const { customers, households: h, seed, faults } = options;
  if (!Number.isSafeInteger(customers) || customers < 1 || customers > 100_000) throw new RangeError('customers must be 1–100000');
  if (!Number.isSafeInteger(h) || h < 1 || h > 10_000) throw new RangeError('households must be 1–10000');
  const rng = createSeededRandom(seed);
  const between = (lo: number, hi: number): number => lo + rng.int(hi - lo + 1);
  const households = Array.from({ length: h }, () => {
    const beneficiaries = between(1, 6);
    return { beneficiaries, members: between(1, beneficiaries) };
  });
  // Times first (a morning rush: 60 % of the visits between 06:00 and 09:00), sorted into the day's order.
  const minutes = Array.from({ length: customers }, () => (rng.next() < 0.6 ? between(6 * 60, 9 * 60) : between(OPEN, CLOSE))).sort((a, b) => a - b);
  const left = households.map((x) => x.beneficiaries * LOAVES_PER_BENEFICIARY);
  const visits: ScriptVisit[] = minutes.map((minute) => {
    const household = rng.int(h);
    const member = rng.int(households[household]!.members);
    const remaining = left[household]!;
    const overShare = remaining < 15 && (remaining === 0 || rng.next() < 0.12);
    const loaves = overShare ? between(remaining + 1, 15) : between(1, Math.min(15, remaining));
    if (!overShare) left[household] = remaining - loaves;
    const finger = rng.next() < 0.15 ? 'wrong-then-pin' : 'right';
    return { minute, household, member, loaves, finger, overShare };
  });
  let dayFaults: DayFaults | undefined;
  if (faults) {
    const pulled = rng.int(customers);
    visits[pulled] = { ...visits[pulled]!, pullCardAfterApdus: between(2, 9) };
    const from = rng.int(customers);
    const to = Math.min(customers, from + between(1, Math.max(1, Math.ceil(customers / 4))));
    dayFaults = { ledgerOutage: { from, to }, powerCutBefore: to + rng.int(customers - to + 1) };
  }
  const asked = visits.reduce((sum, v) => sum + v.loaves, 0);
  return {
    options, households, visits, faults: dayFaults,
    openingStockLoaves: between(20, 120),
    // Flour for about the loaves asked for, at 90 g a loaf.
    flourDeliveredGrams: Math.ceil(asked * 1.1) * 90,
    shrinkageLoaves: between(0, 3),
  };
}
