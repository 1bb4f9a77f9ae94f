/**
 * The whole transaction on the in-process sim reader, as a table: each case is a card (a TEST household's, or a
 * special one), the terminal's situation, what the customer asks and presents (fingers, PINs), and the outcome:
 * code, details, what was journaled, and what the card holds afterwards.
 */
import * as assert from 'uvu/assert';
import { suite } from '../../support/suite.ts';
import { createGovCard } from '../../../card/gov/gov-card.ts';
import type { VirtualCard } from '../../../card/virtual-card.ts';
import { isoDay } from '../../../terminal/auth/calendar.ts';
import { idToHex } from '../../../terminal/schemas/card-id.ts';
import { decodeDebitProof } from '../../../terminal/schemas/debit-proof.ts';
import { decodeJournalRecord, type JournalRecord } from '../../../terminal/schemas/journal-record.ts';
import { sellBread } from '../../../terminal/services/bakery-sale.ts';
import { serveBasket } from '../../../terminal/services/grocer-basket.ts';
import { checkInHealthVisit } from '../../../terminal/services/health-check-in.ts';
import type { ServiceBench, ServiceBenchOptions } from './service-fixture.ts';
import { household, serviceBench, staffCard, SUPERVISOR_CARD, SUPERVISOR_PIN, TODAY, WRONG_FINGER } from './service-fixture.ts';
import { DEFAULT_PARAMETERS } from '../../../terminal/auth/parameters.ts';
import { personalization } from '../../card/gov/gov-fixture.ts';
import type { TransactionResult } from '../../../terminal/services/transaction-types.ts';
import { emptyUsage } from '../../../terminal/auth/usage.ts';
import { decodeIntent, RECORD_TYPE } from '../../../terminal/services/service-records.ts';

const test = suite('terminal/services/run-transaction', { timeoutMs: 15000 });

type Ask = { bread: number } | { basket: Array<[number, number]> } | 'health';
interface Case {
  readonly name: string;
  readonly card?: () => VirtualCard;
  readonly household?: Parameters<typeof household>[0];
  readonly bench?: (cardId: Uint8Array) => ServiceBenchOptions;
  readonly setup?: (bench: ServiceBench, cardId: Uint8Array, householdId: Uint8Array) => void;
  /** Fingers presented (`'own'` = the card's reference) and PINs entered, in order. */
  readonly fingers?: Array<'own' | 'wrong'>;
  readonly pins?: string[];
  readonly ask: Ask | Ask[];
  readonly expect: (results: TransactionResult[], records: JournalRecord[], bench: ServiceBench) => void;
}

const declined = (r: TransactionResult | undefined, code: string): Extract<TransactionResult, { ok: false }> => {
  assert.ok(r && !r.ok, `expected ${code}, got ${r?.outcome}`);
  if (!r || r.ok) throw new Error('unreachable');
  assert.is(r.outcome, code);
  assert.ok(r.message.ar.length > 5 && r.message.en.length > 5);
  return r;
};
const approved = (r: TransactionResult | undefined): Extract<TransactionResult, { ok: true }> => {
  assert.ok(r?.ok, `expected APPROVED, got ${r?.outcome} ${r && !r.ok ? JSON.stringify(r.reason ?? r.cardSw) : ''}`);
  return r as Extract<TransactionResult, { ok: true }>;
};

/** The household as the terminal knows it from its last sync: `entitled` cards, nothing consumed yet. */
const known = (entitled: number): Case['setup'] => (bench, _cardId, householdId) =>
  bench.ledger.setHousehold(householdId, { usage: emptyUsage(TODAY - 1), entitledCards: entitled, switched: true });

