/**
 * Plays a day script (`dayScript`) against a test bench whose clock walks through the day: the households are
 * issued at opening, each visit puts the member's card in the reader, the fingers (and PIN) on the devices and
 * sells; with faults, a card is pulled mid-sale (and put back for a second try), the sync is stopped for a stretch
 * (the ledger unreachable) and resumed, and the terminal loses power (modelled as a restart of the bench on the same
 * journal directory: `createTestbench` cannot close and reopen its journal alone). Then the day is closed
 * (`closeBakeryDay`), synced, and reconciled: the journal's bread totals against the ledger's reconciliation, every
 * approval in the ledger exactly once, the register's sold total against the approved loaves and the ledger's count.
 * Card payments (visits with `payment`): the member pays after the bread on the same card (fingers or PIN queued as
 * scripted, the terminal's random selection from the script); a card pulled mid-payment is put back and the payment
 * tried once more only if the first try did not approve. Reconciled: every approval shown is in the journal, every
 * approved payment of the journal at the ledger exactly once (type 6 records), the totals equal, and what the
 * issuer debited equal to the journal's online approvals (an authorisation the terminal never completed shows here).
 */
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { createTestIssuer } from '../../../card/gov/test-issuer.ts';
import { startEmbeddedLedger, type EmbeddedLedger } from '../../../ledger/embedded-ledger.ts';
import { DEFAULT_PARAMETERS } from '../../../terminal/auth/parameters.ts';
import type { BakeryDayRegister } from '../../../terminal/auth/bakery-day-register.ts';
import { closeBakeryDay } from '../../../terminal/services/close-bakery-day.ts';
import type { TransactionResult } from '../../../terminal/services/transaction-types.ts';
import type { IssuerAccount } from '../../../issuer/issuer-host.ts';
import type { CardPaymentResult } from '../../../terminal/payment/pay-by-card.ts';
import { createTestbench, type BenchHousehold, type BenchMember, type Testbench } from '../../create-testbench.ts';
import { progressBar } from '../../cli/progress.ts';
import type { DayScript, ScriptPayment, ScriptVisit } from './day-script.ts';
import { codeOf, pulledAfter } from '../pulled-card.ts';
import { sellVisit } from '../visit-sale.ts';
import {
  approvalsInLedger, journalBreadTotals, journalPaymentTotals, ledgerBreadTotals, ledgerPaymentTotals, paymentKeyOf, paymentsInLedger,
  pickPayments, samePaymentTotals, sameTotals, type BreadTotals, type PaymentTotals,
} from './reconcile-day.ts';

export interface RunDayOptions {
  readonly script: DayScript;
  /** The local business day, days since 1970-01-01 (default today, local). */
  readonly day?: number;
  readonly utcOffsetMinutes?: number;
  readonly terminalId?: number;
  /** Where the progress bar goes (default none). */
  readonly progress?: NodeJS.WriteStream;
  /** Called with the run's ledger after the reconciliation, before it is closed (tests look into it themselves). */
  readonly inspect?: (ledger: EmbeddedLedger, summary: DaySummary) => Promise<void>;
}

export interface FaultReport {
  readonly kind: 'card-pulled' | 'ledger-unreachable' | 'power-cut' | 'payment-card-pulled';
  /** The visit (0-based) it happened at or before. */
  readonly visit: number;
  readonly recovered: boolean;
  readonly detail: string;
}

/** The day's card payments (all zero when the script has none). */
export interface DayPayments {
  /** Visits the script gave a payment. */
  readonly visits: number;
  /** Payments run (a pulled card's second try counts as one more). */
  readonly tries: number;
  /** What the terminal showed: approvals and declines, by code. */
  readonly approved: number;
  readonly declines: Readonly<Record<string, number>>;
  /** Payments that ended in an exception (a card pulled: HAL_CARD_REMOVED), by error code. */
  readonly errors: Readonly<Record<string, number>>;
  readonly journal: PaymentTotals;
  readonly ledger: PaymentTotals & { readonly notStored: number };
  /** Approved payments of the journal (by seq) missing from the ledger, held twice, or held by the ledger alone. */
  readonly inLedger: { readonly missing: number[]; readonly duplicated: number[]; readonly unexpected: number[] };
  /** Piastres the issuer debited from the members' accounts (online approvals at the issuer). */
  readonly issuerDebited: number;
}

