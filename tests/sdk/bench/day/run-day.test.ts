/**
 * A small seeded day with faults through the runner: every approval shown is in the ledger exactly once, the
 * journal's totals equal the ledger's, the register's sold total equals the approved loaves, every fault injected
 * is recovered. The ledger is read here directly too, not only through the runner's own summary.
 */
import * as assert from 'uvu/assert';
import { dayScript } from '../../../../sdk/bench/day/day-script.ts';
import { runDay, type DaySummary } from '../../../../sdk/bench/day/run-day.ts';
import { parseJournalRecordAt } from '../../../../terminal/journal/journal-record.ts';
import { CARD_PAYMENT_RECORD_TYPE, decodeCardPaymentRecord, PAYMENT_OUTCOME } from '../../../../terminal/schemas/card-payment-record.ts';
import { OUTCOME } from '../../../../terminal/schemas/journal-record.ts';
import { SERVICE } from '../../../../terminal/schemas/service.ts';
import { suite } from '../../../support/suite.ts';

// The embedded ledger's PGlite runs initdb at start: seconds, many more on a loaded machine.
const test = suite('sdk/bench/day/run-day', { timeoutMs: 180_000 });

test('12 customers, 3 households, faults on: the day reconciles', async () => {
  const script = dayScript({ customers: 12, households: 3, seed: 7, faults: true });
  let seen: { approved: number; loaves: number; declined: number; registerSold: number[]; ledgerLoaves: number[]; stored: number } | undefined;
  const s: DaySummary = await runDay({
    script,
    async inspect(ledger, summary) {
      const r = await ledger.ledger.reconciliation(summary.terminalId, summary.day);
      const row = (type: number) => r.totals.find((t) => t.service === SERVICE.BREAD && t.type === type);
      const registers = await ledger.ledger.dayRegistersReport(summary.day);
      seen = {
        approved: row(OUTCOME.APPROVED)?.count ?? 0, loaves: row(OUTCOME.APPROVED)?.amount ?? 0, declined: row(OUTCOME.DECLINED)?.count ?? 0,
        registerSold: registers.map((x) => x.register.soldTotal), ledgerLoaves: registers.map((x) => x.ledgerLoaves), stored: r.storedUpToSeq,
      };
    },
  });
  assert.equal(s.problems, [], s.problems.join('; '));
  assert.ok(s.agree);
  assert.ok(seen, 'inspected');
  // The approvals shown to customers, counted by the runner from their receipts, against the ledger read here.
  assert.ok(s.approvals >= 5 && s.loaves > 0, `${s.approvals} approvals, ${s.loaves} loaves`);
  assert.is(seen!.approved, s.approvals, 'every approval in the ledger, once');
  assert.is(seen!.loaves, s.loaves);
  const declines = Object.values(s.declines).reduce((a, b) => a + b, 0);
  assert.ok(declines >= 1, 'the seeded day has an over-share decline');
  assert.is(seen!.declined, declines);
  assert.equal(s.approvalsInLedger, { missing: [], duplicated: [], unexpected: [] });
  assert.equal(s.journal, { approved: s.ledger.approved, declined: s.ledger.declined });
  assert.is(seen!.stored, s.journalLastSeq, 'the ledger holds the whole journal, the register included');
  // The day register: one, journaled and synced; its sold total is the approved loaves, as the ledger counts them.
  assert.equal(seen!.registerSold, [s.loaves]);
  assert.equal(seen!.ledgerLoaves, [s.loaves]);
  assert.is(s.register.soldTotal, s.loaves);
  assert.is(s.register.discrepancy, -script.shrinkageLoaves, 'the counted closing stock is short by the loaves given without a card');
  // The faults: each kind injected once and recovered.
  assert.equal(s.faults.map((f) => f.kind).sort(), ['card-pulled', 'ledger-unreachable', 'power-cut']);
  for (const f of s.faults) assert.ok(f.recovered, `${f.kind}: ${f.detail}`);
  assert.is(s.sales, 13, 'the pulled card\'s visit ran a second sale');
  assert.is(Object.values(s.errors).reduce((a, b) => a + b, 0) + s.approvals + declines, s.sales);
});

test('without faults none is reported', async () => {
  const s = await runDay({ script: dayScript({ customers: 3, households: 2, seed: 11, faults: false }) });
  assert.equal(s.faults, []);
  assert.is(s.sales, 3);
  assert.equal(s.errors, {});
  assert.ok(s.agree, s.problems.join('; '));
});

