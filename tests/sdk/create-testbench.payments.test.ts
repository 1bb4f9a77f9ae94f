/**
 * `createTestbench` with card payments: households issued with KARTPAY (the head, or every member), a payment by the
 * right finger matched on the card (CVM Results 48 03 02; a new card online, then an offline TC), a wrong finger
 * three times then the PIN (41 03 02), a card without KARTPAY, bread and a payment on one card in one journal, the
 * records at the ledger after sync (type 6, STORED), the receipt, and a restart on a journal holding payments.
 */
import * as assert from 'uvu/assert';
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { loadCard } from '../../card/card-image.ts';
import { createGovPaymentCardBuilders, KARTPAY_AID } from '../../card/emv-pay/index.ts';
import { luhnDigit } from '../../card/gov/issue-household.ts';
import { createTestbench, type BenchHousehold, type BenchMember, type Testbench } from '../../sdk/create-testbench.ts';
import type { CardPaymentResult } from '../../terminal/payment/pay-by-card.ts';
import { CARD_PAYMENT_RECORD_TYPE, CRYPTOGRAM_TYPE, decodeCardPaymentRecord, PAYMENT_OUTCOME } from '../../terminal/schemas/card-payment-record.ts';
import { CVM } from '../../terminal/schemas/journal-record.ts';
import { formatApduTrace } from '../../terminal/trace/apdu-trace.ts';
import { suite } from '../support/suite.ts';

const test = suite('sdk/create-testbench.payments', { timeoutMs: 120_000 });
const ctx = {} as { bench: Testbench; household: BenchHousehold; dir: string };
const hex = (b: Uint8Array): string => Buffer.from(b).toString('hex');
/** No random transaction selection: online only when the card or the merchant says so. */
const never = (): number => 0.99;

test.before(async () => {
  ctx.dir = mkdtempSync(join(tmpdir(), 'kart-bench-pay-'));
  ctx.bench = createTestbench({ dir: ctx.dir });
  ctx.household = await ctx.bench.issueHousehold({ payment: 'head', members: 3, paymentBalance: 100_000 });
});
test.after(async () => {
  await ctx.bench?.close();
  if (ctx.dir) rmSync(ctx.dir, { recursive: true, force: true });
});

async function journaled(bench: Testbench, seq: number) {
  const [frame] = await (await bench.ready()).journal.journal.read(seq, 1);
  assert.ok(frame, `journal seq ${seq}`);
  assert.is(frame.type, CARD_PAYMENT_RECORD_TYPE);
  return decodeCardPaymentRecord(frame.body);
}

function approved(result: CardPaymentResult): asserts result is CardPaymentResult & { ok: true } {
  assert.ok(result.ok, `expected APPROVED, got ${result.code}: ${result.emv.reason}`);
}

test('payment: \'head\' puts KARTPAY on the head\'s card only: a PAN under the TEST IIN with its Luhn digit, PSN 1, an account', () => {
  const [head, spouse] = ctx.household.members as [BenchMember, BenchMember];
  assert.ok(head.payment);
  assert.is(spouse.payment, undefined);
  const { pan, panSequenceNumber, panMasked, account } = head.payment;
  assert.match(pan, /^818888\d{10}$/);
  assert.is(String(luhnDigit(pan.slice(0, -1))), pan.slice(-1));
  assert.is(panSequenceNumber, 1);
  assert.is(panMasked, `${pan.slice(0, 6)}******${pan.slice(-4)}`);
  assert.equal([account.pan, account.balance], [pan, 100_000]);
  assert.equal(ctx.bench.paymentIssuer.accounts, [account]);
  // The image carries KARTPAY: a card loaded from it answers SELECT KARTPAY.
  const card = loadCard(head.image, createGovPaymentCardBuilders());
  card.powerOn();
  const r = card.transmit(Uint8Array.of(0x00, 0xa4, 0x04, 0x00, KARTPAY_AID.length, ...KARTPAY_AID, 0x00));
  assert.is(hex(r.subarray(-2)), '9000');
});

