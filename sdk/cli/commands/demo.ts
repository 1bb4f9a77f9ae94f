/**
 * `kart demo` (what `npm start` runs): a bakery counter on the test bench's defaults (simulated devices, the embedded
 * ledger). A household is issued; the head buys bread with the right finger (approved: the receipt as the customer
 * reads it, then the sale's APDU trace, redacted, with KARTGOV's tag and command names); a member's finger fails
 * three times and the PIN serves (approved); a sale beyond the household's share is declined with its code and
 * message; the journal syncs to the ledger (its acknowledgement); a short day summary.
 *   --real           the same through the real stack: pcsclite → a private pcscd → vpcd → the virtual cards
 *   --record FILE    also write the card sessions as a redacted CBOR recording (read it with `kart trace FILE`)
 *   --trace          print the trace of every sale (default: the first sale's only)
 *   --no-color
 * Exit code 0 when every step ends as the story says, 1 otherwise.
 */
import { parseArgs } from 'node:util';
import { CVM } from '../../../terminal/schemas/journal-record.ts';
import type { TransactionResult } from '../../../terminal/services/transaction-types.ts';
import { formatApduTrace } from '../../../terminal/trace/apdu-trace.ts';
import { KARTGOV_TRACE_NAMES } from '../../../terminal/trace/kartgov-trace-names.ts';
import type { BenchMember, Testbench } from '../../create-testbench.ts';
import { createTestbench } from '../../create-testbench.ts';
import { CliUsageError, type Command } from '../command.ts';
import { ackLines, DemoText, NOT_DURABLE_NOTE, rtl } from '../demo/demo-text.ts';

const CVM_NAMES: Readonly<Record<number, string>> = { [CVM.FINGERPRINT]: 'fingerprint', [CVM.PIN]: 'PIN', [CVM.SUPERVISED_EXCEPTION]: 'supervised exception' };

interface Options {
  readonly real: boolean;
  readonly record: string | undefined;
  readonly allTraces: boolean;
  readonly color: boolean;
}

function parse(args: string[]): Options {
  try {
    const { values } = parseArgs({
      args, options: { real: { type: 'boolean' }, record: { type: 'string' }, trace: { type: 'boolean' }, 'no-color': { type: 'boolean' } },
    });
    return { real: values.real ?? false, record: values.record, allTraces: values.trace ?? false, color: process.stdout.isTTY === true && !values['no-color'] };
  } catch (error) {
    throw new CliUsageError((error as Error).message);
  }
}

const demo: Command = async (args) => {
  const options = parse(args);
  const out = new DemoText(process.stdout, options.color);
  const slots = options.real ? await (await import('../../bench/pcsc-card-slots.ts')).startPcscCardSlots() : undefined;
  const bench = createTestbench({ ...(slots ? { slots } : {}), ...(options.record ? { record: options.record } : {}) });
  try {
    return (await story(bench, out, options)) ? 0 : 1;
  } finally {
    await bench.close();
  }
};
export default demo;

