/**
 * `kart demo` (what `npm start` runs): a bakery counter on the test bench's defaults (simulated devices, the embedded
 * ledger). A household is issued; the head buys bread with the right finger (approved: the receipt as the customer
 * reads it, then the sale's APDU trace, redacted, with KARTGOV's tag and command names); a member's finger fails
 * three times and the PIN serves (approved); a sale beyond the household's share is declined with its code and
 * message; the head pays for grocery extras by card (EMV with KARTPAY, the finger matched on the card: the outcome,
 * cryptogram, CVM Results, masked PAN and journal seq, then the payment's APDU trace with EMV tag names, the
 * enciphered finger redacted); the journal syncs to the ledger (its acknowledgement); a short day summary.
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
import { KART_CARD_TRACE_NAMES } from '../../../terminal/trace/kart-card-trace-names.ts';
import type { CardPaymentResult } from '../../../terminal/payment/pay-by-card.ts';
import { CRYPTOGRAM_TYPE } from '../../../terminal/schemas/card-payment-record.ts';
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
  const household = await bench.issueHousehold({ beneficiaries: 4, payment: 'head' });
  out.note(`ration card ${household.rationCardNumber}, ${household.beneficiaries} beneficiaries (5 loaves each a day)`);
  for (const m of household.members) {
    out.line(`     ${m.nameEn.padEnd(24)} ${m.role.padEnd(7)} ${String(m.age).padStart(2)}  ${m.services.join(', ').padEnd(35)} ${rtl(m.nameAr)}`);
  }
  const [head, spouse] = household.members as [BenchMember, BenchMember];
  out.note(`${head.nameEn}'s card also carries KARTPAY, the EMV payment application: card ${head.payment!.panMasked}, TEST issuer keys`);

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

  out.heading(5, `${head.nameEn} pays EGP 87.50 for grocery extras by card: EMV, the finger matched on the card`);
  bench.presentFinger(head, 'right');
  const payment = await pay(bench, out, 8_750);
  trace(bench, out, options, 'The APDU trace of this payment (EMV tag names; the enciphered finger is redacted)', true);
  await bench.removeCard();

  out.heading(6, 'The journal syncs to the ledger');
  const background = services.acks.length;
  await out.timed('sending what the ledger does not hold yet, as signed batches', bench.sync());
  services.acks.forEach((ack, i) => ackLines(ack).forEach((line, j) => out.ok(`${line}${j === 0 && i < background ? ' (sent in the background)' : ''}`)));
  const lastSeq = services.journal.journal.state.lastSeq;
  const synced = services.acks.at(-1)?.storedUpToSeq === lastSeq;
  if (services.acks.at(-1)?.durable === false) out.note(NOT_DURABLE_NOTE);

  out.heading(7, 'The day so far');
  const approved = results.filter((r) => r.ok);
  const loaves = approved.reduce((sum, r) => sum + (r.ok ? r.receipt.amount : 0), 0);
  const cash = approved.reduce((sum, r) => sum + (r.ok ? r.receipt.pricePiastres : 0), 0);
  const declines = results.filter((r) => !r.ok).map((r) => r.outcome);
  out.line(`     loaves sold: ${loaves} in ${approved.length} sale(s), cash EGP ${(cash / 100).toFixed(2)}   ${rtl(`الأرغفة المباعة: ${loaves}`)}`);
  out.line(`     card payments: ${payment.ok ? `1 approved, EGP ${(payment.record.amount / 100).toFixed(2)}` : `0 approved (${payment.code})`}   ${rtl(`مدفوعات الكارت: ${payment.ok ? 1 : 0}`)}`);
  out.line(`     declines: ${declines.length}${declines.length ? ` (${declines.join(', ')})` : ''}   ${rtl(`المرفوض: ${declines.length}`)}`);
  out.line(`     journal: ${lastSeq} record(s), ledger holds up to seq ${services.acks.at(-1)?.storedUpToSeq ?? 0}`);
  if (options.record) out.note(`recording written to ${options.record} (read it with: npx kart trace ${options.record})`);
  const paidByFinger = payment.ok && hex(payment.emv.cvmResults) === '480302';
  return first.ok && first.receipt.cvm === CVM.FINGERPRINT && second.ok && second.receipt.cvm === CVM.PIN && !third.ok && paidByFinger && synced;
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

const hex = (bytes: Uint8Array): string => Buffer.from(bytes).toString('hex');
const spaced = (bytes: Uint8Array): string => hex(bytes).toUpperCase().replace(/(..)(?=.)/g, '$1 ');
const CRYPTOGRAM_NAMES: Readonly<Record<number, string>> = { [CRYPTOGRAM_TYPE.TC]: 'TC', [CRYPTOGRAM_TYPE.ARQC]: 'ARQC', [CRYPTOGRAM_TYPE.AAC]: 'AAC' };
/** CVM Results byte 1 b6-b1 (EMV 4.4 Book 3, Annex C3) and byte 3 (Book 4, Annex A4). */
const CVM_RESULT_NAMES: Readonly<Record<number, string>> = { 0x08: 'finger, offline on the card', 0x09: 'finger, online', 0x01: 'PIN, offline', 0x1e: 'signature', 0x1f: 'no CVM' };

/** One card payment by the card in the reader, printed as its outcome (after its record is durable). */
async function pay(bench: Testbench, out: DemoText, amountPiastres: number): Promise<CardPaymentResult> {
  const result = await bench.payByCard({ amountPiastres });
  const r = result.record;
  const cvm = `CVM Results ${spaced(result.emv.cvmResults)} (${CVM_RESULT_NAMES[result.emv.cvmResults[0]! & 0x3f] ?? 'other'}${result.emv.cvmResults[2] === 2 ? ': successful' : ''})`;
  const how = r ? `${r.online ? `online, ARC ${r.arc}` : `offline, ${r.arc}`}, ${r.cryptogramType === null ? 'no cryptogram' : (CRYPTOGRAM_NAMES[r.cryptogramType] ?? r.cryptogramType)} (card ATC ${r.atc}); ${cvm}; card ${r.panMasked}` : cvm;
  if (result.ok) {
    out.ok(`APPROVED: EGP ${(amountPiastres / 100).toFixed(2)}, ${how}; journal seq ${result.seq} (fdatasync'd before this line)`);
  } else {
    out.declined(`DECLINED ${result.code}: ${how}${result.seq === undefined ? '' : `; journal seq ${result.seq}`}`);
    out.message(result.message);
  }
  return result;
}

function trace(bench: Testbench, out: DemoText, options: Options, title: string, always: boolean): void {
  if (!always && !options.allTraces) return;
  const session = bench.lastSession();
  if (!session) return;
  out.line();
  out.note(`${title}:`);
  out.line(formatApduTrace(session.exchanges, { color: options.color, names: KART_CARD_TRACE_NAMES }).replace(/^(?=.)/gm, '   ').trimEnd());
}