test('the right finger, matched on the card: CVM Results 48 03 02; a new card goes online (ARC 00, TC), then an offline TC (Y1); durable, in the journal', async () => {
  const { bench } = ctx;
  const head = ctx.household.members[0]!;
  await bench.presentCard(head);
  const results: (CardPaymentResult & { ok: true })[] = [];
  for (const amount of [4_550, 1_275]) {
    bench.presentFinger(head, 'right');
    const result = await bench.payByCard({ amountPiastres: amount, random: never });
    approved(result);
    assert.is(hex(result.emv.cvmResults), '480302');
    assert.is(result.record.cryptogramType, CRYPTOGRAM_TYPE.TC);
    assert.equal(result.fingerAttempts.map((a) => a.outcome), ['match']);
    // Durable when returned: the journal's last record is this one.
    assert.is((await bench.ready()).journal.journal.state.lastSeq, result.seq);
    assert.equal(await journaled(bench, result.seq), result.record);
    results.push(result);
  }
  const [first, second] = results as [CardPaymentResult & { ok: true }, CardPaymentResult & { ok: true }];
  assert.equal([first.record.online, first.record.arc], [true, '00']);
  assert.equal([second.record.online, second.record.arc], [false, 'Y1']);
  assert.is(second.seq, first.seq + 1);
  assert.is(first.record.panMasked, head.payment!.panMasked);
  assert.is(head.payment!.account.balance, 100_000 - 4_550, 'the online approval debited the account; the offline TC clears later');
  assert.equal(bench.paymentIssuer.requests.map((r) => [r.pan, r.approved, r.code]), [[head.payment!.pan, true, '00']]);
  assert.equal(bench.paymentIssuer.verifyOfflineCryptogram(iccDataOf(second), head.payment!.pan, 1), { valid: true, cryptogramType: 'TC' }, 'the offline TC clears at the issuer');
  // The payment's trace: VERIFY (biometric) with its data redacted.
  const trace = formatApduTrace(bench.lastSession()!.exchanges);
  assert.match(trace, '<redacted: biometric data (enciphered)');
  assert.match(trace, 'GENERATE AC');
  assert.match(trace, 'Signed Dynamic Application Data', 'CDA: the cryptogram inside the card\'s signature');
  assert.is(bench.scanner.script.pending, 0);
});

/** Field 55 of an approval as the issuer's clearing reads it. */
function iccDataOf(result: CardPaymentResult): Uint8Array {
  const tlv = (tag: number, value: Uint8Array): number[] => {
    const t = tag > 0xff ? [tag >> 8, tag & 0xff] : [tag];
    return [...t, value.length, ...value];
  };
  const bytes: number[] = [];
  for (const tag of [0x9f26, 0x9f27, 0x9f10, 0x9f37, 0x9f36, 0x95, 0x9a, 0x9c, 0x9f02, 0x9f03, 0x5f2a, 0x82, 0x9f1a, 0x9f34]) {
    const value = result.emv.data.get(tag);
    if (value) bytes.push(...tlv(tag, value));
  }
  return Uint8Array.from(bytes);
}

test('a wrong finger three times (the card\'s preferred attempts), then the PIN: approved with CVM Results 41 03 02', async () => {
  const { bench } = ctx;
  const head = ctx.household.members[0]!;
  await bench.presentCard(head);
  for (let i = 0; i < 3; i++) bench.presentFinger(head, 'wrong');
  bench.enterPin(head.pin);
  const result = await bench.payByCard({ amountPiastres: 2_500, random: never });
  approved(result);
  assert.equal(result.fingerAttempts.map((a) => a.outcome), ['no-match', 'no-match', 'no-match']);
  assert.is(hex(result.emv.cvmResults), '410302');
  assert.equal([bench.scanner.script.pending, bench.pinPad.pending], [0, 0]);
});

test('a card without KARTPAY: EMV_NO_APPLICATION, nothing journaled, no finger asked', async () => {
  const { bench } = ctx;
  const before = (await bench.ready()).journal.journal.state.lastSeq;
  await bench.presentCard(ctx.household.members[1]!);
  const result = await bench.payByCard({ amountPiastres: 1_000 });
  assert.not.ok(result.ok);
  assert.is(result.code, 'EMV_NO_APPLICATION');
  assert.is(result.record, undefined);
  assert.is((await bench.ready()).journal.journal.state.lastSeq, before);
});