const CASES: Case[] = [
  {
    name: 'bread offline with the fingerprint: approved, journaled with the card-signed proof',
    fingers: ['own'], ask: { bread: 10 }, setup: known(1),
    expect: ([r], [rec]) => {
      const a = approved(r);
      assert.equal([a.receipt.amount, a.receipt.pricePiastres, a.receipt.cvm, a.receipt.online, a.receipt.atc], [10, 200, 1, false, 1]);
      assert.is(rec!.code, 'APPROVED');
      assert.is(decodeDebitProof(rec!.debitProof!).amount, 10);
      assert.is(rec!.terminalSeq, a.receipt.seq);
    },
  },
  {
    name: 'blocklisted card: CARD_BLOCKED (blocklist) before any finger is asked',
    bench: (cardId) => ({ blocklistIds: [cardId] }), fingers: ['own'], ask: { bread: 5 },
    expect: ([r], [rec], bench) => {
      assert.is(declined(r, 'CARD_BLOCKED').reason?.source, 'blocklist');
      assert.is(bench.scanner.queue.length, 1, 'the finger was never asked for');
      assert.is(rec!.blocklistVersion, 7);
    },
  },
  {
    name: 'card blocked on the card itself: CARD_BLOCKED (card)',
    card: () => createGovCard({ protocol: 'T=1', personalization: personalization({ status: 'blocked' }) }), ask: { bread: 5 },
    expect: ([r]) => assert.is(declined(r, 'CARD_BLOCKED').reason?.source, 'card'),
  },
  {
    name: 'expired card: CARD_EXPIRED (authenticated as of its last day, not called forged)',
    household: { issuedOn: isoDay('2023-03-01') }, ask: { bread: 5 },
    expect: ([r]) => void declined(r, 'CARD_EXPIRED'),
  },
  {
    name: 'card in its last month: approved with the EXPIRES_SOON warning',
    household: { issuedOn: isoDay('2023-03-25') }, fingers: ['own'], ask: { bread: 5 },
    expect: ([r]) => assert.equal(approved(r).warnings.map((w) => w.code), ['EXPIRES_SOON']),
  },
  {
    name: 'bread not yet active on the card: SERVICE_INACTIVE with its activation day',
    household: { activations: { bread: TODAY + 20 } }, ask: { bread: 5 },
    expect: ([r]) => assert.is(declined(r, 'SERVICE_INACTIVE').reason?.activeFrom, TODAY + 20),
  },
  {
    name: 'wrong finger three times, then the PIN: approved by PIN',
    fingers: ['wrong', 'wrong', 'wrong'], pins: ['1234'], ask: { bread: 5 },
    expect: ([r]) => {
      const a = approved(r);
      assert.is(a.receipt.cvm, 2);
      assert.equal(a.verification.map((e) => e.type), ['CVM_FINGERPRINT', 'CVM_FINGERPRINT', 'CVM_FINGERPRINT', 'CVM_PIN', 'CVM_VERIFIED']);
    },
  },
  {
    name: "supervised exception: the supervisor's card (second slot, own PIN) authorizes this debit; approved, card-signed as one, journaled",
    fingers: ['wrong', 'wrong', 'wrong'], pins: ['0000', '0000', '0000', SUPERVISOR_PIN], ask: { bread: 5 },
    expect: ([r], [rec], bench) => {
      const a = approved(r);
      assert.is(a.receipt.cvm, 3);
      assert.ok(a.verification.some((e) => e.type === 'CVM_VERIFIED' && e.outcome === 'supervised'));
      assert.equal([rec!.cvm, idToHex(rec!.supervisorCardId!)], [3, idToHex(SUPERVISOR_CARD)]);
      const proof = decodeDebitProof(rec!.debitProof!);
      assert.ok(proof.version === 3 && proof.cvm === 3, 'the card signed a supervised exception');
      assert.is(proof.version === 3 && idToHex(proof.supervisorCardId!), idToHex(SUPERVISOR_CARD));
      assert.is(bench.runner.tallies.supervisedOn(TODAY), 1);
    },
  },
  {
    name: "supervised exception with a cashier's card in the slot (no SUPERVISE usage): it will not sign (6985), nothing debited",
    bench: () => ({ supervisorCard: staffCard(false).card }),
    fingers: ['wrong', 'wrong', 'wrong'], pins: ['0000', '0000', '0000', SUPERVISOR_PIN], ask: { bread: 5 },
    expect: ([r], [rec]) => {
      assert.is(declined(r, 'CARDHOLDER_NOT_VERIFIED').cardSw, 0x6985);
      assert.equal([rec!.amount, rec!.debitProof, rec!.cvm], [0, null, 3], 'the attempt is journaled as an exception');
    },
  },
  {
    name: "supervised exceptions past the terminal's daily cap (1): the second is referred SUPERVISED_CAP_REACHED, nothing debited",
    bench: () => ({ params: { ...DEFAULT_PARAMETERS, verification: { ...DEFAULT_PARAMETERS.verification, supervisedDailyCap: 1 } } }),
    fingers: ['wrong', 'wrong', 'wrong', 'wrong', 'wrong', 'wrong'], pins: ['0000', '0000', '0000', SUPERVISOR_PIN, '0000'],
    ask: [{ bread: 5 }, { bread: 5 }], setup: known(1),
    expect: ([first, second], records) => {
      assert.is(approved(first).receipt.cvm, 3);
      const d = declined(second, 'CARDHOLDER_NOT_VERIFIED');
      assert.is(d.referral?.why, 'SUPERVISED_CAP_REACHED');
      assert.ok(d.referral!.action.ar.length > 5 && d.referral!.action.en.length > 5);
      assert.equal([records[1]!.amount, records[1]!.debitProof], [0, null]);
    },
  },
  {
    name: 'quota exhausted at the month end: the second sale of the day is declined',
    bench: () => ({ nowMs: Date.UTC(2026, 2, 31, 8, 0) }), setup: known(1), fingers: ['own', 'own'], ask: [{ bread: 20 }, { bread: 5 }],
    expect: ([a, b]) => {
      assert.is(approved(a).receipt.amount, 20);
      assert.is(declined(b, 'QUOTA_EXHAUSTED').reason?.maxLoaves, 0);
    },
  },
  {
    name: 'offline, a household the terminal has never synced: every beneficiary counted as a card (5 of 20 loaves a day)',
    fingers: ['own'], ask: [{ bread: 10 }, { bread: 5 }],
    expect: ([over, ok]) => {
      assert.equal([declined(over, 'OFFLINE_LIMIT_REACHED').reason?.limit, declined(over, 'OFFLINE_LIMIT_REACHED').reason?.maxLoaves], ['CARD_SHARE', 5]);
      assert.is(approved(ok).receipt.amount, 5);
    },
  },
  {
    name: 'collection ahead beyond two days for four beneficiaries: COLLECT_AHEAD_LIMIT, 40 offered',
    ask: { bread: 60 },
    expect: ([r]) => assert.is(declined(r, 'COLLECT_AHEAD_LIMIT').reason?.maxLoaves, 40),
  },
  {
    name: 'grocer basket online: the card prices it from its own catalogue',
    bench: () => ({ ledgerOnline: true }), fingers: ['own'], ask: { basket: [[3, 1], [1, 2]] },
    expect: ([r], [rec]) => {
      const a = approved(r);
      assert.equal([a.receipt.amount, a.receipt.online], [2 * 1260 + 1200, true]);
      assert.equal(rec!.items, [[1, 2], [3, 1]]);
    },
  },
  {
    name: 'grocer basket over the sugar cap (1 kg a person, 4 here): ITEM_CAP_REACHED',
    ask: { basket: [[1, 5]] },
    expect: ([r], [rec]) => {
      assert.is(declined(r, 'ITEM_CAP_REACHED').reason?.itemCode, 1);
      assert.equal(rec!.items, [[1, 5]]);
    },
  },
  {
    name: 'health check-in: one visit debited after the fingerprint',
    fingers: ['own'], ask: 'health',
    expect: ([r]) => assert.equal([approved(r).receipt.service, approved(r).receipt.amount], [3, 1]),
  },
  {
    name: 'online, the ledger shows the other card took the days\' shares: declined with nothing left',
    household: { entitled: 2 }, bench: () => ({ ledgerOnline: true }), ask: { bread: 5 },
    setup: (bench, _cardId, householdId) => bench.ledger.setHousehold(householdId, {
      usage: { ...emptyUsage(TODAY), breadTaken: [0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 20, 20] }, entitledCards: 2, switched: true,
    }),
    expect: ([r]) => assert.is((r as Extract<TransactionResult, { ok: false }>).reason?.maxLoaves, 0),
  },
  {
    name: 'offline, two entitled cards: a card gets its share (10 of 20 a day), more is OFFLINE_LIMIT_REACHED (CARD_SHARE)',
    household: { entitled: 2 }, fingers: ['own'], ask: [{ bread: 15 }, { bread: 10 }],
    setup: known(2),
    expect: ([over, ok]) => {
      assert.is(declined(over, 'OFFLINE_LIMIT_REACHED').reason?.limit, 'CARD_SHARE');
      assert.is(approved(ok).receipt.amount, 10);
    },
  },
];

