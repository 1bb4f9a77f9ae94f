/**
 * A fleet through the runner: a small seeded fleet with an outage and a power cut reconciles exactly (checked here
 * against the ledger directly too); a household served at two terminals beyond its share (one online taking three
 * days' share, the other offline in an outage taking its card's share) is flagged `HOUSEHOLD_OVERDRAW` by the
 * ledger; and the reconciliation fails when a journal record is hidden from it or a record is lost from the ledger.
 */
import * as assert from 'uvu/assert';
import { fleetScript, type FleetScript, type FleetVisit } from '../../../sdk/bench/fleet/fleet-script.ts';
import type { FleetLedgerReports } from '../../../sdk/bench/fleet/reconcile-fleet.ts';
import { runFleet } from '../../../sdk/bench/fleet/run-fleet.ts';
import { OUTCOME } from '../../../terminal/schemas/journal-record.ts';
import { SERVICE } from '../../../terminal/schemas/service.ts';
import { suite } from '../../support/suite.ts';

// Each run starts its own embedded ledger (PGlite's initdb: seconds, more on a loaded machine).
const test = suite('sdk/fleet/run-fleet', { timeoutMs: 120_000 });

test('3 terminals, 6 households, an outage and a power cut: the fleet reconciles exactly', async () => {
  const script = fleetScript({ terminals: 3, households: 6, visits: 24, seed: 36, faults: ['outage', 'power-cut'] });
  let ledgerLoaves = -1;
  let ledgerApprovals = -1;
  const s = await runFleet({
    script,
    async inspect(ledger, summary) {
      const days = new Set(summary.reconciliation.terminals.flatMap((t) => t.days));
      ledgerLoaves = ledgerApprovals = 0;
      for (const d of days) {
        const row = (await ledger.ledger.dayReport(d)).totals.find((t) => t.service === SERVICE.BREAD && t.type === OUTCOME.APPROVED);
        ledgerLoaves += row?.amount ?? 0;
        ledgerApprovals += row?.count ?? 0;
      }
    },
  });
  assert.equal(s.problems, [], s.problems.join('; '));
  assert.ok(s.agree);
  assert.is(s.terminals.length, 3);
  assert.ok(s.approvals >= 8, `${s.approvals} approvals`);
  // The ledger, read here over the whole day, holds exactly the approvals shown to customers.
  assert.is(ledgerApprovals, s.approvals);
  assert.is(ledgerLoaves, s.loaves);
  const outage = s.faults.find((f) => f.kind === 'outage');
  assert.ok(outage?.recovered, JSON.stringify(s.faults));
  assert.ok(s.faults.some((f) => f.kind === 'power-cut' && f.recovered));
  const cut = s.terminals[script.faults.outage!.terminals[0]!]!;
  assert.ok(cut.backlogAtResync > 0, 'the outage terminal had a backlog when its link came back');
  for (const t of s.reconciliation.terminals) assert.ok(t.storedUpToSeq >= t.lastSeq && t.storedUpToSeq > 0, 'every backlog drained');
  assert.ok(s.reconciliation.households.atTwoOrMoreTerminals >= 1, 'some household bought at two bakeries');
  assert.is(s.reconciliation.households.mismatched, 0);
});

test('the same seed replays the same fleet: decisions, backlogs and flags', async () => {
  const script = () => fleetScript({ terminals: 3, households: 5, visits: 15, seed: 11, faults: ['outage', 'never-syncs', 'over-draw', 'card-twice', 'power-cut'] });
  const outline = async () => {
    const s = await runFleet({ script: script() });
    assert.ok(s.agree, s.problems.join('; '));
    return { terminals: s.terminals.map(({ approvals, loaves, declines, backlogAtResync }) => ({ approvals, loaves, declines, backlogAtResync })), flags: s.reconciliation.flags.map((f) => [f.code, f.count, f.households]) };
  };
  assert.equal(await outline(), await outline());
});

const visit = (minute: number, terminal: number, household: number, member: number, loaves: number): FleetVisit =>
  ({ minute, terminal, household, member, loaves, finger: 'right', overShare: false });

// Household 0 (2 beneficiaries, 2 cards: 10 loaves a day, at most 3 days' share, 30, at once): the head takes 30
// at the online bakery; the spouse, at a bakery in an outage (its last sync before the head's sales), gets the
// card's offline share (5) on top. Household 1 is the offline bakery's own customer (its sync before the outage).
const overdraw: FleetScript = {
  options: { terminals: 2, households: 2, seed: 0 },
  households: [{ beneficiaries: 2, members: 2, home: 0, away: 1, awayMember: 1 }, { beneficiaries: 1, members: 1, home: 1 }],
  visits: [visit(330, 1, 1, 0, 3), visit(360, 0, 0, 0, 15), visit(370, 0, 0, 0, 15), visit(420, 1, 0, 1, 5)],
  faults: { powerCuts: [], outage: { terminals: [1], fromMinute: 340, toMinute: 600 } },
};