test('bread and a payment on one card, one journal; after sync the ledger holds the payments (type 6, STORED) and the sale', async () => {
  const { bench } = ctx;
  const head = ctx.household.members[0]!;
  await bench.presentCard(head);
  bench.presentFinger(head);
  const sale = await bench.sellBread({ loaves: 5 });
  assert.ok(sale.ok, `expected APPROVED, got ${sale.outcome}`);
  assert.is(sale.receipt.cvm, CVM.FINGERPRINT);
  bench.presentFinger(head);
  const payment = await bench.payByCard({ amountPiastres: 3_000, random: never });
  approved(payment);
  await bench.removeCard();
  const services = await bench.ready();
  await bench.sync();
  const last = services.acks.at(-1)!;
  assert.equal([last.status, last.storedUpToSeq], ['accepted', services.journal.journal.state.lastSeq]);
  assert.ok(services.acks.every((a) => a.verdicts.every((v) => v.kind !== 'rejected')), JSON.stringify(services.acks.flatMap((a) => a.verdicts)));
  const rows = await services.ledger.ledger.store.query('SELECT seq, type, verdict FROM records WHERE terminal_id = $1 AND type = $2 ORDER BY seq', [
    bench.terminalId, CARD_PAYMENT_RECORD_TYPE,
  ]);
  const frames = await services.journal.journal.read(1, services.journal.journal.state.lastSeq);
  const payments = frames.filter((f) => f.type === CARD_PAYMENT_RECORD_TYPE);
  assert.equal(rows.map((r) => [Number(r['seq']), r['verdict']]), payments.map((f) => [f.seq, 'STORED']));
  assert.ok(rows.some((r) => Number(r['seq']) === payment.seq), 'the last payment is at the ledger');
  assert.ok(frames.some((f) => f.type === 1), 'the sale is in the same journal');
  assert.equal(payments.map((f) => decodeCardPaymentRecord(f.body).outcome), payments.map(() => PAYMENT_OUTCOME.APPROVED));
});

test('the receipt of a card payment: the amount, the masked PAN, verified by fingerprint on the card', async () => {
  const { bench } = ctx;
  const head = ctx.household.members[0]!;
  await bench.presentCard(head);
  bench.presentFinger(head);
  const result = await bench.payByCard({ amountPiastres: 1_250, random: never });
  approved(result);
  const paper = await bench.printReceipt(result);
  for (const text of ['مخبز النور', 'Card payment', '12.50', head.payment!.panMasked, 'Verified by fingerprint on the', 'تم التحقق بالبصمة على الكارت', 'Payment approved']) assert.match(paper, text);
  assert.not.ok(paper.includes(head.payment!.pan), 'the full PAN on paper');
});

test('payment: true: every member\'s card carries KARTPAY, each with its own PAN and account', async () => {
  const { bench } = ctx;
  const household = await bench.issueHousehold({ payment: true, members: 3 });
  const pans = household.members.map((m) => m.payment?.pan);
  assert.ok(pans.every((p) => p !== undefined));
  assert.is(new Set(pans).size, 3);
  const child = household.members[2]!;
  await bench.presentCard(child);
  bench.presentFinger(child);
  const result = await bench.payByCard({ amountPiastres: 500, random: never });
  approved(result);
  assert.is(result.record.panMasked, child.payment!.panMasked);
});

test('a restarted counter opens a journal holding card payments, and pays on', async () => {
  const ledger = (await ctx.bench.ready()).ledger;
  const dir = mkdtempSync(join(tmpdir(), 'kart-bench-pay-restart-'));
  const terminalId = 0x00b4_0004;
  let head: BenchMember;
  const first = createTestbench({ dir, ledger, terminalId });
  try {
    head = (await first.issueHousehold({ number: 9, payment: 'head' })).members[0]!;
    await first.presentCard(head);
    first.presentFinger(head);
    approved(await first.payByCard({ amountPiastres: 700, random: never }));
  } finally {
    await first.close();
  }
  const again = createTestbench({ dir, ledger, terminalId });
  try {
    assert.is((await again.ready()).journal.journal.state.lastSeq, 1);
    await again.presentCard(head!);
    again.presentFinger(head!);
    const result = await again.payByCard({ amountPiastres: 800, random: never });
    approved(result);
    assert.is(result.seq, 2);
    assert.is((await again.sync()).at(-1)?.storedUpToSeq, 2);
  } finally {
    await again.close();
    rmSync(dir, { recursive: true, force: true });
  }
});

test.run();
