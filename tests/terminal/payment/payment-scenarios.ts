/**
 * The card payment scenarios of issue 5's finishing line (not a suite): each one a payment on a fresh government
 * card with KARTPAY, with the real kernel, the real `EmvFingerVerifier` and a scanner, through whatever reader the
 * suite gives (`CardSlot`: the in-process sim reader, or pcsclite → private pcscd → vpcd → the card OS). The
 * suites `pay-by-card.test.ts` (in process) and `pay-by-card.real-stack.test.ts` register the same list.
 */
import * as assert from 'uvu/assert';
import type { CardOs } from '../../../card/card-os.ts';
import type { VerifierReason } from '../../../terminal/biometrics-verify/verifier-reasons.ts';
import type { CardSession } from '../../../terminal/card-session.ts';
import type { FingerprintScanner } from '../../../terminal/hal/fingerprint-scanner.ts';
import { createSimFingerprintScanner } from '../../../terminal/hal/sim/sim-fingerprint-scanner.ts';
import { CardPaymentJournal } from '../../../terminal/payment/card-payment-journal.ts';
import { payByCard, type CardPaymentResult, type CardPaymentTerminal, type PayByCardInput } from '../../../terminal/payment/pay-by-card.ts';
import { CARD_PAYMENT_RECORD_TYPE, CRYPTOGRAM_TYPE, decodeCardPaymentRecord } from '../../../terminal/schemas/card-payment-record.ts';
import type { Journal } from '../../../terminal/journal/journal.ts';
import { formatApduTrace } from '../../../terminal/trace/apdu-trace.ts';
import type { Test } from '../../support/suite.ts';
import {
  CARD_PIN, FINGER_ONLINE_FIRST, fingerTriesLeft, issuerBiometricKey, memoryJournal, paymentHolder, scriptedPinPad,
  testIssuer, type PaymentHolder, type ScriptedPinPad, type TestIssuer,
} from './payment-counter.ts';

/** A reader slot: puts a card in and opens a session on it; `remove` takes it out. */
export interface CardSlot {
  insert(card: CardOs): Promise<CardSession>;
  remove(): Promise<void>;
}

/** A scanner the scenarios can script: the simulated one, or the HID driver over the simulated HID device. */
export interface ScriptedScanner {
  readonly scanner: FingerprintScanner;
  /** `person` presents their enrolled finger (2), `impression` n, at `quality`. */
  present(person: string, options?: { impression?: number; quality?: number }): void;
  /** A capture the device itself rejects for low quality. */
  lowQuality(): void;
  close(): Promise<void>;
}

export interface ScenarioBench {
  slot: CardSlot;
  scanner: ScriptedScanner;
  /** The number that keeps this suite's holders apart from other suites'. */
  readonly base: number;
}

interface Counter {
  readonly holder: PaymentHolder;
  readonly session: CardSession;
  readonly pins: ScriptedPinPad;
  readonly issuer: TestIssuer;
  readonly journal: Journal;
  readonly payments: CardPaymentJournal;
  readonly shown: VerifierReason[];
  pay(amount: number, extra?: Partial<PayByCardInput>): Promise<CardPaymentResult>;
}

/** Captures a scanner started so far (the simulated scanners count them). */
const captures = (scanner: FingerprintScanner): number => (scanner as { captures?: number }).captures ?? -1;

export const TERMINAL: CardPaymentTerminal = {
  terminalId: 0x00a1b2c3,
  panTokenKey: new Uint8Array(32).fill(0x5a),
  issuerBiometricKey: issuerBiometricKey().publicKey,
  clock: () => Date.parse('2026-11-22T09:30:00Z'),
  merchant: { ar: 'بقالة النور', en: 'Al Nour Grocer' },
};

