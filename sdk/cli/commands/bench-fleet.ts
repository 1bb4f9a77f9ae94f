/**
 * `kart bench fleet`: a fleet of bakery terminals through one day on one embedded ledger (`sdk/bench/fleet`):
 * households shared across the bakeries (a member buying at a second one), seeded faults over the fleet (a regional
 * outage and its re-send burst, power cuts, pulled cards, a drifting clock, a terminal offline all day), then every
 * day closed and synced, and the fleet reconciled.
 *   --terminals N    terminals (default 8)
 *   --households H   households (default 3 per terminal)
 *   --visits V       customer visits over the fleet (default 6 per household)
 *   --seed S         the script's seed (default 1)
 *   --faults LIST    all (default), none, or a comma list of outage, power-cut, card-pulled, clock-drift, never-syncs,
 *                    over-draw, card-twice
 *   --quick          a small fleet: 3 terminals, 6 households
 *   --json           print the summary as JSON
 * Exit code 0 when the fleet reconciles, 1 otherwise.
 */
import { parseArgs } from 'node:util';
import { FLEET_FAULTS, fleetScript, type FleetFaultKind } from '../../bench/fleet/fleet-script.ts';
import { runFleet, type FleetSummary } from '../../bench/fleet/run-fleet.ts';
import { CliUsageError, type Command } from '../command.ts';

function count(value: string | undefined, name: string, fallback: number, min: number): number {
  if (value === undefined) return fallback;
  const n = Number(value);
  if (!Number.isSafeInteger(n) || n < min) throw new CliUsageError(`--${name} must be an integer ≥ ${min}, not ${JSON.stringify(value)}`);
  return n;
}

function faultList(value: string | undefined): FleetFaultKind[] {
  if (value === undefined || value === 'all') return [...FLEET_FAULTS];
  if (value === 'none' || value === '') return [];
  const kinds = value.split(',').map((k) => k.trim());
  for (const k of kinds) if (!(FLEET_FAULTS as readonly string[]).includes(k)) throw new CliUsageError(`--faults: unknown fault ${JSON.stringify(k)} (${FLEET_FAULTS.join(', ')}, all, none)`);
  return kinds as FleetFaultKind[];
}

function parse(args: string[]) {
  try {
    const { values } = parseArgs({
      args,
      options: {
        terminals: { type: 'string' }, households: { type: 'string' }, visits: { type: 'string' }, seed: { type: 'string' },
        faults: { type: 'string' }, quick: { type: 'boolean' }, json: { type: 'boolean' },
      },
    });
    const terminals = count(values.terminals, 'terminals', values.quick ? 3 : 8, 1);
    const households = count(values.households, 'households', values.quick ? 6 : terminals * 3, 1);
    return {
      terminals, households, visits: count(values.visits, 'visits', households * 6, 1), seed: count(values.seed, 'seed', 1, 0),
      faults: faultList(values.faults), json: values.json ?? false,
    };
  } catch (error) {
    if (error instanceof CliUsageError) throw error;
    throw new CliUsageError((error as Error).message);
  }
}

const benchFleet: Command = async (args) => {
  const o = parse(args);
  let script;
  try {
    script = fleetScript({ terminals: o.terminals, households: o.households, visits: o.visits, seed: o.seed, faults: o.faults });
  } catch (error) {
    throw new CliUsageError((error as Error).message);
  }
  if (!o.json) {
    process.stdout.write(`Kart bench fleet: ${o.terminals} terminal(s), ${o.households} household(s), ${o.visits} visit(s), seed ${o.seed}, faults: ${o.faults.length ? o.faults.join(', ') : 'none'}\n`);
  }
  const summary = await runFleet({ script, ...(o.json ? {} : { progress: process.stdout }) });
  process.stdout.write(o.json ? `${JSON.stringify(summary, null, 2)}\n` : fleetSummaryText(summary));
  return summary.agree ? 0 : 1;
};
export default benchFleet;