for (const c of CASES) {
  test(c.name, async () => {
    const fixture = c.card ? personalization() : undefined;
    const issued = c.card ? undefined : household(c.household);
    const card = c.card?.() ?? issued![0]!.card;
    const cardId = fixture?.cardId ?? issued![0]!.cardId;
    const householdId = fixture?.householdId ?? issued![0]!.certificate.subject.householdId;
    const ownFinger = fixture?.fingerprint ?? issued!.fingers[0]!;
    const bench = await serviceBench(c.bench?.(cardId) ?? {});
    try {
      c.setup?.(bench, cardId, householdId);
      for (const f of c.fingers ?? []) bench.scanner.queue.push(f === 'own' ? ownFinger : WRONG_FINGER);
      bench.pins.queue.push(...(c.pins ?? []));
      const results: TransactionResult[] = [];
      for (const ask of Array.isArray(c.ask) ? c.ask : [c.ask]) {
        bench.testbench.insertCard(card);
        results.push(
          ask === 'health' ? await checkInHealthVisit(bench.runner)
            : 'bread' in ask ? await sellBread(bench.runner, { loaves: ask.bread })
              : await serveBasket(bench.runner, { lines: ask.basket }),
        );
        bench.testbench.removeCard();
      }
      const records = (await bench.journal.journal.read(1)).filter((r) => r.type === 1).map((r) => decodeJournalRecord(r.body));
      assert.is(records.length, results.length, 'one transaction record per transaction');
      c.expect(results, records, bench);
    } finally {
      await bench.close();
    }
  });
}