/** Registers the scenarios on `test`; `bench()` gives the slot and scanner set up by the suite's hooks. */
export function paymentScenarios(test: Test, bench: () => ScenarioBench): void {
  let n = 0;
  const holders = new Map<string, PaymentHolder>();
  /** One holder per (scenario, card options), issued once. */
  const holderFor = (key: string, options: Parameters<typeof paymentHolder>[1] = {}): PaymentHolder => {
    let h = holders.get(key);
    if (!h) holders.set(key, (h = paymentHolder(bench().base + ++n, options)));
    return h;
  };

  async function counter(holder: PaymentHolder, options: { card?: CardOs; journal?: Journal } = {}): Promise<Counter> {
    const { slot, scanner } = bench();
    const session = await slot.insert(options.card ?? holder.card());
    const pins = scriptedPinPad();
    const issuer = testIssuer([holder]);
    const j = options.journal ?? (await memoryJournal());
    const payments = new CardPaymentJournal(j);
    const shown: VerifierReason[] = [];
    return {
      holder, session, pins, issuer, journal: j, payments, shown,
      pay: (amount, extra = {}) => payByCard({
        transceive: session.transceive, amountPiastres: amount, terminal: TERMINAL, issuer: issuer.host, journal: payments,
        devices: { scanner: scanner.scanner, pinEntry: pins, capture: { onReason: (r) => shown.push(r) }, timeoutMs: 3_000 },
        random: () => 0.99, // no random selection: offline unless the card or the CVM says online
        ...extra,
      }),
    };
  }

  const journaled = async (c: Counter) => (await c.journal.read(1, c.journal.state.lastSeq)).map((f) => {
    assert.is(f.type, CARD_PAYMENT_RECORD_TYPE);
    return decodeCardPaymentRecord(f.body);
  });
  const hex = (b: Uint8Array): string => Buffer.from(b).toString('hex');

  test('right finger, CVM Results 48 03 02 (finger offline, the card\'s list): a new card online (ARC 00), then an offline TC (Y1); journaled before onApproved', async () => {
    const c = await counter(holderFor('right'));
    const results: CardPaymentResult[] = [];
    for (const amount of [4_550, 1_275]) {
      bench().scanner.present(c.holder.nationalId, { impression: results.length });
      let durableAtApproval = -1;
      const result = await c.pay(amount, { onApproved: () => (durableAtApproval = c.journal.state.lastSeq) });
      assert.is(result.code, 'APPROVED', `${result.code}: ${result.emv.reason}`);
      assert.ok(result.ok);
      assert.is(hex(result.emv.cvmResults), '480302');
      assert.is(result.record.cryptogramType, CRYPTOGRAM_TYPE.TC);
      assert.is(durableAtApproval, result.seq, 'the record was durable when the approval was shown');
      assert.equal(result.fingerAttempts.map((a) => a.outcome), ['match']);
      results.push(result);
    }
    const [first, second] = results as [CardPaymentResult & { ok: true }, CardPaymentResult & { ok: true }];
    assert.equal([first.record.online, first.record.arc, first.emv.reasonCode], [true, '00', 'ONLINE_APPROVED'], 'a new card goes online (TVR new card, TAC-Online)');
    assert.equal([second.record.online, second.record.arc, second.emv.reasonCode], [false, 'Y1', 'OFFLINE_APPROVED']);
    assert.is(second.record.panMasked, `${c.holder.pan.slice(0, 6)}******${c.holder.pan.slice(-4)}`);
    assert.equal(await journaled(c), [first.record, second.record]);
    assert.is(await fingerTriesLeft(c.session.transceive), 5);
    assert.ok(second.receipt && second.receipt.footer!.some((l) => l.en === 'Verified by fingerprint on the card'));
    // The trace of the whole session shows the VERIFY (biometric) commands with their data hidden.
    const trace = formatApduTrace(c.session.exchanges).replace(/\s+/g, '').toLowerCase();
    const verifies = c.session.exchanges.filter((e) => e.capdu[1] === 0x20 && e.capdu[3] === 0x89).map((e) => e.capdu);
    assert.ok(verifies.length >= 2, 'VERIFY P2 89 was sent');
    for (const verify of verifies) {
      const data = verify.subarray(verify[4] === 0 ? 7 : 5); // extended (00 hi lo) or short Lc
      assert.ok(data.length >= 8);
      assert.not.ok(trace.includes(hex(data.subarray(-8))), 'no BVDT bytes (the last 8 of each VERIFY) in the trace');
    }
    await bench().slot.remove();
  });

  test('wrong finger ×3 (the card\'s preferred attempts): card tries 5 → 2, then the PIN: approved with CVM Results 41 03 02', async () => {
    const c = await counter(holderFor('wrong'));
    for (let i = 0; i < 3; i++) bench().scanner.present(`stranger-${bench().base}`, { impression: i });
    c.pins.queue.push(CARD_PIN);
    const result = await c.pay(2_500);
    assert.is(result.code, 'APPROVED', `${result.code}: ${result.emv.reason}`);
    assert.equal(result.fingerAttempts.map((a) => [a.outcome, a.triesLeft]), [['no-match', 4], ['no-match', 3], ['no-match', 2]]);
    assert.is(hex(result.emv.cvmResults), '410302');
    assert.equal(c.shown.map((r) => r.code), ['FP_NO_MATCH', 'FP_NO_MATCH', 'FP_NO_MATCH']);
    assert.is(c.pins.asked, 1);
    assert.is(await fingerTriesLeft(c.session.transceive), 5, 'the good PIN restored the finger tries');
    await bench().slot.remove();
  });

  test('low quality, asked again within the attempt (no card try spent), then the right finger: approved by finger', async () => {
    const c = await counter(holderFor('quality'));
    bench().scanner.lowQuality();
    bench().scanner.present(c.holder.nationalId);
    const result = await c.pay(1_200);
    assert.is(result.code, 'APPROVED', `${result.code}: ${result.emv.reason}`);
    assert.equal(result.fingerAttempts.map((a) => [a.outcome, a.captures]), [['match', 2]]);
    assert.equal(c.shown.map((r) => r.code), ['FP_ASK_AGAIN_QUALITY']);
    assert.is(await fingerTriesLeft(c.session.transceive), 5);
    await bench().slot.remove();
  });

  test('finger blocked: 3 wrong fingers spend the card\'s 3 tries (PIN cancelled: signature); back at the counter, no finger asked, the PIN', async () => {
    const holder = holderFor('blocked', { fingerTries: 3 });
    const card = holder.card(); // the same card both times: its finger counter carries over
    const c = await counter(holder, { card });
    for (let i = 0; i < 3; i++) bench().scanner.present(`stranger-${bench().base}`, { impression: 10 + i });
    c.pins.queue.push('cancel'); // no PIN: a good PIN would restore the finger tries
    const first = await c.pay(900);
    assert.equal(first.fingerAttempts.map((a) => a.triesLeft), [2, 1, 0]);
    assert.ok((first.emv.tvr[3]! & 0x04) !== 0, 'TVR byte 4: biometric try limit exceeded');
    assert.is(hex(first.emv.cvmResults), '5e0300', 'the signature rule after the PIN was bypassed');
    assert.is(await fingerTriesLeft(c.session.transceive), 0);
    await bench().slot.remove();
    const again = await counter(holder, { card });
    again.pins.queue.push(CARD_PIN);
    const scanned = captures(bench().scanner.scanner);
    const second = await again.pay(900);
    assert.is(second.code, 'APPROVED', `${second.code}: ${second.emv.reason}`);
    assert.equal(second.fingerAttempts, [], 'the kernel read BF4C = 0: no finger asked');
    assert.is(captures(bench().scanner.scanner), scanned, 'no capture');
    assert.is(hex(second.emv.cvmResults), '410302');
    assert.ok((second.emv.tvr[3]! & 0x04) !== 0, 'TVR byte 4: biometric try limit exceeded');
    assert.is(await fingerTriesLeft(again.session.transceive), 3, 'the good PIN restored them');
    await bench().slot.remove();
  });

  test('an R30x-style scanner (vendor templates): the PIN, the capture policy\'s reason shown; TVR byte 2 b1 (template format not supported)', async () => {
    const c = await counter(holderFor('r30x'));
    const r30x = createSimFingerprintScanner({ yields: 'vendor-template' });
    r30x.script.present({ person: c.holder.nationalId });
    c.pins.queue.push(CARD_PIN);
    const result = await c.pay(700, { devices: { scanner: r30x, pinEntry: c.pins, capture: { onReason: (r) => c.shown.push(r) } } });
    await r30x.close();
    assert.is(result.code, 'APPROVED', `${result.code}: ${result.emv.reason}`);
    assert.equal(c.shown.map((r) => r.code), ['FP_VENDOR_TEMPLATE']);
    assert.equal(result.fingerAttempts.map((a) => [a.outcome, a.reason?.code]), [['unavailable', 'FP_VENDOR_TEMPLATE']]);
    assert.ok((result.emv.tvr[1]! & 0x01) !== 0, 'TVR byte 2 b1: biometric template format not supported');
    assert.is(hex(result.emv.cvmResults), '410302');
    assert.ok(!c.session.exchanges.some((e) => e.capdu[1] === 0x84), 'no GET CHALLENGE: nothing was sent for the finger');
    await bench().slot.remove();
  });

  test('finger online (card list 49 03 first): captured, matched by the issuer, approved online (ARC 00, TC)', async () => {
    const c = await counter(holderFor('online', { cvmList: FINGER_ONLINE_FIRST, onlineFinger: true }));
    bench().scanner.present(c.holder.nationalId);
    const result = await c.pay(3_000);
    assert.is(result.code, 'APPROVED', `${result.code}: ${result.emv.reason}`);
    assert.is(hex(result.emv.cvmResults), '490300');
    assert.equal([result.record!.online, result.record!.arc], [true, '00']);
    assert.equal(c.issuer.biometricChecks, ['match']);
    assert.ok(c.issuer.requests[0]!.onlineBiometric, 'the BVDT went to the issuer');
    assert.equal(result.fingerAttempts.map((a) => a.outcome), ['captured']);
    await bench().slot.remove();
  });

  test('finger online, a stranger\'s finger: the issuer finds no match and declines (ARC 63); journaled as ISSUER_DECLINED', async () => {
    const c = await counter(holderFor('online-wrong', { cvmList: FINGER_ONLINE_FIRST, onlineFinger: true }));
    bench().scanner.present(`stranger-${bench().base}`);
    const result = await c.pay(3_000);
    assert.is(result.code, 'ISSUER_DECLINED', `${result.code}: ${result.emv.reason}`);
    assert.equal(c.issuer.biometricChecks, ['no-match']);
    assert.equal([result.record!.arc, result.record!.cryptogramType], ['63', CRYPTOGRAM_TYPE.AAC]);
    assert.equal((await journaled(c)).map((r) => r.code), ['ISSUER_DECLINED']);
    await bench().slot.remove();
  });

  test('a journal that throws on append: the offline TC is not shown as approved (NOT_JOURNALED); the TC kept and journaled next', async () => {
    const c = await counter(holderFor('journal'));
    bench().scanner.present(c.holder.nationalId);
    assert.is((await c.pay(1_000)).code, 'APPROVED', 'a first payment online (new card)');
    const real = c.journal;
    let failing = true;
    const flaky = new CardPaymentJournal({ append: (e) => (failing ? Promise.reject(new Error('disk gone (test)')) : real.append(e)) });
    bench().scanner.present(c.holder.nationalId, { impression: 1 });
    let shownApproved = false;
    const result = await c.pay(4_000, { journal: flaky, onApproved: () => (shownApproved = true) });
    assert.equal([result.ok, result.code, shownApproved], [false, 'NOT_JOURNALED', false]);
    assert.equal([result.emv.outcome, result.emv.reasonCode], ['approved', 'OFFLINE_APPROVED'], 'the card did approve offline (TC)');
    assert.ok(!result.ok && result.message.en.includes('not approved'));
    assert.equal(flaky.pending.map((r) => [r.code, r.cryptogramType, r.online]), [['NOT_JOURNALED', CRYPTOGRAM_TYPE.TC, false]]);
    assert.equal(flaky.pending[0]!.cryptogram, result.emv.data.get(0x9f26), 'the card\'s TC, byte for byte');
    failing = false;
    assert.is(await flaky.flush(), 1);
    assert.equal((await journaled(c)).map((r) => [r.code, r.cryptogramType]), [['APPROVED', CRYPTOGRAM_TYPE.TC], ['NOT_JOURNALED', CRYPTOGRAM_TYPE.TC]]);
    await bench().slot.remove();
  });
}
