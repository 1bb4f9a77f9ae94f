/**
 * A whole bakery day at one terminal as a seeded script, pure: the same options give the same day. H households of
 * 1–6 beneficiaries (members with cards: 1 up to the beneficiaries), N customer visits over 05:00–17:00 local with a
 * morning rush (06:00–09:00), each a member of some household asking for 1–15 loaves: mostly the right finger,
 * sometimes wrong fingers three times (then the PIN), sometimes more than the household has left today (a decline).
 * With faults: a card pulled mid-sale (after its k-th APDU; the customer puts it back and asks again), the ledger
 * unreachable for a stretch of visits (the sync stopped, then resumed), and a terminal power cut before a visit.
 * The bakery's figures for the day register (opening stock, flour, loaves given without a card) come from here too.
 * With `payments` (a share of visits, default 0): after the bread, the member also pays for grocery extras by card
 * (EMV on KARTPAY, the finger matched on the card; sometimes wrong fingers three times, then the PIN), drawn from a
 * random stream of its own so that the bread day of a seed is the same with or without payments. With faults and
 * payments, a card is also pulled mid-payment (put back, the payment tried once more), and the visit just before the
 * power cut pays (the cut must keep it).
 */
import { createSeededRandom } from '../../../terminal/journal/seeded-random.ts';

/** Loaves a beneficiary is entitled to a day (the bench's bread parameters). */
export const LOAVES_PER_BENEFICIARY = 5;

export interface DayScriptOptions {
  readonly customers: number;
  readonly households: number;
  readonly seed: number;
  readonly faults: boolean;
  /** Share of visits (0–1) where the member also pays by card (default 0: no payments). */
  readonly payments?: number;
}

/** A card payment after the bread (grocery extras). */
export interface ScriptPayment {
  /** EGP 2.50 to 150.00, in piastres. */
  readonly amountPiastres: number;
  /** `wrong-then-pin`: three wrong fingers (the card's biometric tries), then the cardholder's PIN. */
  readonly finger: 'right' | 'wrong-then-pin';
  /** The terminal's random transaction selection draw for this payment (0–1; below the target share goes online). */
  readonly selection: number;
  /** With faults: the card is pulled after this many APDUs of the payment, then put back for a second try. */
  readonly pullCardAfterApdus?: number;
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
  /** The member also pays by card after the bread (`DayScriptOptions.payments`). */
  readonly payment?: ScriptPayment;
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
  const share = options.payments ?? 0;
  if (!(share >= 0 && share <= 1)) throw new RangeError('payments must be a share from 0 to 1');
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
  if (share > 0) addPayments(visits, share, seed, dayFaults);
  const asked = visits.reduce((sum, v) => sum + v.loaves, 0);
  return {
    options, households, visits, faults: dayFaults,
    openingStockLoaves: between(20, 120),
    // Flour for about the loaves asked for, at 90 g a loaf.
    flourDeliveredGrams: Math.ceil(asked * 1.1) * 90,
    shrinkageLoaves: between(0, 3),
  };
}

/** The highest APDU count a pull may come after: a payment runs about 17 to 19 commands (offline TC, online ARQC → TC). */
export const PAYMENT_PULL_MAX_APDUS = 19;

/** Puts payments on a share of `visits` (in place), from a random stream of their own; with faults, the payment ones. */
function addPayments(visits: ScriptVisit[], share: number, seed: number, faults: DayFaults | undefined): void {
  const rng = createSeededRandom((seed ^ 0x7a9_c0de) >>> 0);
  const between = (lo: number, hi: number): number => lo + rng.int(hi - lo + 1);
  const payment = (): ScriptPayment => ({
    amountPiastres: between(10, 600) * 25,
    finger: rng.next() < 0.15 ? 'wrong-then-pin' : 'right',
    selection: rng.next(),
  });
  for (const [i, v] of visits.entries()) if (rng.next() < share) visits[i] = { ...v, payment: payment() };
  if (!faults) return;
  // The visit before the power cut pays (a payment the cut must keep); one paying visit has its card pulled.
  const beforeCut = faults.powerCutBefore - 1;
  if (beforeCut >= 0 && !visits[beforeCut]!.payment) visits[beforeCut] = { ...visits[beforeCut]!, payment: payment() };
  const paying = visits.flatMap((v, i) => (v.payment ? [i] : []));
  const pulled = paying.length > 0 ? paying[rng.int(paying.length)]! : rng.int(visits.length);
  const v = visits[pulled]!;
  visits[pulled] = { ...v, payment: { ...(v.payment ?? payment()), pullCardAfterApdus: between(2, PAYMENT_PULL_MAX_APDUS) } };
}
