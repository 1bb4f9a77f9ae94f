/**
 * `kart bench day`: a whole bakery day at one terminal replayed from a seeded script (`sdk/bench/day`), for
 * test-bench engineers: households issued at opening, customers through 05:00–17:00 local with a morning rush,
 * wrong fingers then PINs, asks beyond the household's share; with `--faults` a card pulled mid-sale, the ledger
 * unreachable for a stretch, a terminal power cut. Then the day closed, synced and reconciled.
 *   --customers N    visits in the day (default 60)
 *   --households H   households (default 12)
 *   --seed S         the script's seed (default 1)
 *   --faults         inject the faults
 *   --json           print the summary as JSON
 * Exit code 0 when the journal, the ledger and the day register agree, 1 otherwise.
 */
import { parseArgs } from 'node:util';
import { dayScript } from '../../bench/day/day-script.ts';
import { runDay, type DaySummary } from '../../bench/day/run-day.ts';
import { CliUsageError, type Command } from '../command.ts';

function count(value: string | undefined, name: string, fallback: number, min: number): number {
  if (value === undefined) return fallback;
  const n = Number(value);
  if (!Number.isSafeInteger(n) || n < min) throw new CliUsageError(`--${name} must be an integer ≥ ${min}, not ${JSON.stringify(value)}`);
  return n;
}

function parse(args: string[]) {
  try {
    const { values } = parseArgs({
      args,
      options: { customers: { type: 'string' }, households: { type: 'string' }, seed: { type: 'string' }, faults: { type: 'boolean' }, json: { type: 'boolean' } },
    });
    return {
      customers: count(values.customers, 'customers', 60, 1), households: count(values.households, 'households', 12, 1),
      seed: count(values.seed, 'seed', 1, 0), faults: values.faults ?? false, json: values.json ?? false,
    };
  } catch (error) {
    if (error instanceof CliUsageError) throw error;
    throw new CliUsageError((error as Error).message);
  }
}

const benchDay: Command = async (args) => {
  const o = parse(args);
  let script;
  try {
    script = dayScript({ customers: o.customers, households: o.households, seed: o.seed, faults: o.faults });
  } catch (error) {
    throw new CliUsageError((error as Error).message);
  }
  if (!o.json) {
    process.stdout.write(`Kart bench day: ${o.customers} customer visit(s), ${o.households} household(s), seed ${o.seed}${o.faults ? ', with faults' : ''}\n`);
  }
  const summary = await runDay({ script, ...(o.json ? {} : { progress: process.stdout }) });
  process.stdout.write(o.json ? `${JSON.stringify(summary, null, 2)}\n` : summaryText(summary));
  return summary.agree ? 0 : 1;
};
export default benchDay;

const totals = (t: DaySummary['journal']): string =>
  `${t.approved.count} approved (${t.approved.loaves} loaves), ${t.declined.count} declined`;

/** The summary as lines for a person. */
export function summaryText(s: DaySummary): string {
  const lines: string[] = [];
  const date = new Date(s.day * 86_400_000).toISOString().slice(0, 10);
  lines.push(`day ${date}, terminal ${s.terminalId.toString(16).toUpperCase().padStart(8, '0')}, ${(s.elapsedMs / 1000).toFixed(1)} s`);
  lines.push(`  customers served: ${s.approvals} of ${s.visits} visit(s) (${s.sales} sale(s) run), loaves sold: ${s.loaves}`);
  const declines = Object.entries(s.declines).map(([code, n]) => `${code} ×${n}`);
  lines.push(`  declines: ${declines.length ? declines.join(', ') : 'none'}`);
  const errors = Object.entries(s.errors).map(([code, n]) => `${code} ×${n}`);
  if (errors.length) lines.push(`  sales ended by a fault: ${errors.join(', ')}`);
  if (s.faults.length === 0) lines.push('  faults: none injected');
  for (const f of s.faults) lines.push(`  fault ${f.kind} at visit ${f.visit}: ${f.recovered ? 'recovered' : 'NOT RECOVERED'} (${f.detail})`);
  lines.push(`  journal: ${totals(s.journal)}; last seq ${s.journalLastSeq}`);
  lines.push(`  ledger:  ${totals(s.ledger)}; holds up to seq ${s.ledger.storedUpToSeq}, ${s.ledger.rejected} rejected`);
  const r = s.register;
  lines.push(`  day register: sold ${r.soldTotal} in ${r.transactions} transaction(s); opening ${r.openingStockLoaves} + flour ${r.expectedFromFlour} − sold = ${r.expectedClosing}, counted ${r.closingStockLoaves}, discrepancy ${r.discrepancy}; the ledger counts ${s.registerLedgerLoaves ?? '—'} loaves`);
  lines.push(s.agree ? '  journal and ledger totals are EQUAL; every approval is in the ledger exactly once' : '  journal and ledger DISAGREE:');
  for (const p of s.problems) lines.push(`    - ${p}`);
  return `${lines.join('\n')}\n`;
}
