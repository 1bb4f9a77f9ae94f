import * as assert from 'uvu/assert';
import { suite } from '../../support/suite.ts';
import { isoDay, monthOf } from '../../../terminal/auth/calendar.ts';
import { DECLINE_MESSAGES } from '../../../terminal/auth/decline-codes.ts';
import { authorize } from '../../../terminal/auth/rules-engine.ts';
import type { AuthInput } from '../../../terminal/auth/rules-engine.ts';
import type { Cut, Debit, DeclineReason } from '../../../terminal/auth/auth-types.ts';
import { HOUSEHOLD_ID, SUPERVISOR_ID, TODAY, card, context, input, taken, usage } from './auth-fixtures.ts';

const test = suite('terminal/auth/rules-engine', { timeoutMs: 5000 });

const bread = (loaves: number, cashTenderedPiastres?: number) =>
  ({ service: 'bread', loaves, ...(cashTenderedPiastres === undefined ? {} : { cashTenderedPiastres }) }) as const;
const ration = (lines: [number, number][], extra: { points?: 'first' | 'none' | { piastres: number }; allowPartial?: boolean } = {}) =>
  ({ service: 'ration', lines, points: extra.points ?? 'none', allowPartial: extra.allowPartial ?? false }) as const;
const health = { service: 'health' } as const;
const offline = (o: Partial<{ hoursSinceSync: number; transactions: number; valuePiastres: number }> = {}) =>
  context({ online: false, offline: { hoursSinceSync: 1, transactions: 0, valuePiastres: 0, ...o } });
const MARCH = monthOf(TODAY);

interface Row {
  readonly name: string;
  readonly input: AuthInput;
  /** The decline code and the details expected in the reason, or the approval's debit fields and cuts. */
  readonly decline?: Omit<DeclineReason, 'message'>;
  readonly debit?: Partial<Debit>;
  readonly cuts?: readonly Cut[];
  readonly warn?: boolean;
}

