/**
 * payByCard at its edges, in process: an amount out of range is refused before any card command; an issuer that
 * cannot be reached (the connection throws) leaves the decision to the default action codes (ARC Z3, journaled);
 * a card without a payment application ends with the kernel's code and journals nothing (no PAN to journal); a PIN
 * pad that breaks is "PIN pad not working" and the card's next rule (signature) applies; the receipt of a payment
 * prints the masked PAN and how the holder was verified, in Arabic and English.
 */
import * as assert from 'uvu/assert';
import { loadCard } from '../../../card/card-image.ts';
import { GOV_CARD_BUILDERS } from '../../../card/gov/gov-card.ts';
import { openCardSession, type CardSession } from '../../../terminal/card-session.ts';
import { HalError } from '../../../terminal/hal/errors.ts';
import { createSimCardReader, type SimCardReader } from '../../../terminal/hal/sim/sim-card-reader.ts';
import { createSimFingerprintScanner, type SimFingerprintScanner } from '../../../terminal/hal/sim/sim-fingerprint-scanner.ts';
import { CardPaymentJournal } from '../../../terminal/payment/card-payment-journal.ts';
import { cardPaymentReceipt } from '../../../terminal/payment/card-payment-receipt.ts';
import { payByCard, type PayByCardInput } from '../../../terminal/payment/pay-by-card.ts';
import { PaymentError } from '../../../terminal/payment/payment-error.ts';
import { renderReceiptText } from '../../../terminal/print/escpos/render-receipt-text.ts';
import { decodeCardPaymentRecord } from '../../../terminal/schemas/card-payment-record.ts';
import type { Journal } from '../../../terminal/journal/journal.ts';
import { suite } from '../../support/suite.ts';
import { VECTORS } from './make-card-payment-vectors.ts';
import { memoryJournal, paymentHolder, scriptedPinPad, testIssuer, type PaymentHolder } from './payment-counter.ts';
import { TERMINAL } from './payment-scenarios.ts';

const test = suite('terminal/payment/pay-by-card (edges)', { timeoutMs: 20_000 });
let reader: SimCardReader;
let scanner: SimFingerprintScanner;
let session: CardSession;
let journal: Journal;

test.before.each(async () => {
  reader = createSimCardReader({ readers: ['R'] });
  scanner = createSimFingerprintScanner();
  journal = await memoryJournal();
});
test.after.each(async () => {
  await session?.close('unpower').catch(() => undefined);
  await scanner.close();
  await reader.close();
});

async function pay(holder: PaymentHolder, extra: Partial<PayByCardInput> = {}, card = holder.card()) {
  reader.insertCard('R', card);
  session = openCardSession(await reader.connect('R'));
  const pins = scriptedPinPad();
  return payByCard({
    transceive: session.transceive, amountPiastres: 1_500, terminal: TERMINAL, issuer: testIssuer([holder]).host,
    journal: new CardPaymentJournal(journal), random: () => 0.99,
    devices: { scanner, pinEntry: pins, timeoutMs: 2_000 }, ...extra,
  });
}

test('an amount of 0 or over n 12: PAY_CONFIG_INVALID before any card command', async () => {
  const holder = paymentHolder(500);
  for (const amountPiastres of [0, -5, 1.5, 1_000_000_000_000]) {
    try {
      await pay(holder, { amountPiastres });
      assert.unreachable('refused');
    } catch (error) {
      assert.instance(error, PaymentError);
      assert.is((error as PaymentError).code, 'PAY_CONFIG_INVALID');
    }
    assert.is(session.exchanges.length, 0);
    await session.close('unpower');
    reader.removeCard('R');
  }
});

