/**
 * `kart bench day`: a whole bakery day at one terminal replayed from a seeded script (`sdk/bench/day`), for
 * test-bench engineers: households issued at opening, customers through 05:00–17:00 local with a morning rush,
 * wrong fingers then PINs, asks beyond the household's share; with `--faults` a card pulled mid-sale, the ledger
 * unreachable for a stretch, a terminal power cut; a share of members also pay for grocery extras by card (EMV, the
 * finger on the card, or the PIN after wrong fingers), with `--faults` one of them pulling the card mid-payment.
 * Then the day closed, synced and reconciled, bread and card payments.
 *   --customers N    visits in the day (default 60)
 *   --households H   households (default 12)
 *   --seed S         the script's seed (default 1)
 *   --payments P     share of visits that also pay by card, 0 to 1 (default 0.25; 0: none)
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
      options: {
        customers: { type: 'string' }, households: { type: 'string' }, seed: { type: 'string' }, payments: { type: 'string' },
        faults: { type: 'boolean' }, json: { type: 'boolean' },
      },
    });
    const payments = values.payments === undefined ? 0.25 : Number(values.payments);
    if (values.payments !== undefined && (values.payments.trim() === '' || !(payments >= 0 && payments <= 1))) {
      throw new CliUsageError(`--payments must be a share from 0 to 1, not ${JSON.stringify(values.payments)}`);
    }
    return {
      customers: count(values.customers, 'customers', 60, 1), households: count(values.households, 'households', 12, 1),
      seed: count(values.seed, 'seed', 1, 0), payments, faults: values.faults ?? false, json: values.json ?? false,
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
    script = dayScript({ customers: o.customers, households: o.households, seed: o.seed, faults: o.faults, payments: o.payments });
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

const egp = (piastres: number): string => (piastres / 100).toFixed(2);

const paymentTotals = (t: DaySummary['payments']['journal']): string => {
  const cvm = Object.entries(t.approved.cvm).map(([c, n]) => `${c} ${n}`);
  return `${t.approved.count} approved (EGP ${egp(t.approved.value)}; online ${t.approved.online}, offline ${t.approved.offline}; ` +
    `CVM ${cvm.length ? cvm.join(', ') : '—'}), ${t.declined.count} declined (EGP ${egp(t.declined.value)})`;
};

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
  const p = s.payments;
  if (p.visits > 0) {
    const payDeclines = Object.entries(p.declines).map(([code, n]) => `${code} ×${n}`);
    const payErrors = Object.entries(p.errors).map(([code, n]) => `${code} ×${n}`);
    lines.push(`  card payments: ${p.approved} approved of ${p.visits} visit(s) (${p.tries} tr${p.tries === 1 ? 'y' : 'ies'}), declines: ${payDeclines.length ? payDeclines.join(', ') : 'none'}` +
      `${payErrors.length ? `, ended by a fault: ${payErrors.join(', ')}` : ''}; the issuer debited EGP ${egp(p.issuerDebited)}`);
    lines.push(`    journal: ${paymentTotals(p.journal)}`);
    lines.push(`    ledger:  ${paymentTotals(p.ledger)}; ${p.ledger.notStored} not stored`);
  }
  const r = s.register;
  lines.push(`  day register: sold ${r.soldTotal} in ${r.transactions} transaction(s); opening ${r.openingStockLoaves} + flour ${r.expectedFromFlour} − sold = ${r.expectedClosing}, counted ${r.closingStockLoaves}, discrepancy ${r.discrepancy}; the ledger counts ${s.registerLedgerLoaves ?? '—'} loaves`);
  lines.push(s.agree
    ? `  journal and ledger totals are EQUAL; every approval${p.visits > 0 ? ' and every approved card payment' : ''} is in the ledger exactly once`
    : '  journal and ledger DISAGREE:');
  for (const p of s.problems) lines.push(`    - ${p}`);
  return `${lines.join('\n')}\n`;
}