test('a household served at two terminals beyond its share is flagged HOUSEHOLD_OVERDRAW by the ledger', async () => {
  const s = await runFleet({ script: overdraw });
  assert.ok(s.agree, s.problems.join('; ')); // the flag is the ledger's finding, not a reconciliation failure
  assert.is(s.loaves, 3 + 35, 'household 1: 3; household 0: head 30 online + spouse 5 offline');
  const flag = s.reconciliation.flags.find((f) => f.code === 'HOUSEHOLD_OVERDRAW');
  assert.ok(flag, JSON.stringify(s.reconciliation.flags));
  assert.equal(flag!.households, ['4800000000000001']);
  assert.equal(flag!.terminals, [s.terminals[1]!.terminalId], 'raised on the batch that made the total exceed the limit');
  assert.match(flag!.details[0]!, '35 loaves, limit 30');
  assert.is(s.reconciliation.households.atTwoOrMoreTerminals, 1);
});

test('the reconciliation fails when a journal approval is hidden from it', async () => {
  const s = await runFleet({
    script: overdraw,
    tamper(evidence, ledger) {
      const t = evidence[0]!;
      const hidden = t.sales.find((x) => x.record.outcome === OUTCOME.APPROVED)!;
      return { evidence: [{ ...t, sales: t.sales.filter((x) => x !== hidden) }, ...evidence.slice(1)], ledger };
    },
  });
  assert.not.ok(s.agree);
  assert.ok(s.problems.some((p) => p.includes('approvals in the ledger its journal does not hold')), s.problems.join('; '));
  assert.ok(s.problems.some((p) => p.includes('approvals shown but not in the journal')), s.problems.join('; '));
  assert.ok(s.problems.some((p) => /household 4800000000000001 day \d+: the ledger counts 35 loaves, the terminals' journals 20/.test(p)), s.problems.join('; '));
});

test('the reconciliation fails when a record is lost from the ledger', async () => {
  let lost: { terminalId: number; seq: number; amount: number } | undefined;
  const s = await runFleet({
    script: overdraw,
    tamper(evidence, ledger) {
      const t = evidence[1]!;
      const gone = t.sales.filter((x) => x.record.outcome === OUTCOME.APPROVED).at(-1)!;
      lost = { terminalId: t.terminalId, seq: gone.seq, amount: gone.record.amount };
      // The ledger's reports as they would read with that transaction's row gone.
      const without: FleetLedgerReports = {
        async reconciliation(terminalId, day) {
          const r = await ledger.reconciliation(terminalId, day);
          if (terminalId !== lost!.terminalId) return r;
          const totals = r.totals.map((row) => (row.service === SERVICE.BREAD && row.type === OUTCOME.APPROVED ? { ...row, count: row.count - 1, amount: row.amount - lost!.amount } : row));
          return { ...r, totals };
        },
        async householdReport(household, day) {
          const r = await ledger.householdReport(household, day);
          return { ...r, transactions: r.transactions.filter((x) => !(x.terminalId === lost!.terminalId && x.seq === lost!.seq)) };
        },
        flagsReport: (day) => ledger.flagsReport(day),
        tornDebitsReport: () => ledger.tornDebitsReport(),
      };
      return { evidence, ledger: without };
    },
  });
  assert.ok(lost);
  assert.not.ok(s.agree);
  const hex = lost!.terminalId.toString(16).toUpperCase().padStart(8, '0');
  assert.ok(s.problems.some((p) => p === `terminal ${hex}: approvals missing from the ledger: seq ${lost!.seq}`), s.problems.join('; '));
  assert.ok(s.problems.some((p) => p.startsWith(`terminal ${hex} day`) && p.includes('≠ ledger')), s.problems.join('; '));
});

test('the reconciliation fails when the ledger misses a flag the journals call for', async () => {
  const s = await runFleet({
    script: overdraw,
    tamper: (evidence, ledger) => ({
      evidence,
      ledger: { ...ledger, reconciliation: (t, d) => ledger.reconciliation(t, d), householdReport: (h, d) => ledger.householdReport(h, d), tornDebitsReport: () => ledger.tornDebitsReport(),
        flagsReport: async (day) => ({ ...(await ledger.flagsReport(day)), records: [] }) },
    }),
  });
  assert.not.ok(s.agree);
  assert.ok(s.problems.some((p) => /household 4800000000000001 day \d+: 35 loaves approved, limit 30, and the ledger did not flag HOUSEHOLD_OVERDRAW/.test(p)), s.problems.join('; '));
});

test.run();
