import * as assert from 'uvu/assert';
import { loadCard, serializeCard } from '../../../card/card-image.ts';
import { createGovCard } from '../../../card/gov/gov-card.ts';
import { createGovPaymentCardBuilders } from '../../../card/emv-pay/index.ts';
import { suite } from '../../support/suite.ts';
import { personalization as govPersonalization } from '../gov/gov-fixture.ts';
import { GOV_AID } from '../../../card/gov/gov-tags.ts';
import { decodeCvr, decodeIssuerApplicationData } from '../../../emv/cryptogram/issuer-application-data.ts';
import { bytes, cdol1Data, generateAc, govCardWithPayment, hex, ok, SELECT_KARTPAY, SELECT_PSE, startTransaction, swOf, valueAt, verifyPin } from './payment-fixture.ts';

const test = suite('card/emv-pay/payment-card-builders');

const SELECT_GOV = bytes(`00A40400${hex(Uint8Array.of(GOV_AID.length))}${hex(GOV_AID)}00`);

test('a saved government card with KARTPAY comes back with KARTPAY, its ATC, tries and risk state', () => {
  const card = govCardWithPayment();
  startTransaction(card);
  ok(card, generateAc('ARQC', cdol1Data()));
  card.transmit(verifyPin('0000'));
  const restored = loadCard(serializeCard(card), createGovPaymentCardBuilders());
  restored.powerOn();
  ok(restored, SELECT_KARTPAY);
  assert.is(hex(restored.transmit(bytes('80CA9F3600'))), '9F360200019000', 'ATC kept');
  assert.is(hex(restored.transmit(bytes('80CA9F1700'))), '9F1701029000', 'PIN tries kept');
  startTransaction(restored);
  const answer = ok(restored, generateAc('TC', cdol1Data()));
  assert.is(hex(valueAt(answer, [0x77, 0x9f27])), '80', 'the unfinished online transaction was remembered: online again');
  assert.ok(decodeCvr(decodeIssuerApplicationData(valueAt(answer, [0x77, 0x9f10])).cvr).lastOnlineTransactionNotCompleted);
  assert.is(swOf(restored.transmit(SELECT_PSE)), '9000', 'the PSE too');
  assert.is(swOf(restored.transmit(SELECT_GOV)), '9000', 'KARTGOV still there');
});

test('a government card saved without KARTPAY loads as a plain government card (no install, no failure)', () => {
  const plain = createGovCard({ personalization: govPersonalization(), protocol: 'T=1' });
  const restored = loadCard(serializeCard(plain), createGovPaymentCardBuilders());
  restored.powerOn();
  assert.is(swOf(restored.transmit(SELECT_KARTPAY)), '6A82');
  assert.is(swOf(restored.transmit(SELECT_GOV)), '9000');
});

test.run();