/**
 * The bound for a terminal clock set forward (see terminal/services/TRANSACTION.md): every loaf the card grants is
 * credited to a day of the month the card accepted, at most one day's share (5 × beneficiaries) per day and never
 * more than the month holds; moving the date forward only spends later days' shares early, and the card then
 * refuses every earlier date (CARD_DATE_AHEAD) until the real date catches up. Gain: 0 loaves. Offline, the jump
 * also trips the hours-without-sync limit.
 */
test('clock set forward: no gain beyond the bound (0 loaves); the card locks out earlier dates; the intent carries the clock context', async () => {
  const h = household();
  const hid = h[0]!.certificate.subject.householdId;
  const bench = await serviceBench({ ledgerOnline: true });
  const at = (iso: string): number => Date.parse(`${iso}T08:00:00Z`);
  const sale = async (iso: string, loaves: number): Promise<TransactionResult> => {
    bench.clock.now = at(iso);
    bench.testbench.insertCard(h[0]!.card);
    bench.scanner.queue.length = 0;
    bench.scanner.queue.push(h.fingers[0]!);
    try {
      return await sellBread(bench.runner, { loaves });
    } finally {
      bench.testbench.removeCard();
    }
  };
  try {
    bench.ledger.setHousehold(hid, { usage: emptyUsage(TODAY - 1), entitledCards: 1, switched: true });
    const granted: number[] = [];
    const take = (r: TransactionResult): void => void (r.ok && granted.push(r.receipt.amount));
    take(await sale('2026-03-15', 20));
    bench.ledger.online = false;
    assert.is((await sale('2026-03-25', 40) as { reason?: { limit?: string } }).reason?.limit, 'HOURS_WITHOUT_SYNC', 'offline, the jump trips the sync limit');
    bench.ledger.online = true;
    take(await sale('2026-03-25', 40)); // clock ten days ahead, online: days 25 and 26 spent early
    for (const iso of ['2026-03-16', '2026-03-20', '2026-03-24']) declined(await sale(iso, 5), 'CARD_DATE_AHEAD');
    assert.is(declined(await sale('2026-03-26', 40), 'COLLECT_AHEAD_LIMIT').reason?.maxLoaves, 20, 'day 26 taken; only day 27 is in the window');
    take(await sale('2026-03-27', 40));
    assert.equal(granted, [20, 40, 40]);
    // The bound: per credited day at most one share; in total at most the days the card accepted.
    const share = 5 * 4;
    const records = (await bench.journal.journal.read(1)).filter((r) => r.type === 1).map((r) => decodeJournalRecord(r.body));
    const byDay = new Map<number, number>();
    for (const r of records.filter((x) => x.debitProof)) {
      const proof = decodeDebitProof(r.debitProof!);
      byDay.set(proof.date, (byDay.get(proof.date) ?? 0) + proof.amount);
    }
    const legal = [...byDay.keys()].reduce((sum, d) => sum + share * (d === isoDay('2026-03-15') ? 1 : 2), 0);
    assert.ok(granted.reduce((a, b) => a + b, 0) <= legal, 'no day was granted beyond its share');
    // What the ledger needs to flag it: the intent carries the card-accepted date, the clock and the last sync.
    const intents = (await bench.journal.journal.read(1)).filter((r) => r.type === RECORD_TYPE.DEBIT_INTENT).map((r) => decodeIntent(r.body));
    const forward = intents.find((i) => i.day === isoDay('2026-03-25'))!;
    assert.ok(forward.day * 86_400_000 - forward.lastSyncMs > 9 * 86_400_000, 'card-accepted date ten days past the last sync');
  } finally {
    await bench.close();
  }
});

test.run();
