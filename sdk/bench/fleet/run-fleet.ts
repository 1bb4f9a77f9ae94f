/**
 * Plays a fleet script (`fleetScript`) in one process: N test benches, each with its own journal directory, terminal
 * id and cuttable link, all on ONE embedded ledger and one card issuer, under one clock that walks through the day
 * (the drifting terminal reads it ahead). The households are issued once and registered with the ledger; a member's
 * card goes to whichever bakery the script sends them. Visits run in time order over the fleet; a terminal that
 * reaches the ledger syncs after each customer (so the ledger's view the next terminal reads is as of that moment,
 * and a seed replays the same decisions). Faults: the outage cuts a region's links and restores them at once, the
 * terminals then re-sync together (the re-send burst); power cuts restart a bench on its journal; pulled cards are
 * put back; the never-syncing terminal's link is down until closing. At closing every terminal syncs, closes its
 * day (`closeBakeryDay`), syncs again, and the fleet is reconciled (`reconcileFleet`).
 */
import { mkdirSync, mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { issueHousehold as issueCards } from '../../../card/gov/issue-household.ts';
import { createTestIssuer } from '../../../card/gov/test-issuer.ts';
import { startEmbeddedLedger, type EmbeddedLedger } from '../../../ledger/embedded-ledger.ts';
import { DEFAULT_PARAMETERS } from '../../../terminal/auth/parameters.ts';
import { OUTCOME } from '../../../terminal/schemas/journal-record.ts';
import { SERVICE } from '../../../terminal/schemas/service.ts';
import { closeBakeryDay } from '../../../terminal/services/close-bakery-day.ts';
import { journalSales } from '../../../terminal/services/journal-sales.ts';
import { benchHousehold } from '../bench-household.ts';
import type { BenchMember } from '../../create-testbench.ts';
import { progressBar } from '../../cli/progress.ts';
import { openFleetCounter, type FleetCounter } from './fleet-counter.ts';
import type { FleetScript } from './fleet-script.ts';
import { plantedFaultFindings } from './planted-faults.ts';
import { reconcileFleet, type FleetLedgerReports, type FleetReconciliation, type TerminalEvidence } from './reconcile-fleet.ts';

export interface RunFleetOptions {
  readonly script: FleetScript;
  /** The local business day, days since 1970-01-01 (default today, local). */
  readonly day?: number;
  readonly utcOffsetMinutes?: number;
  /** The first terminal's id (default 0x00B41001; the others follow). */
  readonly firstTerminalId?: number;
  readonly progress?: NodeJS.WriteStream;
  /**
   * Called after the closing sync with the evidence and the ledger's reports, before the reconciliation reads them;
   * returns what the reconciliation should read instead (tests break the evidence or the ledger to see it fail).
   */
  readonly tamper?: (evidence: TerminalEvidence[], ledger: FleetLedgerReports) => { evidence: TerminalEvidence[]; ledger: FleetLedgerReports };
  /** Called with the fleet's ledger and the summary before the ledger is closed (tests look into it themselves). */
  readonly inspect?: (ledger: EmbeddedLedger, summary: FleetSummary) => Promise<void>;
}

export interface FleetFaultReport {
  readonly kind: 'outage' | 'power-cut' | 'card-pulled' | 'clock-drift' | 'never-syncs' | 'over-draw' | 'card-twice';
  readonly terminals: readonly number[];
  readonly minute: number;
  readonly recovered: boolean;
  readonly detail: string;
}

export interface FleetTerminalSummary {
  readonly index: number;
  readonly terminalId: number;
  readonly visits: number;
  readonly approvals: number;
  readonly loaves: number;
  readonly declines: Readonly<Record<string, number>>;
  readonly errors: Readonly<Record<string, number>>;
  /** Records the ledger did not hold when the terminal's link came back (0: never cut). */
  readonly backlogAtResync: number;
  readonly registerSold: number;
  readonly registerLedgerLoaves: number | undefined;
}

export interface FleetSummary {
  readonly day: number;
  readonly terminals: readonly FleetTerminalSummary[];
  readonly households: number;
  readonly visits: number;
  readonly approvals: number;
  readonly loaves: number;
  readonly faults: readonly FleetFaultReport[];
  readonly reconciliation: FleetReconciliation;
  readonly problems: readonly string[];
  readonly agree: boolean;
  readonly elapsedMs: number;
}

const hex = (t: number): string => t.toString(16).toUpperCase().padStart(8, '0');

/** Runs the fleet; see the file comment. Everything it starts is closed when it resolves. */
export async function runFleet(options: RunFleetOptions): Promise<FleetSummary> {
  const started = Date.now();
  const { script } = options;
  const offset = options.utcOffsetMinutes ?? 120;
  const day = options.day ?? Math.floor((Date.now() + offset * 60_000) / 86_400_000);
  const midnight = day * 86_400_000 - offset * 60_000;
  const opening = midnight + 4.5 * 3_600_000; // 04:30: the households collect their cards before opening
  let now = opening;
  const drift = script.faults.clockDrift;
  const clockOf = (index: number): (() => number) =>
    drift?.terminal === index ? () => now + drift.aheadMs + Math.round((drift.driftMsPerHour * (now - opening)) / 3_600_000) : () => now;
  const issuer = createTestIssuer();
  const root = mkdtempSync(join(tmpdir(), 'kart-fleet-'));
  const ledger: EmbeddedLedger = await startEmbeddedLedger({ issuer, now: () => now });
  const counters: FleetCounter[] = [];
  const bar = options.progress ? progressBar(options.progress) : undefined;
  const firstId = options.firstTerminalId ?? 0x00b4_1001;
  try {
    const n = script.options.terminals;
    for (let i = 0; i < n; i++) {
      mkdirSync(join(root, `t${i}`));
      counters.push(await openFleetCounter({
        index: i, terminalId: firstId + i, dir: join(root, `t${i}`), issuer, ledger: ledger, clock: clockOf(i), utcOffsetMinutes: offset,
      }));
      bar?.update('terminals', i + 1, n);
    }
    bar?.clear();

    // The households: issued once for the fleet, their cards registered with the ledger.
    const issuedOn = Math.floor(now / 86_400_000);
    const year = new Date(now).getUTCFullYear();
    const households: { id: Uint8Array; members: BenchMember[] }[] = [];
    for (const [i, h] of script.households.entries()) {
      const description = benchHousehold({ number: i + 1, beneficiaries: h.beneficiaries, members: h.members }, year);
      const cards = issueCards(description, { issuer, issuedOn, protocol: 'T=1' });
      await ledger.registerHousehold(description, cards);
      households.push({
        id: description.householdId,
        members: cards.map((issued, k) => ({ ...issued, nameAr: description.members[k]!.nameAr, age: description.members[k]!.age, pin: description.members[k]!.pin })),
      });
    }

    const faults: FleetFaultReport[] = [];
    const backlog = new Map<number, number>();
    const outage = script.faults.outage;
    // The never-syncing terminal reaches the ledger with its first customer's sale (offline limits count from a
    // sync: a terminal that never synced declines everything), then not again until closing.
    const never = script.faults.neverSyncs;
    let neverCut = false;
    const online = (i: number): boolean => counters[i]!.link.up;
    let outageState: 'before' | 'down' | 'over' = outage ? 'before' : 'over';
    const pendingCuts = [...script.faults.powerCuts];

    const stored = async (c: FleetCounter): Promise<number> => (await ledger.ledger.reconciliation(c.terminalId, day)).storedUpToSeq;
    const resync = async (group: readonly FleetCounter[]): Promise<{ waited: number[]; after: number[]; batches: number; ms: number }> => {
      const waited = await Promise.all(group.map(async (c) => (await c.lastSeq()) - (await stored(c))));
      for (const c of group) c.link.setUp(true);
      // The burst: every terminal of the group sends its backlog at the same moment.
      const sent = Date.now();
      const acks = await Promise.all(group.map((c) => c.bench.sync()));
      const ms = Date.now() - sent;
      const after = await Promise.all(group.map(async (c) => (await c.lastSeq()) - (await stored(c))));
      group.forEach((c, k) => backlog.set(c.index, Math.max(backlog.get(c.index) ?? 0, waited[k]!)));
      return { waited, after, batches: acks.reduce((n, a) => n + a.length, 0), ms };
    };

    const beforeMinute = async (minute: number): Promise<void> => {
      if (outage && outageState === 'before' && minute >= outage.fromMinute) {
        outageState = 'down';
        for (const t of outage.terminals) counters[t]!.link.setUp(false);
      }
      if (outage && outageState === 'down' && minute >= outage.toMinute) {
        outageState = 'over';
        const group = outage.terminals.map((t) => counters[t]!);
        const burst = await resync(group);
        faults.push({
          kind: 'outage', terminals: outage.terminals.map((t) => firstId + t), minute: outage.fromMinute,
          recovered: burst.after.every((x) => x === 0),
          detail: `${clock(outage.fromMinute)}–${clock(outage.toMinute)}: ${burst.waited.reduce((a, b) => a + b, 0)} record(s) waited (${burst.waited.join(' + ')}), re-sent at once in ${burst.batches} batch(es), ${burst.ms} ms; left after: ${burst.after.reduce((a, b) => a + b, 0)}`,
        });
      }
      for (let k = pendingCuts.length - 1; k >= 0; k--) {
        const cut = pendingCuts[k]!;
        if (minute < cut.minute) continue;
        pendingCuts.splice(k, 1);
        const { before, after } = await counters[cut.terminal]!.powerCut();
        faults.push({ kind: 'power-cut', terminals: [firstId + cut.terminal], minute: cut.minute, recovered: before === after, detail: `at ${clock(cut.minute)}, restarted on the same journal: seq ${before} before, ${after} after` });
      }
    };

    for (const [i, v] of script.visits.entries()) {
      await beforeMinute(v.minute);
      now = Math.max(now + 1_000, midnight + v.minute * 60_000);
      const counter = counters[v.terminal]!;
      const member = households[v.household]!.members[v.member]!;
      const pulled = await counter.serve(member, v, (ms) => { now += ms; });
      if (pulled) {
        const last = counter.results.at(-1);
        faults.push({ kind: 'card-pulled', terminals: [counter.terminalId], minute: v.minute, recovered: last !== undefined, detail: pulled });
      }
      if (online(v.terminal)) await counter.bench.sync();
      if (v.terminal === never && !neverCut) {
        neverCut = true;
        counter.link.setUp(false);
      }
      bar?.update('customers', i + 1, script.visits.length);
    }
    bar?.clear();
    await beforeMinute(24 * 60);

    // Closing: links up; the never-syncing terminal's whole day goes now; every day closed and synced.
    now = midnight + 17.5 * 3_600_000;
    if (never !== undefined) {
      const burst = await resync([counters[never]!]);
      faults.push({ kind: 'never-syncs', terminals: [firstId + never], minute: 17.5 * 60, recovered: burst.after[0] === 0, detail: `${burst.waited[0]} record(s) held all day, sent at closing in ${burst.batches} batch(es); left after: ${burst.after[0]}` });
    }
    const registers: { sold: number; seq: number; day: number }[] = [];
    for (const c of counters) {
      await c.bench.sync();
      const services = await c.bench.ready();
      const localDay = Math.floor((c.bench.clock() + offset * 60_000) / 86_400_000);
      let sold = 0;
      for await (const { record } of journalSales(services.journal.journal)) {
        if (record.service === SERVICE.BREAD && record.outcome === OUTCOME.APPROVED && Math.floor((record.time + record.utcOffsetMinutes * 60) / 86_400) === localDay) sold += record.amount;
      }
      const loafGrams = DEFAULT_PARAMETERS.bread.loafGrams;
      const flour = Math.ceil(sold * 1.1) * loafGrams;
      const closed = await closeBakeryDay(services.journal.journal, {
        terminalId: c.terminalId, day: localDay, utcOffsetMinutes: offset, flourDeliveredGrams: flour, loafGrams,
        openingStockLoaves: 40, closingStockLoaves: 40 + Math.floor(flour / loafGrams) - sold,
      });
      registers.push({ sold: closed.register.soldTotal, seq: closed.seq, day: localDay });
      await c.bench.sync();
    }
    if (drift) {
      const c = counters[drift.terminal]!;
      faults.push({ kind: 'clock-drift', terminals: [c.terminalId], minute: 0, recovered: true, detail: `clock ${(drift.aheadMs / 3_600_000).toFixed(1)} h ahead at opening, gaining ${drift.driftMsPerHour / 1000} s an hour: its local day is ${registers[drift.terminal]!.day} (fleet ${day})` });
    }

    // Evidence, read once from every journal.
    let evidence: TerminalEvidence[] = [];
    for (const c of counters) {
      const journal = (await c.bench.ready()).journal.journal;
      const sales = [];
      for await (const s of journalSales(journal)) sales.push(s);
      evidence.push({ index: c.index, terminalId: c.terminalId, sales, lastSeq: journal.state.lastSeq, shownSeqs: c.results.flatMap((r) => (r.ok ? [r.receipt.seq] : [])) });
    }
    let reports: FleetLedgerReports = ledger.ledger;
    if (options.tamper) ({ evidence, ledger: reports } = options.tamper(evidence, reports));
    const reconciliation = await reconcileFleet(reports, evidence, households.map((h, i) => ({ id: h.id, beneficiaries: script.households[i]!.beneficiaries })));

    faults.push(...plantedFaultFindings({ script, households, evidence, reconciliation, firstId }));
    const problems = [...reconciliation.problems];
    const terminals: FleetTerminalSummary[] = [];
    for (const c of counters) {
      const reg = registers[c.index]!;
      const copy = (await ledger.ledger.dayRegistersReport(reg.day)).find((r) => r.terminalId === c.terminalId && r.seq === reg.seq);
      if (!copy) problems.push(`terminal ${hex(c.terminalId)}: the ledger has no copy of the day register`);
      else if (copy.ledgerLoaves !== reg.sold) problems.push(`terminal ${hex(c.terminalId)}: the ledger counts ${copy.ledgerLoaves} loaves, the register ${reg.sold}`);
      const approved = c.results.filter((r) => r.ok);
      const declines: Record<string, number> = {};
      for (const r of c.results) if (!r.ok) declines[r.outcome] = (declines[r.outcome] ?? 0) + 1;
      terminals.push({
        index: c.index, terminalId: c.terminalId, visits: script.visits.filter((v) => v.terminal === c.index).length,
        approvals: approved.length, loaves: approved.reduce((s, r) => s + (r.ok ? r.receipt.amount : 0), 0), declines, errors: { ...c.errors },
        backlogAtResync: backlog.get(c.index) ?? 0, registerSold: reg.sold, registerLedgerLoaves: copy?.ledgerLoaves,
      });
    }
    for (const f of faults) if (!f.recovered) problems.push(`fault not recovered: ${f.kind} at ${clock(f.minute)} (${f.detail})`);
    const summary: FleetSummary = {
      day, terminals, households: households.length, visits: script.visits.length,
      approvals: terminals.reduce((s, t) => s + t.approvals, 0), loaves: terminals.reduce((s, t) => s + t.loaves, 0),
      faults, reconciliation, problems, agree: problems.length === 0, elapsedMs: Date.now() - started,
    };
    await options.inspect?.(ledger, summary);
    return summary;
  } finally {
    bar?.clear();
    for (const c of counters) await c.close().catch(() => undefined);
    await ledger.close();
    rmSync(root, { recursive: true, force: true });
  }
}

/** `HH:MM` of minutes since local midnight. */
function clock(minute: number): string {
  return `${String(Math.floor(minute / 60)).padStart(2, '0')}:${String(Math.floor(minute % 60)).padStart(2, '0')}`;
}