test('card payments with faults: every approval shown is in the journal and at the ledger once (type 6), totals and splits agree', async () => {
  const script = dayScript({ customers: 12, households: 3, seed: 7, faults: true, payments: 0.25 });
  let rows: { seq: number; verdict: string; approved: boolean; amount: number; online: boolean }[] = [];
  const s = await runDay({
    script,
    async inspect(ledger, summary) {
      const found = await ledger.ledger.store.query('SELECT seq, frame, verdict FROM records WHERE terminal_id = $1 AND type = $2 ORDER BY seq', [summary.terminalId, CARD_PAYMENT_RECORD_TYPE]);
      rows = found.map((r) => {
        const parsed = parseJournalRecordAt(r['frame'] as Uint8Array, 0);
        assert.ok(parsed.ok);
        const record = decodeCardPaymentRecord(parsed.record.body);
        return { seq: Number(r['seq']), verdict: String(r['verdict']), approved: record.outcome === PAYMENT_OUTCOME.APPROVED, amount: record.amount, online: record.online };
      });
    },
  });
  assert.equal(s.problems, [], s.problems.join('; '));
  const p = s.payments;
  assert.is(p.visits, script.visits.filter((v) => v.payment).length);
  assert.ok(p.approved >= 3, `${p.approved} payments approved`);
  // Read here from the ledger's own rows: each approval shown once, STORED, with the same value and online split.
  const approved = rows.filter((r) => r.approved);
  assert.is(approved.length, p.approved);
  assert.is(new Set(approved.map((r) => r.seq)).size, approved.length);
  assert.ok(rows.every((r) => r.verdict === 'STORED'));
  assert.is(approved.reduce((sum, r) => sum + r.amount, 0), p.journal.approved.value);
  assert.is(approved.filter((r) => r.online).length, p.journal.approved.online);
  assert.equal(p.journal, { approved: p.ledger.approved, declined: p.ledger.declined });
  assert.equal(p.inLedger, { missing: [], duplicated: [], unexpected: [] });
  assert.ok(p.journal.approved.online >= 1 && p.journal.approved.offline >= 1, JSON.stringify(p.journal.approved));
  assert.ok((p.journal.approved.cvm['finger-on-card'] ?? 0) >= 1 && (p.journal.approved.cvm.pin ?? 0) >= 1, JSON.stringify(p.journal.approved.cvm));
  // The online approvals are what the issuer debited; the pulled card cost one try, not one more approval.
  const online = approved.filter((r) => r.online).reduce((sum, r) => sum + r.amount, 0);
  assert.is(p.issuerDebited, online);
  assert.equal(p.errors, { HAL_CARD_REMOVED: 1 });
  assert.is(p.tries, p.visits + 1);
  const pulled = s.faults.find((f) => f.kind === 'payment-card-pulled');
  assert.ok(pulled?.recovered, pulled?.detail);
  const cut = s.faults.find((f) => f.kind === 'power-cut');
  assert.ok(cut?.recovered, cut?.detail);
  assert.match(cut!.detail, /(\d+) of \1 approved card payment\(s\) kept/);
  // The bread day is the one without payments: the same sales and loaves.
  assert.is(s.sales, 13);
  assert.ok(s.agree);
});

test('a card pulled between the online authorisation and the second GENERATE AC: the authorisation is reversed, the retry is the one debit', async () => {
  // Seed 22 pulls the card after APDU 18 of an online payment: the issuer has approved (and debited) the ARQC, the
  // card never gives its TC. The firmware reverses that approval (terminal/payment), so the retry's approval is the
  // only debit: the issuer's debits equal the online approvals shown, and the day reconciles.
  const script = dayScript({ customers: 8, households: 2, seed: 22, faults: true, payments: 0.25 });
  const visit = script.visits.find((v) => v.payment?.pullCardAfterApdus);
  assert.is(visit?.payment?.pullCardAfterApdus, 18);
  const s = await runDay({ script });
  const p = s.payments;
  assert.equal(p.inLedger, { missing: [], duplicated: [], unexpected: [] }, 'no lost or double approval in the journal or the ledger');
  assert.equal(p.journal, { approved: p.ledger.approved, declined: p.ledger.declined });
  const pulled = s.faults.find((f) => f.kind === 'payment-card-pulled')!;
  assert.ok(pulled.recovered, pulled.detail);
  const amount = visit!.payment!.amountPiastres;
  assert.match(pulled.detail, `1 approval(s), the issuer debited ${amount} piastres for ${amount} approved online`, 'debited once for one purchase');
  assert.not.ok(s.problems.some((x) => x.includes('the issuer debited')), s.problems.join('; '));
  assert.ok(s.agree, s.problems.join('; '));
});

test.run();
