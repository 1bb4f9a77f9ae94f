/**
 * Reversals: an online approval that the payment does not complete is undone at the issuer, so the customer is never
 * debited without a sale (and a retry does not debit twice). The card pulled between the issuer's approval and the
 * second GENERATE AC; the card declining after the issuer approved (91 altered, issuer authentication fails); the
 * approval that cannot be journaled (not shown, so not kept). A completed online approval sends none; a link
 * without `reverse` says so; a reversal the link refuses waits in the counter's queue and goes first next time.
 * And the issuer host reverses an approval once.
 */
import * as assert from 'uvu/assert';
import { createIssuerHost } from '../../../issuer/issuer-host.ts';
import { KART_TEST_ISSUER_MASTER_KEY_AC } from '../../../issuer/test-issuer.ts';
import { openCardSession, type CardSession } from '../../../terminal/card-session.ts';
import { HalError } from '../../../terminal/hal/errors.ts';
import { createSimCardReader, type SimCardReader } from '../../../terminal/hal/sim/sim-card-reader.ts';
import { createSimFingerprintScanner, type SimFingerprintScanner } from '../../../terminal/hal/sim/sim-fingerprint-scanner.ts';
import { CardPaymentJournal } from '../../../terminal/payment/card-payment-journal.ts';
import { payByCard, type IssuerConnection, type PayByCardInput } from '../../../terminal/payment/pay-by-card.ts';
import { PendingReversals } from '../../../terminal/payment/pending-reversals.ts';
import type { Journal } from '../../../terminal/journal/journal.ts';
import type { VirtualCard } from '../../../card/virtual-card.ts';
import { suite } from '../../support/suite.ts';
import { memoryJournal, paymentHolder, scriptedPinPad, testIssuer, type PaymentHolder, type TestIssuer } from './payment-counter.ts';
import { TERMINAL } from './payment-scenarios.ts';

const test = suite('terminal/payment/pay-by-card (reversals)', { timeoutMs: 20_000 });
const AMOUNT = 1_500;
const BALANCE = 1_000_000;
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

/** Pays with the holder's right finger, forced online; `cutAfterGenerateAc` pulls the card at that GENERATE AC. */
async function pay(holder: PaymentHolder, issuer: TestIssuer, extra: Partial<PayByCardInput> & { cutAtGenerateAc?: number; card?: VirtualCard } = {}) {
  reader.insertCard('R', extra.card ?? holder.card());
  session = openCardSession(await reader.connect('R'));
  scanner.script.present({ person: holder.nationalId });
  let generateAcs = 0;
  const transceive: PayByCardInput['transceive'] = async (capdu) => {
    if (capdu[1] === 0xae && ++generateAcs === extra.cutAtGenerateAc) {
      reader.removeCard('R');
      throw new HalError('HAL_CARD_REMOVED', 'the card was pulled (test)');
    }
    return session.transceive(capdu);
  };
  const { cutAtGenerateAc: _cut, card: _card, ...rest } = extra;
  return payByCard({
    transceive, amountPiastres: AMOUNT, terminal: TERMINAL, issuer: issuer.host, journal: new CardPaymentJournal(journal),
    random: () => 0.99, forceOnline: true, devices: { scanner, pinEntry: scriptedPinPad(), timeoutMs: 2_000 }, ...rest,
  });
}

test('the card pulled at the second GENERATE AC, after the issuer approved: the approval is reversed, the balance whole', async () => {
  const holder = paymentHolder(700);
  const issuer = testIssuer([holder], BALANCE);
  const error = await pay(holder, issuer, { cutAtGenerateAc: 2 }).catch((e: unknown) => e);
  assert.instance(error, HalError);
  assert.is((error as HalError).code, 'HAL_CARD_REMOVED');
  assert.is((error as HalError & { reversal?: string }).reversal, 'reversed');
  assert.is(issuer.requests.length, 1, 'one authorisation');
  assert.equal(issuer.reversals.map((r) => [r.pan, r.panSequenceNumber]), [[holder.pan, 1]]);
  assert.match(issuer.reversals[0]!.reason, /HAL_CARD_REMOVED/);
  assert.is(issuer.accounts[0]!.balance, BALANCE, 'debited, then credited back');
  assert.is(journal.state.lastSeq, 0, 'nothing approved, nothing journaled');
});

test('the card pulled at the first GENERATE AC (before any authorisation): nothing to reverse', async () => {
  const holder = paymentHolder(701);
  const issuer = testIssuer([holder], BALANCE);
  const error = await pay(holder, issuer, { cutAtGenerateAc: 1 }).catch((e: unknown) => e);
  assert.is((error as HalError).code, 'HAL_CARD_REMOVED');
  assert.is((error as { reversal?: string }).reversal, undefined);
  assert.is(issuer.reversals.length, 0);
  assert.is(issuer.accounts[0]!.balance, BALANCE);
});

test('the issuer approves but its 91 is altered on the way: the card declines (AAC), the approval is reversed', async () => {
  const holder = paymentHolder(702);
  const issuer = testIssuer([holder], BALANCE);
  const altered: IssuerConnection = {
    async authorise(request) {
      const response = await issuer.host.authorise(request);
      const data = Uint8Array.from(response.issuerAuthenticationData);
      data[0]! ^= 0x01; // the ARPC no longer verifies on the card
      return { ...response, issuerAuthenticationData: data };
    },
    reverse: (request) => issuer.host.reverse(request),
  };
  const result = await pay(holder, issuer, { issuer: altered });
  assert.not.ok(result.ok);
  assert.is(result.code, 'CARD_DECLINED_AFTER_ISSUER', result.emv.reason);
  assert.is(result.reversal, 'reversed');
  assert.is(issuer.accounts[0]!.balance, BALANCE);
  assert.is(journal.state.lastSeq, 1, 'the decline is journaled');
});