const hex = (t: number): string => t.toString(16).toUpperCase().padStart(8, '0');
const codes = (r: Readonly<Record<string, number>>): string => Object.entries(r).map(([c, n]) => `${c}×${n}`).join(' ') || '—';

/** The summary as a table and lines for a person. */
export function fleetSummaryText(s: FleetSummary): string {
  const lines: string[] = [];
  const date = new Date(s.day * 86_400_000).toISOString().slice(0, 10);
  lines.push(`fleet day ${date}: ${s.terminals.length} terminal(s), ${s.households} household(s), ${s.visits} visit(s), ${(s.elapsedMs / 1000).toFixed(1)} s`);
  const rows = [['terminal', 'visits', 'approved', 'loaves', 'journal=ledger', 'backlog', 'register', 'declines / faults']];
  for (const t of s.terminals) {
    const r = s.reconciliation.terminals.find((x) => x.terminalId === t.terminalId);
    const same = r !== undefined && r.missing + r.duplicated + r.unexpected === 0 && r.journal.approved.loaves === r.ledger.approved.loaves && r.journal.approved.count === r.ledger.approved.count
      && r.journal.declined.count === r.ledger.declined.count && r.storedUpToSeq >= r.lastSeq;
    rows.push([
      hex(t.terminalId), String(t.visits), String(t.approvals), String(t.loaves), same ? `yes (seq ${r.lastSeq})` : 'NO',
      t.backlogAtResync ? String(t.backlogAtResync) : '—', `${t.registerSold}/${t.registerLedgerLoaves ?? '?'}`,
      [codes(t.declines), Object.keys(t.errors).length ? `errors ${codes(t.errors)}` : ''].filter(Boolean).join('; '),
    ]);
  }
  rows.push(['fleet', String(s.visits), String(s.approvals), String(s.loaves), '', '', '', '']);
  const widths = rows[0]!.map((_, k) => Math.max(...rows.map((row) => row[k]!.length)));
  for (const [k, row] of rows.entries()) {
    lines.push(`  ${row.map((cell, j) => (j >= 1 && j <= 3 ? cell.padStart(widths[j]!) : cell.padEnd(widths[j]!))).join('  ').trimEnd()}`);
    if (k === 0 || k === rows.length - 2) lines.push(`  ${widths.map((w) => '-'.repeat(w)).join('  ')}`);
  }
  const h = s.reconciliation.households;
  lines.push(`  households: ${h.checked} checked, ${h.atTwoOrMoreTerminals} served at two or more bakeries, ${h.mismatched} whose ledger total ≠ the sum over terminals`);
  const foreign = s.reconciliation.terminals.reduce((n, t) => n + t.foreignReports, 0);
  if (foreign) lines.push(`  debits done elsewhere that terminals read off cards' logs and reported: ${foreign} (each counted once by the ledger)`);
  for (const f of s.faults) lines.push(`  fault ${f.kind} [${f.terminals.map(hex).join(', ')}]: ${f.recovered ? 'recovered' : 'NOT RECOVERED'} (${f.detail})`);
  if (s.reconciliation.flags.length === 0) lines.push('  ledger flags: none');
  for (const f of s.reconciliation.flags) {
    lines.push(`  ledger flag ${f.code} ×${f.count}: terminals ${f.terminals.map(hex).join(', ')}; households ${f.households.join(', ') || '—'}`);
    for (const d of f.details) lines.push(`      e.g. ${d}`);
  }
  const intents = Object.entries(s.reconciliation.unsettledIntents);
  if (intents.length) lines.push(`  debit intents not settled by a sale (for review): ${intents.map(([k, n]) => `${k}×${n}`).join(' ')}`);
  for (const f of s.reconciliation.terminalFlags) lines.push(`  terminal flag ${f.code} at ${hex(f.terminalId)}: ${f.detail}`);
  lines.push(s.agree
    ? '  the fleet RECONCILES: every approval of every journal is in the ledger exactly once, terminal and household totals agree, every backlog drained'
    : '  the fleet does NOT reconcile:');
  for (const p of s.problems) lines.push(`    - ${p}`);
  return `${lines.join('\n')}\n`;
}
