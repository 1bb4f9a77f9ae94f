/**
 * Offline card authentication, through the whole transaction on the sim reader: the genuine card passes; an issuer
 * certificate not signed by the CA, a copy of a card's data on another chip (no private key), an expired issuer, a
 * revoked issuer key and a replayed INTERNAL AUTHENTICATE answer are each declined CARD_NOT_GENUINE with the failed
 * check as the reason, journaled, and never reach the fingerprint scanner or the DEBIT.
 */
import * as assert from 'uvu/assert';
import { suite } from '../../support/suite.ts';
import type { VirtualCard } from '../../../card/virtual-card.ts';
import { sellBread } from '../../../terminal/services/bakery-sale.ts';
import { authenticateCard } from '../../../terminal/services/authenticate-card.ts';
import { govCardChannel } from '../../../terminal/services/gov-card-channel.ts';
import { GovApdu } from '../../../terminal/services/gov-apdu.ts';
import { decodeJournalRecord } from '../../../terminal/schemas/journal-record.ts';
import { keyIdOf } from '../../../terminal/schemas/p256.ts';
import { clonedCard, issuerValidUntil, replayingCard, rogueIssuer } from './forged-cards.ts';
import { household, serviceBench, testIssuer, TODAY } from './service-fixture.ts';

const test = suite('terminal/services/authenticate-card', { timeoutMs: 15000 });

async function serveOnce(card: VirtualCard, options: Parameters<typeof serviceBench>[0] = {}) {
  const bench = await serviceBench(options);
  try {
    bench.testbench.insertCard(card);
    const result = await sellBread(bench.runner, { loaves: 5 });
    const [frame] = (await bench.journal.journal.read(1)).filter((r) => r.type === 1);
    return { result, record: decodeJournalRecord(frame!.body) };
  } finally {
    await bench.close();
  }
}

const FORGERIES: Array<[string, () => { card: VirtualCard; options?: Parameters<typeof serviceBench>[0] }, string]> = [
  ['issuer certificate not signed by the CA', () => ({ card: household({ cardIssuer: rogueIssuer() })[0]!.card }), 'CHAIN_BAD_SIGNATURE'],
  ['card data copied onto another chip without the private key', () => ({ card: clonedCard(household()[0]!.card, household()[0]!.card) }), 'SIGNATURE_INVALID'],
  ['issuer certificate expired', () => ({ card: household({ cardIssuer: issuerValidUntil(TODAY - 1) })[0]!.card }), 'CHAIN_EXPIRED'],
  ['issuer key revoked by the parameters', () => ({
    card: household()[0]!.card, options: { revokedKeyIds: [keyIdOf(testIssuer().issuerCertificate.publicKey)] },
  }), 'KEY_REVOKED'],
];

for (const [name, make, reason] of FORGERIES) {
  test(`${name}: CARD_NOT_GENUINE (${reason}), journaled, nothing asked of the cardholder`, async () => {
    const { card, options } = make();
    const { result, record } = await serveOnce(card, options);
    assert.is(result.ok, false);
    if (result.ok) return;
    assert.is(result.outcome, 'CARD_NOT_GENUINE');
    assert.is(result.authFailure, reason);
    assert.match(result.message.en, 'not genuine');
    assert.ok(result.message.ar.length > 10);
    assert.equal(result.verification, []);
    assert.is(record.code, 'CARD_NOT_GENUINE');
    assert.is(record.debitProof, null);
  });
}

test('a replayed INTERNAL AUTHENTICATE answer (an old challenge\'s signature) fails against a fresh challenge', async () => {
  const issued = household()[0]!;
  const card = replayingCard(issued.card);
  card.powerOn();
  const channel = govCardChannel(async (c) => card.transmit(c));
  await channel.expectOk(GovApdu.select(), 'SELECT');
  const options = { trustedCas: [testIssuer().caCertificate], today: TODAY, cardId: issued.cardId };
  const first = await authenticateCard(channel, options);
  assert.is(first.ok, true, 'the genuine answer to the first challenge passes');
  assert.ok(card.recorded);
  const replayed = await authenticateCard(channel, options);
  assert.equal(replayed, { ok: false, reason: 'SIGNATURE_INVALID', at: 'card' });
  // The same through the whole transaction: the replay is a decline with its reason.
  card.powerOff();
  const { result } = await serveOnce(card);
  assert.is(result.ok ? result.outcome : result.authFailure, 'SIGNATURE_INVALID');
});

test('the genuine card passes; a card id other than the certificate one, or an unknown CA, does not', async () => {
  const issued = household()[0]!;
  issued.card.powerOn();
  const channel = govCardChannel(async (c) => issued.card.transmit(c));
  await channel.expectOk(GovApdu.select(), 'SELECT');
  const ok = await authenticateCard(channel, { trustedCas: [testIssuer().caCertificate], today: TODAY, cardId: issued.cardId });
  assert.is(ok.ok, true);
  const wrongId = await authenticateCard(channel, { trustedCas: [testIssuer().caCertificate], today: TODAY, cardId: new Uint8Array(8) });
  assert.equal(wrongId, { ok: false, reason: 'CARD_ID_MISMATCH', at: 'card' });
  const noCa = await authenticateCard(channel, { trustedCas: [], today: TODAY, cardId: issued.cardId });
  assert.equal(noCa, { ok: false, reason: 'CHAIN_UNKNOWN_CA', at: 'issuer' });
});

test.run();