const rows: Row[] = [
  // Card, status, expiry, blocklist, in that order.
  { name: 'not genuine', input: input(bread(5), { card: card({ genuine: false }), blocklisted: true }), decline: { code: 'CARD_NOT_GENUINE' } },
  { name: 'destroyed', input: input(bread(5), { card: card({ status: 'destroyed' }) }), decline: { code: 'CARD_DESTROYED' } },
  { name: 'blocked on the card', input: input(bread(5), { card: card({ status: 'blocked' }) }), decline: { code: 'CARD_BLOCKED', source: 'card' } },
  { name: 'blocklisted', input: input(bread(5), { blocklisted: true }), decline: { code: 'CARD_BLOCKED', source: 'blocklist' } },
  { name: 'expired beats blocklist', input: input(bread(5), { card: card({ notAfter: TODAY - 1 }), blocklisted: true }), decline: { code: 'CARD_EXPIRED' }, warn: false },
  { name: 'last valid day: approved, warned', input: input(bread(5), { card: card({ notAfter: TODAY }) }), debit: { loaves: 5 }, warn: true },
  { name: '29 days left: warned', input: input(bread(5), { card: card({ notAfter: TODAY + 29 }) }), debit: { loaves: 5 }, warn: true },
  { name: '30 days left: no warning', input: input(bread(5), { card: card({ notAfter: TODAY + 30 }) }), debit: { loaves: 5 }, warn: false },
  { name: 'expiring and blocklisted: declined, still warned', input: input(bread(5), { card: card({ notAfter: TODAY + 3 }), blocklisted: true }), decline: { code: 'CARD_BLOCKED', source: 'blocklist' }, warn: true },
  { name: 'legacy card, household switched', input: input(bread(5), { card: card({ kind: 'legacy-ration' }), context: context({ householdSwitched: true }) }), decline: { code: 'LEGACY_CARD_SWITCHED' } },
  { name: 'legacy card, not switched yet', input: input(bread(5), { card: card({ kind: 'legacy-ration' }) }), debit: { loaves: 5 } },
  // Services.
  { name: 'blocklisted beats inactive service', input: input(bread(5), { card: card({ services: { bread: { activeFrom: TODAY + 10 } } }), blocklisted: true }), decline: { code: 'CARD_BLOCKED', source: 'blocklist' } },
  { name: 'bread not active until its date', input: input(bread(5), { card: card({ services: { bread: { activeFrom: TODAY + 10 } } }), verification: { verified: false } }), decline: { code: 'SERVICE_INACTIVE', service: 'bread', activeFrom: TODAY + 10 } },
  { name: 'bread active from today', input: input(bread(5), { card: card({ services: { bread: { activeFrom: TODAY } } }) }), debit: { loaves: 5 } },
  { name: 'ration not on a health-only card', input: input(ration([[101, 1]]), { card: card({ services: { health: { activeFrom: 0 } } }) }), decline: { code: 'NOT_ON_THIS_CARD', service: 'ration' } },
  { name: 'health check-in on a health-only card debits nothing', input: input(health, { card: card({ services: { health: { activeFrom: 0 } } }) }), debit: { service: 'health', amount: 0, loaves: 0, entitlementPiastres: 0, pointsPiastres: 0, items: [], valuePiastres: 0, cashDuePiastres: 0, changePiastres: 0 } },
  { name: 'not verified', input: input(bread(5), { verification: { verified: false } }), decline: { code: 'CARDHOLDER_NOT_VERIFIED', service: 'bread' } },
  // Bread: 4 beneficiaries = 20 a day, 2 days at once; 3 beneficiaries = 15 a day, 3 days at once.
  { name: 'bread: a day\'s share, paid exactly', input: input(bread(20)), debit: { service: 'bread', amount: 20, loaves: 20, breadAllocation: [[15, 20]], valuePiastres: 400, cashDuePiastres: 400, changePiastres: 0, items: [] } },
  { name: 'bread: change for 500', input: input(bread(20, 500)), debit: { cashDuePiastres: 400, changePiastres: 100 } },
  { name: 'bread: cash short', input: input(bread(20, 399)), decline: { code: 'CASH_INSUFFICIENT', service: 'bread' } },
  { name: 'bread: zero loaves', input: input(bread(0)), decline: { code: 'REQUEST_INVALID', service: 'bread' } },
  { name: 'bread: 4 beneficiaries, 2 days ahead', input: input(bread(40)), debit: { loaves: 40 } },
  { name: 'bread: 4 beneficiaries, more than 2 days', input: input(bread(41)), decline: { code: 'COLLECT_AHEAD_LIMIT', service: 'bread', maxLoaves: 40 } },
  { name: 'bread: 3 beneficiaries, 3 days ahead', input: input(bread(45), { card: card({ beneficiaries: 3 }) }), debit: { loaves: 45 } },
  { name: 'bread: 3 beneficiaries, more than 3 days', input: input(bread(46), { card: card({ beneficiaries: 3 }) }), decline: { code: 'COLLECT_AHEAD_LIMIT', service: 'bread', maxLoaves: 45 } },
  { name: 'bread: month end, 3 beneficiaries, 2 days', input: input(bread(30), { card: card({ beneficiaries: 3 }), context: context({ today: isoDay('2025-03-30') }) }), debit: { loaves: 30 } },
  { name: 'bread: 2 days before month end, 3 days would pass the month', input: input(bread(31), { card: card({ beneficiaries: 3 }), context: context({ today: isoDay('2025-03-30') }) }), decline: { code: 'QUOTA_EXHAUSTED', service: 'bread', maxLoaves: 30 } },
  { name: 'bread: month end, 3 beneficiaries, 2 days not 3', input: input(bread(31), { card: card({ beneficiaries: 3 }), context: context({ today: isoDay('2025-03-29') }) }), decline: { code: 'COLLECT_AHEAD_LIMIT', service: 'bread', maxLoaves: 30 } },
  { name: 'bread: 4 days before month end, 3 days', input: input(bread(45), { card: card({ beneficiaries: 3 }), context: context({ today: isoDay('2025-03-28') }) }), debit: { loaves: 45 } },
  { name: 'bread: never past the month', input: input(bread(16), { card: card({ beneficiaries: 3 }), context: context({ today: isoDay('2025-03-31') }) }), decline: { code: 'QUOTA_EXHAUSTED', service: 'bread', maxLoaves: 15 } },
  { name: 'bread: the last day\'s share', input: input(bread(15), { card: card({ beneficiaries: 3 }), context: context({ today: isoDay('2025-03-31') }) }), debit: { loaves: 15, breadAllocation: [[31, 15]] } },
  { name: 'bread: month quota used', input: input(bread(1), { card: card({ beneficiaries: 3, usage: usage(isoDay('2025-03-31'), { loaves: 15, breadTaken: taken([31, 15]) }) }), context: context({ today: isoDay('2025-03-31') }) }), decline: { code: 'QUOTA_EXHAUSTED', service: 'bread', maxLoaves: 0 } },
  { name: 'bread: today\'s 2 days taken on this card', input: input(bread(1), { card: card({ usage: usage(TODAY, { loaves: 40, loavesToday: 40, breadTaken: taken([15, 20], [16, 20]) }) }) }), decline: { code: 'COLLECT_AHEAD_LIMIT', service: 'bread', maxLoaves: 0 } },
  { name: 'bread: 2 days taken yesterday leave one day\'s window', input: input(bread(21), { card: card({ usage: usage(TODAY - 1, { loaves: 40, breadTaken: taken([14, 20], [15, 20]) }) }) }), decline: { code: 'COLLECT_AHEAD_LIMIT', service: 'bread', maxLoaves: 20 } },
  { name: 'bread: ... and it is tomorrow\'s share', input: input(bread(20), { card: card({ usage: usage(TODAY - 1, { loaves: 40, breadTaken: taken([14, 20], [15, 20]) }) }) }), debit: { loaves: 20, breadAllocation: [[16, 20]] } },
  { name: 'bread: past days\' loaves are gone', input: input(bread(41), { card: card({ usage: usage(TODAY - 1, { breadTaken: taken() }) }) }), decline: { code: 'COLLECT_AHEAD_LIMIT', service: 'bread', maxLoaves: 40 } },
  { name: 'bread: ahead fills today first', input: input(bread(30), { card: card({ usage: usage(TODAY, { loaves: 5, breadTaken: taken([15, 5]) }) }) }), debit: { loaves: 30, breadAllocation: [[15, 15], [16, 15]] } },
  { name: 'bread: yesterday\'s counters do not count today', input: input(bread(40), { card: card({ usage: usage(TODAY - 1, { loaves: 100, loavesToday: 40, transactionsToday: 4 }) }) }), debit: { loaves: 40 } },
  { name: 'bread: last month\'s counters do not count', input: input(bread(40), { card: card({ usage: usage(TODAY - 20, { loaves: 600 }) }) }), debit: { loaves: 40 } },
  { name: 'bread: online, the ledger knows another card took today\'s share', input: input(bread(25), { context: context({ ledger: usage(TODAY, { loaves: 20, loavesToday: 20, breadTaken: taken([15, 20]) }) }) }), decline: { code: 'COLLECT_AHEAD_LIMIT', service: 'bread', maxLoaves: 20 } },
  { name: 'bread: the local tally counts too', input: input(bread(21), { context: context({ localHousehold: usage(TODAY, { loaves: 20, loavesToday: 20, breadTaken: taken([15, 20]) }) }) }), decline: { code: 'COLLECT_AHEAD_LIMIT', service: 'bread', maxLoaves: 20 } },
  // Ration: 4 beneficiaries = EGP 200 a month; sugar 12.50 cap 4, oil 30.00 cap 4, pasta 7.00 cap 8, tea 6.00 cap 3.
  { name: 'ration: a basket', input: input(ration([[101, 2], [102, 1]])), debit: { service: 'ration', amount: 5500, entitlementPiastres: 5500, pointsPiastres: 0, items: [[101, 2], [102, 1]], valuePiastres: 5500, cashDuePiastres: 0, changePiastres: 0 }, cuts: [] },
  { name: 'ration: lines come back sorted', input: input(ration([[104, 1], [101, 1]])), debit: { items: [[101, 1], [104, 1]], amount: 1950 } },
  { name: 'ration: unknown item', input: input(ration([[999, 1]])), decline: { code: 'REQUEST_INVALID', service: 'ration', itemCode: 999 } },
  { name: 'ration: the same item twice', input: input(ration([[101, 1], [101, 1]])), decline: { code: 'REQUEST_INVALID', service: 'ration', itemCode: 101 } },
  { name: 'ration: sugar over 1 kg a person (2 persons)', input: input(ration([[101, 3]]), { card: card({ beneficiaries: 2 }) }), decline: { code: 'ITEM_CAP_REACHED', service: 'ration', itemCode: 101 } },
  { name: 'ration: sugar over 6 kg a card (8 persons), partial', input: input(ration([[101, 7], [104, 1]], { allowPartial: true }), { card: card({ beneficiaries: 8 }) }), debit: { items: [[101, 6], [104, 1]], amount: 8200 }, cuts: [{ itemCode: 101, asked: 7, granted: 6, reason: 'ITEM_CAP_REACHED' }] },
  { name: 'ration: sugar already taken this month', input: input(ration([[101, 1]]), { card: card({ usage: usage(TODAY, { items: [[101, 4]] }) }) }), decline: { code: 'ITEM_CAP_REACHED', service: 'ration', itemCode: 101 } },
  { name: 'ration: sugar taken, partial, only that line cut', input: input(ration([[101, 1], [105, 1]], { allowPartial: true }), { card: card({ usage: usage(TODAY, { items: [[101, 4]] }) }) }), debit: { items: [[105, 1]], amount: 600 }, cuts: [{ itemCode: 101, asked: 1, granted: 0, reason: 'ITEM_CAP_REACHED' }] },
  { name: 'ration: balance short, partial', input: input(ration([[101, 1], [102, 1], [104, 1]], { allowPartial: true }), { card: card({ usage: usage(TODAY, { rationPiastres: 18000 }) }) }), debit: { items: [[101, 1], [104, 1]], amount: 1950, valuePiastres: 1950 }, cuts: [{ itemCode: 102, asked: 1, granted: 0, reason: 'BALANCE_INSUFFICIENT' }] },
  { name: 'ration: balance short, not partial', input: input(ration([[101, 1], [102, 1], [104, 1]]), { card: card({ usage: usage(TODAY, { rationPiastres: 18000 }) }) }), decline: { code: 'BALANCE_INSUFFICIENT', service: 'ration', itemCode: 102 } },
  { name: 'ration: balance short, partial units', input: input(ration([[104, 5]], { allowPartial: true }), { card: card({ usage: usage(TODAY, { rationPiastres: 18000 }) }) }), debit: { items: [[104, 2]], amount: 1400 }, cuts: [{ itemCode: 104, asked: 5, granted: 2, reason: 'BALANCE_INSUFFICIENT' }] },
  { name: 'ration: balance used', input: input(ration([[101, 1]]), { card: card({ usage: usage(TODAY, { rationPiastres: 20000 }) }) }), decline: { code: 'QUOTA_EXHAUSTED', service: 'ration' } },
  { name: 'ration: points first', input: input(ration([[101, 2]], { points: 'first' }), { card: card({ points: { month: MARCH, creditPiastres: 1000 } }) }), debit: { amount: 1500, entitlementPiastres: 1500, pointsPiastres: 1000, valuePiastres: 2500 } },
  { name: 'ration: points none', input: input(ration([[101, 2]], { points: 'none' }), { card: card({ points: { month: MARCH, creditPiastres: 1000 } }) }), debit: { amount: 2500, pointsPiastres: 0 } },
  { name: 'ration: points as chosen', input: input(ration([[101, 2]], { points: { piastres: 300 } }), { card: card({ points: { month: MARCH, creditPiastres: 1000 } }) }), debit: { amount: 2200, pointsPiastres: 300 } },
  { name: 'ration: more points chosen than held', input: input(ration([[101, 2]], { points: { piastres: 1001 } }), { card: card({ points: { month: MARCH, creditPiastres: 1000 } }) }), decline: { code: 'POINTS_INSUFFICIENT', service: 'ration' } },
  { name: 'ration: points never pay more than the basket', input: input(ration([[104, 1]], { points: { piastres: 1000 } }), { card: card({ points: { month: MARCH, creditPiastres: 1000 } }) }), debit: { amount: 0, pointsPiastres: 700, valuePiastres: 700, changePiastres: 0 } },
  { name: 'ration: points already spent by the household', input: input(ration([[101, 2]], { points: 'first' }), { card: card({ points: { month: MARCH, creditPiastres: 1000 } }), context: context({ ledger: usage(TODAY, { pointsPiastres: 800 }) }) }), debit: { amount: 2300, pointsPiastres: 200 } },
  { name: 'ration: last month\'s points are gone', input: input(ration([[101, 2]], { points: 'first' }), { card: card({ points: { month: MARCH - 1, creditPiastres: 1000 } }) }), debit: { amount: 2500, pointsPiastres: 0 } },
  { name: 'ration: balance used, points pay', input: input(ration([[104, 1]], { points: 'first' }), { card: card({ points: { month: MARCH, creditPiastres: 1000 }, usage: usage(TODAY, { rationPiastres: 20000 }) }) }), debit: { amount: 0, pointsPiastres: 700 } },
  { name: 'ration: balance used, points too few', input: input(ration([[101, 1]], { points: 'first' }), { card: card({ points: { month: MARCH, creditPiastres: 1000 }, usage: usage(TODAY, { rationPiastres: 20000 }) }) }), decline: { code: 'BALANCE_INSUFFICIENT', service: 'ration', itemCode: 101 } },
  // Offline.
  { name: 'offline bread, one entitled card', input: input(bread(40), { context: offline() }), debit: { loaves: 40 } },
  { name: 'offline: too long without sync', input: input(bread(5), { context: offline({ hoursSinceSync: 72 }) }), decline: { code: 'OFFLINE_LIMIT_REACHED', service: 'bread', limit: 'HOURS_WITHOUT_SYNC', stillServes: ['health'] } },
  { name: 'offline: too long without sync, health still served', input: input(health, { context: offline({ hoursSinceSync: 500, transactions: 9999 }) }), debit: { service: 'health', amount: 0 } },
  { name: 'offline: too many approvals', input: input(ration([[101, 1]]), { context: offline({ transactions: 5000 }) }), decline: { code: 'OFFLINE_LIMIT_REACHED', service: 'ration', limit: 'TRANSACTIONS', stillServes: ['health'] } },
  { name: 'offline: value over the limit', input: input(bread(20), { context: offline({ valuePiastres: 1_000_000 - 300 }) }), decline: { code: 'OFFLINE_LIMIT_REACHED', service: 'bread', limit: 'VALUE', stillServes: ['health', 'bread', 'ration'] } },
  { name: 'offline: a smaller sale fits the value left', input: input(bread(15), { context: offline({ valuePiastres: 1_000_000 - 300 }) }), debit: { loaves: 15, cashDuePiastres: 300 } },
  { name: 'offline: value used up', input: input(bread(1), { context: offline({ valuePiastres: 1_000_000 }) }), decline: { code: 'OFFLINE_LIMIT_REACHED', service: 'bread', limit: 'VALUE', stillServes: ['health'] } },
  { name: 'offline: 4 approvals for this card today', input: input(bread(1), { card: card({ usage: usage(TODAY, { transactionsToday: 4 }) }), context: offline() }), decline: { code: 'OFFLINE_LIMIT_REACHED', service: 'bread', limit: 'CARD_TRANSACTIONS_PER_DAY', stillServes: ['health'] } },
  { name: 'online: no per-card count', input: input(bread(1), { card: card({ usage: usage(TODAY, { transactionsToday: 4 }) }) }), debit: { loaves: 1 } },
  { name: 'offline: 2 entitled cards, a card\'s share of a day', input: input(bread(10), { card: card({ entitledCards: 2 }), context: offline() }), debit: { loaves: 10 } },
  { name: 'offline: 2 entitled cards, over the share', input: input(bread(11), { card: card({ entitledCards: 2 }), context: offline() }), decline: { code: 'OFFLINE_LIMIT_REACHED', service: 'bread', limit: 'CARD_SHARE', maxLoaves: 10, stillServes: ['health'] } },
  { name: 'offline: share left after this card\'s earlier loaves', input: input(bread(5), { card: card({ entitledCards: 2, usage: usage(TODAY, { loaves: 7, loavesToday: 7, transactionsToday: 1, breadTaken: taken([15, 7]) }) }), context: offline() }), decline: { code: 'OFFLINE_LIMIT_REACHED', service: 'bread', limit: 'CARD_SHARE', maxLoaves: 3, stillServes: ['health'] } },
  { name: 'online: 2 entitled cards, no share', input: input(bread(40), { card: card({ entitledCards: 2 }) }), debit: { loaves: 40 } },
  { name: 'offline: entitlement is checked before offline limits', input: input(bread(1), { card: card({ usage: usage(TODAY, { loaves: 40, loavesToday: 40, breadTaken: taken([15, 20], [16, 20]) }) }), context: offline({ hoursSinceSync: 100 }) }), decline: { code: 'COLLECT_AHEAD_LIMIT', service: 'bread', maxLoaves: 0 } },
  { name: 'offline ration: share of the sugar cap cut', input: input(ration([[101, 3], [104, 1]], { allowPartial: true }), { card: card({ entitledCards: 2 }), context: offline() }), debit: { items: [[101, 2], [104, 1]], amount: 3200 }, cuts: [{ itemCode: 101, asked: 3, granted: 2, reason: 'OFFLINE_LIMIT_REACHED' }] },
  { name: 'offline ration: share of the money', input: input(ration([[102, 4]], { allowPartial: true }), { card: card({ entitledCards: 2, usage: usage(TODAY, { rationPiastres: 5000 }) }), context: offline() }), debit: { items: [[102, 1]], amount: 3000 }, cuts: [{ itemCode: 102, asked: 4, granted: 1, reason: 'OFFLINE_LIMIT_REACHED' }] },
  { name: 'offline ration: share used, not partial', input: input(ration([[101, 3]]), { card: card({ entitledCards: 2 }), context: offline() }), decline: { code: 'OFFLINE_LIMIT_REACHED', service: 'ration', itemCode: 101, limit: 'CARD_SHARE', stillServes: ['health'] } },
];