/** The bakery's morning; true when every step ended as expected. */
async function story(bench: Testbench, out: DemoText, options: Options): Promise<boolean> {
  const results: TransactionResult[] = [];
  out.line(`Kart demo: a bakery counter on the test bench`);
  out.note(`card reader: ${bench.slots.description}`);
  out.note(`fingerprint scanner: ${bench.scanner.info.description}; PIN pad: simulated; printer: ${bench.printerProfile.description}`);
  const services = await out.timed('starting the terminal (journal, key, sync) and the embedded ledger (PGlite in memory)', bench.ready());
  out.note(`ledger at ${services.ledger.url}; terminal ${bench.terminalId.toString(16).toUpperCase().padStart(8, '0')} enrolled with its key`);

  out.heading(1, 'A household collects its unified cards');
  const household = await bench.issueHousehold({ beneficiaries: 4 });
  out.note(`ration card ${household.rationCardNumber}, ${household.beneficiaries} beneficiaries (5 loaves each a day)`);
  for (const m of household.members) {
    out.line(`     ${m.nameEn.padEnd(24)} ${m.role.padEnd(7)} ${String(m.age).padStart(2)}  ${m.services.join(', ').padEnd(35)} ${rtl(m.nameAr)}`);
  }
  const [head, spouse] = household.members as [BenchMember, BenchMember];

  out.heading(2, `${head.nameEn} buys 10 loaves with the right finger`);
  await bench.presentCard(head);
  bench.presentFinger(head, 'right');
  const first = await sale(bench, out, results, 10);
  if (first.ok) out.receipt(await bench.printReceipt(first), bench.printerProfile.columns);
  trace(bench, out, options, 'The APDU trace of this sale (redacted: the fingerprint probe and PIN blocks never appear)', true);

  out.heading(3, `${spouse.nameEn} buys 10 loaves: the finger fails three times, then the PIN`);
  await bench.presentCard(spouse);
  for (let i = 0; i < 3; i++) bench.presentFinger(spouse, 'wrong');
  bench.enterPin(spouse.pin);
  const second = await sale(bench, out, results, 10);
  out.note(`verification: ${second.verification.map((e) => `${e.type.replace('CVM_', '').toLowerCase()}${'outcome' in e ? ` ${String(e.outcome)}` : ''}`).join(' → ')}`);
  if (second.ok) out.receipt(await bench.printReceipt(second), bench.printerProfile.columns);
  trace(bench, out, options, 'The APDU trace of this sale', false);

  out.heading(4, `${head.nameEn} comes back for 30 more loaves: beyond the household's share`);
  await bench.presentCard(head);
  const third = await sale(bench, out, results, 30);
  trace(bench, out, options, 'The APDU trace of this decline', false);
  await bench.removeCard();

  out.heading(5, 'The journal syncs to the ledger');
  const background = services.acks.length;
  await out.timed('sending what the ledger does not hold yet, as signed batches', bench.sync());
  services.acks.forEach((ack, i) => ackLines(ack).forEach((line, j) => out.ok(`${line}${j === 0 && i < background ? ' (sent in the background)' : ''}`)));
  const lastSeq = services.journal.journal.state.lastSeq;
  const synced = services.acks.at(-1)?.storedUpToSeq === lastSeq;
  if (services.acks.at(-1)?.durable === false) out.note(NOT_DURABLE_NOTE);

  out.heading(6, 'The day so far');
  const approved = results.filter((r) => r.ok);
  const loaves = approved.reduce((sum, r) => sum + (r.ok ? r.receipt.amount : 0), 0);
  const cash = approved.reduce((sum, r) => sum + (r.ok ? r.receipt.pricePiastres : 0), 0);
  const declines = results.filter((r) => !r.ok).map((r) => r.outcome);
  out.line(`     loaves sold: ${loaves} in ${approved.length} sale(s), cash EGP ${(cash / 100).toFixed(2)}   ${rtl(`الأرغفة المباعة: ${loaves}`)}`);
  out.line(`     declines: ${declines.length}${declines.length ? ` (${declines.join(', ')})` : ''}   ${rtl(`المرفوض: ${declines.length}`)}`);
  out.line(`     journal: ${lastSeq} record(s), ledger holds up to seq ${services.acks.at(-1)?.storedUpToSeq ?? 0}`);
  if (options.record) out.note(`recording written to ${options.record} (read it with: npx kart trace ${options.record})`);
  return first.ok && first.receipt.cvm === CVM.FINGERPRINT && second.ok && second.receipt.cvm === CVM.PIN && !third.ok && synced;
}

/** One bread sale to the card in the reader, printed as its outcome. */
async function sale(bench: Testbench, out: DemoText, results: TransactionResult[], loaves: number): Promise<TransactionResult> {
  const result = await bench.sellBread({ loaves });
  results.push(result);
  if (result.ok) {
    const r = result.receipt;
    out.ok(`APPROVED: ${r.amount} loaves, EGP ${(r.pricePiastres / 100).toFixed(2)}, by ${CVM_NAMES[r.cvm] ?? r.cvm}, ${r.online ? 'online' : 'offline'}; journal seq ${r.seq} (fdatasync'd before this line); card ATC ${r.atc}, ${r.balanceAfter} loaves left this month`);
  } else {
    out.declined(`DECLINED ${result.outcome}${result.cardSw ? ` (card ${result.cardSw.toString(16).toUpperCase()})` : ''}; journal seq ${result.seq}`);
    out.message(result.message);
    if (result.reason?.maxLoaves !== undefined) out.note(`the most that can be granted now: ${result.reason.maxLoaves} loaves`);
  }
  return result;
}

function trace(bench: Testbench, out: DemoText, options: Options, title: string, always: boolean): void {
  if (!always && !options.allTraces) return;
  const session = bench.lastSession();
  if (!session) return;
  out.line();
  out.note(`${title}:`);
  out.line(formatApduTrace(session.exchanges, { color: options.color, names: KARTGOV_TRACE_NAMES }).replace(/^(?=.)/gm, '   ').trimEnd());
}
