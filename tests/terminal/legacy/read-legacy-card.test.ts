import * as assert from 'uvu/assert';
import type { CardOs } from '../../../card/card-os.ts';
import { createGovCard } from '../../../card/gov/gov-card.ts';
import { createLegacyRationCard } from '../../../card/legacy/legacy-ration-card.ts';
import type { Transceiver } from '../../../emv/transceiver.ts';
import { debitLegacyCard, readLegacyCard, stopLegacyCard } from '../../../terminal/legacy/read-legacy-card.ts';
import { suite } from '../../support/suite.ts';
import { LEGACY_PERSONALIZATION } from '../../card/legacy/legacy-fixture.ts';
import { personalization } from '../../card/gov/gov-fixture.ts';

const test = suite('terminal/legacy/read-legacy-card');

const powered = (card: CardOs): Transceiver => {
  card.powerOn();
  return async (capdu) => card.transmit(capdu);
};
const oldCard = (balancePiastres = 5000): Transceiver =>
  powered(createLegacyRationCard({ protocol: 'T=1', personalization: { ...LEGACY_PERSONALIZATION, balancePiastres } }));

test('reads the old card, debits it, stops it; a stopped card still reads and refuses debits', async () => {
  const trx = oldCard();
  const read = await readLegacyCard(trx);
  assert.equal(read.ok && read.value, { ...LEGACY_PERSONALIZATION, balancePiastres: 5000, atc: 0 });
  assert.equal(await debitLegacyCard(trx, 1200), { ok: true, value: { balanceAfter: 3800, atc: 1 } });
  assert.equal(await debitLegacyCard(trx, 3801), { ok: false, problem: 'LEGACY_BALANCE_INSUFFICIENT', sw: 0x9e01 });
  assert.equal(await stopLegacyCard(trx), { ok: true, value: true });
  assert.equal(await debitLegacyCard(trx, 1), { ok: false, problem: 'LEGACY_CARD_STOPPED', sw: 0x6985 });
  const again = await readLegacyCard(trx);
  assert.equal(again.ok && [again.value.status, again.value.balancePiastres, again.value.atc], ['stopped', 3800, 1]);
});

test('a unified card is not an old ration card; a card answering garbage is unreadable', async () => {
  const unified = powered(createGovCard({ protocol: 'T=1', personalization: personalization() }));
  assert.equal(await readLegacyCard(unified), { ok: false, problem: 'NOT_A_LEGACY_CARD', sw: 0x6a82 });
  const liar: Transceiver = async (capdu) => (capdu[1] === 0xa4 ? Uint8Array.of(0x90, 0) : Uint8Array.of(1, 2, 3, 0x90, 0));
  assert.equal(await readLegacyCard(liar), { ok: false, problem: 'LEGACY_CARD_UNREADABLE', sw: 0x9000 });
  const shortDebit: Transceiver = async () => Uint8Array.of(0, 0x90, 0);
  assert.equal(await debitLegacyCard(shortDebit, 5), { ok: false, problem: 'LEGACY_CARD_REFUSED', sw: 0x9000 });
  assert.equal(await stopLegacyCard(async () => Uint8Array.of(0x6a, 0x86)), { ok: false, problem: 'LEGACY_CARD_REFUSED', sw: 0x6a86 });
});

test.run();