test('the issuer cannot be reached (connection throws): default action codes decline a new card, ARC Z3, journaled', async () => {
  const holder = paymentHolder(501);
  scanner.script.present({ person: holder.nationalId });
  const result = await pay(holder, { issuer: { authorise: () => Promise.reject(new Error('link down (test)')) } });
  assert.is(result.code, 'ISSUER_UNREACHABLE', result.emv.reason);
  assert.equal([result.record?.online, result.record?.arc, result.record?.cryptogramType], [false, 'Z3', 0]);
  const [frame] = await journal.read(1, 1);
  assert.is(decodeCardPaymentRecord(frame!.body).code, 'ISSUER_UNREACHABLE');
});

test('a government card without KARTPAY: the kernel\'s EMV_NO_APPLICATION, nothing journaled (no PAN read)', async () => {
  const holder = paymentHolder(502);
  const result = await pay(holder, {}, loadCard(holder.issued.image, GOV_CARD_BUILDERS));
  assert.equal([result.ok, result.code, result.record], [false, 'EMV_NO_APPLICATION', undefined]);
  assert.ok(!result.ok && result.message.ar.length > 0 && result.message.en.length > 0);
  assert.is(journal.state.lastSeq, 0);
});

test('a PIN pad that breaks (HAL_DEVICE_ERROR): "PIN pad not working", then the signature rule: approved, signature required', async () => {
  const holder = paymentHolder(503);
  const vendor = createSimFingerprintScanner({ yields: 'vendor-template' });
  vendor.script.present({ person: holder.nationalId });
  const result = await pay(holder, {
    devices: { scanner: vendor, pinEntry: { collectPin: () => Promise.reject(new HalError('HAL_DEVICE_ERROR', 'keypad fault (test)')) } },
  });
  await vendor.close();
  assert.is(result.code, 'APPROVED', result.emv.reason);
  assert.ok(result.ok && result.signatureRequired);
  assert.is(Buffer.from(result.emv.cvmResults).toString('hex'), '5e0300');
  assert.ok((result.emv.tvr[2]! & 0x10) !== 0, 'TVR byte 3 b5: PIN pad not present or not working');
  assert.ok(result.ok && result.receipt!.footer!.some((l) => l.en.startsWith('Cardholder signature')));
});

test('receipts: the masked PAN, the CVM, the card\'s ATC, online or offline, the outcome in both languages', () => {
  const merchant = { ar: 'بقالة النور', en: 'Al Nour Grocer' };
  const offline = cardPaymentReceipt(VECTORS['card-payment-offline-tc.json']!.value, { merchant, seq: 12 });
  assert.equal([offline.outcome.code, offline.reference, offline.lines[0]!.amountPiastres], ['APPROVED', '00A1B2C3/000012', 4_550]);
  assert.equal(offline.footer!.map((l) => l.en), ['Card 628001******0017', 'Verified by fingerprint on the card', 'Card transaction 7', 'Offline']);
  const text = renderReceiptText(offline);
  assert.ok(text.includes('628001******0017') && text.includes('45.50'), text);
  assert.not.ok(text.includes('6280010000000017'), 'never the PAN');
  const online = cardPaymentReceipt(VECTORS['card-payment-online-approved.json']!.value, { merchant, seq: 13 });
  assert.equal(online.footer!.map((l) => l.en), ['Card 628001******0017', 'Fingerprint verified by the bank', 'Card transaction 8', 'Online - response 00']);
  const declined = cardPaymentReceipt(VECTORS['card-payment-declined.json']!.value, { merchant, seq: 14, message: { ar: 'رفض البنك عملية الدفع.', en: 'The bank declined the payment.' } });
  assert.equal([declined.outcome.code, declined.outcome.message.en], ['ISSUER_DECLINED', 'The bank declined the payment.']);
  assert.not.ok(declined.footer!.some((l) => l.en.startsWith('Verified')), 'no CVM line on a decline');
  for (const line of [...offline.footer!, ...declined.footer!]) assert.ok(/[\u0600-\u06ff]/.test(line.ar), `Arabic: ${line.ar}`);
});

test.run();