test('an online approval the journal cannot take is not shown, and is reversed', async () => {
  const holder = paymentHolder(703);
  const issuer = testIssuer([holder], BALANCE);
  const failing = { append: () => Promise.reject(new Error('disk gone (test)')) } as unknown as Journal;
  const result = await pay(holder, issuer, { journal: new CardPaymentJournal(failing) });
  assert.not.ok(result.ok);
  assert.is(result.code, 'NOT_JOURNALED');
  assert.is(result.reversal, 'reversed');
  assert.is(issuer.accounts[0]!.balance, BALANCE);
});

test('a completed online approval sends no reversal; a link without reverse reports it unsupported', async () => {
  const holder = paymentHolder(704);
  const issuer = testIssuer([holder], BALANCE);
  const done = await pay(holder, issuer);
  assert.ok(done.ok, done.ok ? '' : done.code);
  assert.is(done.reversal, undefined);
  assert.is(issuer.reversals.length, 0);
  assert.is(issuer.accounts[0]!.balance, BALANCE - AMOUNT);
  await session.close('unpower');
  reader.removeCard('R');
  const other = paymentHolder(705);
  const otherIssuer = testIssuer([other], BALANCE);
  const error = await pay(other, otherIssuer, { cutAtGenerateAc: 2, issuer: { authorise: (r) => otherIssuer.host.authorise(r) } }).catch((e: unknown) => e);
  assert.is((error as { reversal?: string }).reversal, 'unsupported');
  assert.is(otherIssuer.accounts[0]!.balance, BALANCE - AMOUNT, 'without reversals the issuer keeps the debit: the link must offer reverse');
});

test('a reversal the link cannot take waits in the counter\'s queue and goes first with the next payment', async () => {
  const holder = paymentHolder(707);
  const issuer = testIssuer([holder], BALANCE);
  let linkDown = true;
  const flaky: IssuerConnection = {
    authorise: (request) => issuer.host.authorise(request),
    reverse: (request) => (linkDown ? Promise.reject(new Error('link down (test)')) : issuer.host.reverse(request)),
  };
  const reversals = new PendingReversals();
  const card = holder.card(); // the same card both times: its ATC goes on (a reloaded image would replay ATC 1)
  const error = await pay(holder, issuer, { cutAtGenerateAc: 2, issuer: flaky, reversals, card }).catch((e: unknown) => e);
  assert.is((error as { reversal?: string }).reversal, 'queued');
  assert.is(reversals.pending.length, 1);
  assert.is(issuer.accounts[0]!.balance, BALANCE - AMOUNT, 'not yet reversed');
  await session.close('unpower');
  reader.removeCard('R');
  linkDown = false;
  const retry = await pay(holder, issuer, { issuer: flaky, reversals, card });
  assert.ok(retry.ok, retry.ok ? '' : retry.code);
  assert.is(reversals.pending.length, 0, 'the queued reversal went first');
  assert.equal(issuer.reversals.map((r) => r.atc), [1], 'the first payment\'s ATC reversed');
  assert.is(issuer.accounts[0]!.balance, BALANCE - AMOUNT, 'one debit: the completed retry');
  // Without a queue the outcome is 'failed' and nothing is kept.
  await session.close('unpower');
  reader.removeCard('R');
  linkDown = true;
  const other = paymentHolder(708);
  const otherIssuer = testIssuer([other], BALANCE);
  const down: IssuerConnection = { authorise: (r) => otherIssuer.host.authorise(r), reverse: () => Promise.reject(new Error('link down (test)')) };
  const failed = await pay(other, otherIssuer, { cutAtGenerateAc: 2, issuer: down }).catch((e: unknown) => e);
  assert.is((failed as { reversal?: string }).reversal, 'failed');
});

test('the issuer host reverses an approval once, and nothing it did not approve', async () => {
  const holder = paymentHolder(706);
  const issuer = testIssuer([holder], BALANCE);
  await pay(holder, issuer);
  assert.is(issuer.requests.length, 1, 'one online approval, ATC 1 (the card counts at GET PROCESSING OPTIONS)');
  const host = createIssuerHost({ issuerMasterKey: KART_TEST_ISSUER_MASTER_KEY_AC, accounts: [{ pan: holder.pan, panSequenceNumber: 1, balance: 10 }] });
  assert.equal(await host.reverse({ pan: holder.pan, panSequenceNumber: 1, atc: 1, reason: 'test' }), { reversed: false, reason: `no approval for card ${holder.pan.slice(0, 6)}${'*'.repeat(holder.pan.length - 10)}${holder.pan.slice(-4)} ATC 1` });
  const first = await issuer.host.reverse({ pan: holder.pan, panSequenceNumber: 1, atc: 1, reason: 'test' });
  assert.ok(first.reversed, first.reason);
  assert.is(issuer.accounts[0]!.balance, BALANCE);
  const again = await issuer.host.reverse({ pan: holder.pan, panSequenceNumber: 1, atc: 1, reason: 'test' });
  assert.not.ok(again.reversed);
  assert.match(again.reason, /already reversed/);
  assert.is(issuer.accounts[0]!.balance, BALANCE, 'credited once');
});

test.run();