export interface DaySummary {
  readonly day: number;
  readonly terminalId: number;
  readonly visits: number;
  /** Sales run (a pulled card's second try counts as one more). */
  readonly sales: number;
  readonly approvals: number;
  readonly loaves: number;
  readonly declines: Readonly<Record<string, number>>;
  /** Sales that ended in an exception rather than an outcome, by error code. */
  readonly errors: Readonly<Record<string, number>>;
  readonly faults: readonly FaultReport[];
  readonly journal: BreadTotals;
  readonly ledger: BreadTotals & { readonly storedUpToSeq: number; readonly rejected: number };
  readonly journalLastSeq: number;
  readonly approvalsInLedger: { readonly missing: number[]; readonly duplicated: number[]; readonly unexpected: number[] };
  readonly payments: DayPayments;
  readonly register: BakeryDayRegister;
  /** The ledger's own count of this terminal's approved loaves beside its copy of the register (undefined: no copy). */
  readonly registerLedgerLoaves: number | undefined;
  /** What disagrees, in words; empty when the day reconciles. */
  readonly problems: readonly string[];
  readonly agree: boolean;
  readonly elapsedMs: number;
}

/** Runs the day; see the file comment. Everything it starts is closed when it resolves. */
export async function runDay(options: RunDayOptions): Promise<DaySummary> {
  const started = Date.now();
  const { script } = options;
  const offset = options.utcOffsetMinutes ?? 120;
  const terminalId = options.terminalId ?? 0x00b4_0001;
  const day = options.day ?? Math.floor((Date.now() + offset * 60_000) / 86_400_000);
  const midnight = day * 86_400_000 - offset * 60_000;
  let now = midnight + 4.5 * 3_600_000; // 04:30: the households collect their cards before opening
  const clock = (): number => now;
  const issuer = createTestIssuer();
  const dir = mkdtempSync(join(tmpdir(), 'kart-day-'));
  const ledger = await startEmbeddedLedger({ issuer, now: clock });
  const newBench = (): Testbench => createTestbench({ dir, issuer, clock, utcOffsetMinutes: offset, terminalId, ledger, syncPollMs: 1_000 });
  let bench = newBench();
  const bar = options.progress ? progressBar(options.progress) : undefined;
  try {
    await bench.ready();
    const households: BenchHousehold[] = [];
    const paying = script.visits.some((v) => v.payment);
    for (const [i, h] of script.households.entries()) {
      households.push(await bench.issueHousehold({ number: i + 1, beneficiaries: h.beneficiaries, members: h.members, ...(paying ? { payment: true } : {}) }));
    }
    // The members' accounts at the issuer (a restarted bench has an issuer of its own: the accounts move to it), and
    // every account ever opened with its opening balance, for what the issuer debited over the day.
    const accounts = new Map<string, IssuerAccount>();
    const openings: { account: IssuerAccount; opening: number }[] = [];
    for (const h of households) for (const m of h.members) if (m.payment) {
      accounts.set(m.payment.pan, m.payment.account);
      openings.push({ account: m.payment.account, opening: m.payment.account.balance });
    }
    const debitedFrom = (pan: string): number => openings.filter((o) => o.account.pan === pan).reduce((sum, o) => sum + o.opening - o.account.balance, 0);
    const payResults: CardPaymentResult[] = [];
    const payErrors: Record<string, number> = {};

    const results: TransactionResult[] = [];
    const errors: Record<string, number> = {};
    const faults: FaultReport[] = [];
    let outageStartSeq = 0;
    const sell = (member: BenchMember, v: ScriptVisit): Promise<TransactionResult | undefined> => sellVisit(bench, member, v, { results, errors });

    const pay = async (member: BenchMember, p: ScriptPayment): Promise<CardPaymentResult | undefined> => {
      while (bench.scanner.script.pending > 0) bench.scanner.script.next();
      bench.pinPad.clear();
      if (p.finger === 'right') bench.presentFinger(member, 'right');
      else {
        for (let i = 0; i < 3; i++) bench.presentFinger(member, 'wrong');
        bench.enterPin(member.pin);
      }
      try {
        const result = await bench.payByCard({ amountPiastres: p.amountPiastres, random: () => p.selection, cardTimeoutMs: 3_000, deviceTimeoutMs: 5_000 });
        payResults.push(result);
        return result;
      } catch (error) {
        payErrors[codeOf(error)] = (payErrors[codeOf(error)] ?? 0) + 1;
        return undefined;
      }
    };
    const payAtVisit = async (i: number, member: BenchMember, p: ScriptPayment): Promise<void> => {
      now += 30_000;
      if (!p.pullCardAfterApdus) {
        await bench.presentCard(member);
        await pay(member, p);
        return;
      }
      const debitedBefore = debitedFrom(member.payment!.pan);
      await bench.insertCard(pulledAfter(member.card, p.pullCardAfterApdus, () => void bench.removeCard()));
      const first = await pay(member, p);
      let second: CardPaymentResult | undefined;
      // The cashier tries again only when the first try showed no approval: an approval is never asked twice.
      if (!first?.ok) {
        await bench.presentCard(member);
        now += 20_000;
        second = await pay(member, p);
      }
      const tries = second === undefined && first?.ok ? [first] : [first, second];
      const approvals = tries.filter((r) => r?.ok) as (CardPaymentResult & { ok: true })[];
      const onlineApproved = approvals.filter((r) => r.record.online).reduce((sum, r) => sum + r.record.amount, 0);
      const debited = debitedFrom(member.payment!.pan) - debitedBefore;
      const outcome = (r: CardPaymentResult | undefined): string => (r === undefined ? 'fault' : r.ok ? `APPROVED (${r.record.online ? 'online' : 'offline'}, seq ${r.seq})` : r.code);
      faults.push({
        kind: 'payment-card-pulled', visit: i,
        // At most one approval for the visit, and the issuer debited exactly what was approved online.
        recovered: approvals.length <= 1 && debited === onlineApproved && (approvals.length === 1 || tries.some((r) => r !== undefined && !r.ok)),
        detail: `after APDU ${p.pullCardAfterApdus}: ${outcome(first)}${tries.length > 1 ? `, put back: ${outcome(second)}` : ''}; ` +
          `${approvals.length} approval(s), the issuer debited ${debited} piastres for ${onlineApproved} approved online`,
      });
    };

    for (const [i, v] of script.visits.entries()) {
      if (script.faults?.ledgerOutage.to === i) await resume();
      if (script.faults?.powerCutBefore === i) await powerCut(i);
      if (script.faults?.ledgerOutage.from === i) {
        const services = await bench.ready();
        await services.sync.stop();
        outageStartSeq = services.journal.journal.state.lastSeq;
      }
      now = Math.max(now + 1_000, midnight + v.minute * 60_000);
      const member = households[v.household]!.members[v.member]!;
      if (v.pullCardAfterApdus) {
        await bench.insertCard(pulledAfter(member.card, v.pullCardAfterApdus, () => void bench.removeCard()));
        const first = await sell(member, v);
        await bench.presentCard(member);
        now += 20_000;
        const second = await sell(member, v);
        faults.push({
          kind: 'card-pulled', visit: i, recovered: second !== undefined,
          detail: `after APDU ${v.pullCardAfterApdus}: ${first?.outcome ?? 'fault'}, put back: ${second?.outcome ?? 'fault'}${second?.ok && second.recovered ? ' (torn sale completed)' : ''}`,
        });
      } else {
        await bench.presentCard(member);
        await sell(member, v);
      }
      if (v.payment) await payAtVisit(i, member, v.payment);
      bar?.update('customers', i + 1, script.visits.length);
    }
    bar?.clear();
    if (script.faults && script.faults.ledgerOutage.to >= script.visits.length) await resume();
    if (script.faults && script.faults.powerCutBefore >= script.visits.length) await powerCut(script.visits.length);
    await bench.removeCard();

    // Closing: the journal synced, the register built from it, journaled and synced too.
    now = midnight + 17 * 3_600_000 + 30 * 60_000;
    let services = await bench.ready();
    await bench.sync();
    const journalTotals = await journalBreadTotals(services.journal.journal, day);
    const loafGrams = DEFAULT_PARAMETERS.bread.loafGrams;
    const closed = await closeBakeryDay(services.journal.journal, {
      terminalId, day, utcOffsetMinutes: offset, flourDeliveredGrams: script.flourDeliveredGrams, loafGrams,
      openingStockLoaves: script.openingStockLoaves,
      closingStockLoaves: Math.max(0, script.openingStockLoaves + Math.floor(script.flourDeliveredGrams / loafGrams) - journalTotals.approved.loaves - script.shrinkageLoaves),
    });
    await bench.sync();
    services = await bench.ready();
    const journalLastSeq = services.journal.journal.state.lastSeq;
    const ledgerTotals = await ledgerBreadTotals(ledger.ledger, terminalId, day);
    const shownSeqs = results.flatMap((r) => (r.ok ? [r.receipt.seq] : []));
    const once = await approvalsInLedger(ledger.ledger, terminalId, day, households.map((h) => h.householdId), journalTotals.approvedSeqs);
    const registers = (await ledger.ledger.dayRegistersReport(day)).filter((r) => r.terminalId === terminalId);
    const registerCopy = registers.find((r) => r.seq === closed.seq);

    for (const f of faults) {
      if (f.kind === 'ledger-unreachable' || f.kind === 'power-cut') Object.assign(f, { recovered: f.recovered && ledgerTotals.storedUpToSeq >= journalLastSeq });
    }
    const approved = results.filter((r) => r.ok);
    const loaves = approved.reduce((sum, r) => sum + (r.ok ? r.receipt.amount : 0), 0);
    const declines: Record<string, number> = {};
    for (const r of results) if (!r.ok) declines[r.outcome] = (declines[r.outcome] ?? 0) + 1;

    const problems: string[] = [];
    if (!sameTotals(journalTotals, ledgerTotals)) problems.push(`journal totals ${JSON.stringify(pick(journalTotals))} ≠ ledger ${JSON.stringify(pick(ledgerTotals))}`);
    if (ledgerTotals.storedUpToSeq < journalLastSeq) problems.push(`the ledger holds up to seq ${ledgerTotals.storedUpToSeq} of ${journalLastSeq}`);
    if (ledgerTotals.rejected > 0) problems.push(`the ledger rejected ${ledgerTotals.rejected} record(s)`);
    if (once.missing.length) problems.push(`approvals missing from the ledger: seq ${once.missing.join(', ')}`);
    if (once.duplicated.length) problems.push(`approvals held more than once: seq ${once.duplicated.join(', ')}`);
    if (once.unexpected.length) problems.push(`approved sales in the ledger the journal does not hold: seq ${once.unexpected.join(', ')}`);
    const shownMissing = shownSeqs.filter((s) => !journalTotals.approvedSeqs.includes(s));
    if (shownMissing.length) problems.push(`approvals shown but not in the journal: seq ${shownMissing.join(', ')}`);
    if (approved.length !== journalTotals.approved.count || loaves !== journalTotals.approved.loaves) {
      problems.push(`approvals shown (${approved.length}, ${loaves} loaves) ≠ journal (${journalTotals.approved.count}, ${journalTotals.approved.loaves} loaves)`);
    }
    if (closed.register.soldTotal !== journalTotals.approved.loaves) problems.push(`register sold ${closed.register.soldTotal} ≠ approved loaves ${journalTotals.approved.loaves}`);
    if (!registerCopy) problems.push('the ledger has no copy of the day register');
    else if (registerCopy.ledgerLoaves !== closed.register.soldTotal) problems.push(`the ledger counts ${registerCopy.ledgerLoaves} loaves, the register ${closed.register.soldTotal}`);
    for (const f of faults) if (!f.recovered) problems.push(`fault not recovered: ${f.kind} at visit ${f.visit} (${f.detail})`);

    // Card payments: shown → journal → ledger, once each; totals; the issuer's debits against the online approvals.
    const journalPayments = await journalPaymentTotals(services.journal.journal, day);
    const ledgerPayments = await ledgerPaymentTotals(ledger.ledger, terminalId, day);
    const paymentsOnce = paymentsInLedger(journalPayments.approvedKeys, ledgerPayments.approvedKeys);
    const shownPayments = payResults.filter((r) => r.ok) as (CardPaymentResult & { ok: true })[];
    const journaledKeys = new Map(journalPayments.approvedKeys.map((k) => [k.seq, k.key]));
    const shownNotJournaled = shownPayments.filter((r) => journaledKeys.get(r.seq) !== paymentKeyOf(r.record)).map((r) => r.seq);
    const issuerDebited = openings.reduce((sum, o) => sum + o.opening - o.account.balance, 0);
    const journalOnlineValue = shownPayments.filter((r) => r.record.online).reduce((sum, r) => sum + r.record.amount, 0);
    if (!samePaymentTotals(journalPayments, ledgerPayments)) {
      problems.push(`journal payments ${JSON.stringify(pickPayments(journalPayments))} ≠ ledger ${JSON.stringify(pickPayments(ledgerPayments))}`);
    }
    if (ledgerPayments.notStored > 0) problems.push(`the ledger did not store ${ledgerPayments.notStored} card payment record(s)`);
    if (paymentsOnce.missing.length) problems.push(`card payments missing from the ledger: seq ${paymentsOnce.missing.join(', ')}`);
    if (paymentsOnce.duplicated.length) problems.push(`card payments held more than once: seq ${paymentsOnce.duplicated.join(', ')}`);
    if (paymentsOnce.unexpected.length) problems.push(`approved card payments in the ledger the journal does not hold: seq ${paymentsOnce.unexpected.join(', ')}`);
    if (shownNotJournaled.length) problems.push(`card payment approvals shown but not in the journal: seq ${shownNotJournaled.join(', ')}`);
    if (shownPayments.length !== journalPayments.approved.count) problems.push(`card payment approvals shown (${shownPayments.length}) ≠ journal (${journalPayments.approved.count})`);
    if (issuerDebited !== journalOnlineValue) {
      problems.push(`the issuer debited ${issuerDebited} piastres, the approvals shown online come to ${journalOnlineValue} (an authorisation neither completed nor reversed)`);
    }
    const payDeclines: Record<string, number> = {};
    for (const r of payResults) if (!r.ok) payDeclines[r.code] = (payDeclines[r.code] ?? 0) + 1;
    const payments: DayPayments = {
      visits: script.visits.filter((v) => v.payment).length, tries: payResults.length + Object.values(payErrors).reduce((a, b) => a + b, 0),
      approved: shownPayments.length, declines: payDeclines, errors: payErrors,
      journal: pickPayments(journalPayments), ledger: { ...pickPayments(ledgerPayments), notStored: ledgerPayments.notStored },
      inLedger: paymentsOnce, issuerDebited,
    };

    const summary: DaySummary = {
      day, terminalId, visits: script.visits.length, sales: results.length + Object.values(errors).reduce((a, b) => a + b, 0),
      approvals: approved.length, loaves, declines, errors, faults,
      journal: pick(journalTotals), ledger: ledgerTotals, journalLastSeq, approvalsInLedger: once, payments,
      register: closed.register, registerLedgerLoaves: registerCopy?.ledgerLoaves, problems, agree: problems.length === 0,
      elapsedMs: Date.now() - started,
    };
    await options.inspect?.(ledger, summary);
    return summary;

    async function resume(): Promise<void> {
      const services = await bench.ready();
      const waiting = services.journal.journal.state.lastSeq - outageStartSeq;
      services.sync.start();
      const acks = await bench.sync();
      const stored = Math.max(0, ...services.acks.map((a) => a.storedUpToSeq), ...acks.map((a) => a.storedUpToSeq));
      const from = script.faults!.ledgerOutage.from;
      faults.push({
        kind: 'ledger-unreachable', visit: from, recovered: stored >= services.journal.journal.state.lastSeq,
        detail: `visits ${from}–${script.faults!.ledgerOutage.to - 1}: ${waiting} record(s) waited, then synced up to seq ${stored}`,
      });
    }

    async function powerCut(at: number): Promise<void> {
      const journalBefore = (await bench.ready()).journal.journal;
      const before = journalBefore.state.lastSeq;
      const paidBefore = (await journalPaymentTotals(journalBefore, day)).approvedKeys;
      await bench.close();
      bench = newBench();
      const journalAfter = (await bench.ready()).journal.journal;
      const after = journalAfter.state.lastSeq;
      const paidAfter = (await journalPaymentTotals(journalAfter, day)).approvedKeys;
      const kept = JSON.stringify(paidAfter) === JSON.stringify(paidBefore);
      // The issuer is not the terminal: the restarted bench's issuer takes the accounts over as they stand.
      for (const [pan, account] of accounts) {
        const moved = bench.paymentIssuer.open(pan, account.panSequenceNumber, account.balance);
        accounts.set(pan, moved);
        openings.push({ account: moved, opening: moved.balance });
      }
      const lastPaid = paidBefore.at(-1);
      faults.push({
        kind: 'power-cut', visit: at, recovered: after === before && kept,
        detail: `restarted on the same journal: seq ${before} before, ${after} after` +
          (paidBefore.length ? `; ${paidAfter.length} of ${paidBefore.length} approved card payment(s) kept, the last at seq ${lastPaid!.seq}${paidAfter.some((p) => p.key === lastPaid!.key) ? '' : ' LOST'}` : ''),
      });
    }
  } finally {
    bar?.clear();
    await bench.close();
    await ledger.close();
    rmSync(dir, { recursive: true, force: true });
  }
}

const pick = (t: BreadTotals): BreadTotals => ({ approved: t.approved, declined: t.declined });