for (const row of rows) {
  test(row.name, () => {
    const decision = authorize(row.input);
    if (row.decline) {
      assert.is(decision.ok, false, `expected ${row.decline.code}, got ${JSON.stringify(decision)}`);
      if (decision.ok) return;
      assert.is(decision.outcome, row.decline.code);
      assert.equal({ ...decision.reason, message: undefined }, { ...row.decline, message: undefined });
      assert.equal(decision.reason.message, DECLINE_MESSAGES[row.decline.code]);
    } else {
      assert.ok(decision.ok, `expected approval, got ${JSON.stringify(decision)}`);
      if (!decision.ok) return;
      for (const [key, value] of Object.entries(row.debit ?? {})) assert.equal(decision.debit[key as keyof Debit], value, key);
      if (row.cuts) assert.equal(decision.cuts, row.cuts);
      assert.ok(decision.debit.changePiastres >= 0);
    }
    if (row.warn !== undefined) assert.is(decision.warnings.some((w) => w.code === 'EXPIRES_SOON'), row.warn);
  });
}

test('an offline approval carries what the ledger needs', () => {
  const decision = authorize(input(ration([[101, 1]], { points: 'first' }), {
    card: card({ points: { month: MARCH, creditPiastres: 500 } }),
    context: offline(),
    verification: { verified: true, method: 'supervised', supervisorCardId: SUPERVISOR_ID },
  }));
  assert.ok(decision.ok);
  if (!decision.ok) return;
  assert.equal(decision.ledgerEntry, {
    householdId: HOUSEHOLD_ID, cardId: card().cardId, day: TODAY, service: 'ration', loaves: 0,
    entitlementPiastres: 750, pointsPiastres: 500, items: [[101, 1]], offline: true, cvm: 'supervised', supervisorCardId: SUPERVISOR_ID,
  });
});

test('the same inputs online and offline differ only where the offline policy says', () => {
  const online = authorize(input(bread(10), { card: card({ entitledCards: 2 }) }));
  const off = authorize(input(bread(10), { card: card({ entitledCards: 2 }), context: offline() }));
  assert.ok(online.ok && off.ok);
  if (!online.ok || !off.ok) return;
  assert.equal(online.debit, off.debit);
  assert.is(online.ledgerEntry.offline, false);
  assert.is(off.ledgerEntry.offline, true);
});

test.run();
