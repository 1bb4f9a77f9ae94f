import * as assert from 'uvu/assert';
import { loadCard, serializeCard } from '../../../card/card-image.ts';
import type { CardError } from '../../../card/card-error.ts';
import { createGovCardBuilders, GOV_CARD_BUILDERS, GOV_CARD_KIND } from '../../../card/gov/gov-card.ts';
import * as T from '../../../card/gov/gov-tags.ts';
import { decodeDebitProof } from '../../../terminal/schemas/debit-proof.ts';
import { suite } from '../../support/suite.ts';
import { exactTemplateMatcher } from '../../../card/gov/verify-cardholder.ts';
import { cmd, FINGERPRINT, fingerProbe, govCard, ISSUE_DAY, NATIONAL_ID, send, valueOf, verified } from './gov-fixture.ts';

const test = suite('card/gov/gov-card');

test('card image round trip: counters, ATC, log, tries and personalisation survive; verification does not', () => {
  const card = verified(govCard());
  assert.is(send(card, cmd.debitBread(ISSUE_DAY, 7)).sw, 0x9000);
  assert.is(send(card, cmd.verifyPin('0000')).sw, 0x63c2);
  const image = serializeCard(card);
  const loaded = loadCard(image, GOV_CARD_BUILDERS);
  assert.is(loaded.kind, GOV_CARD_KIND);
  assert.equal(loaded.persistentEntries(), card.persistentEntries());
  assert.equal(serializeCard(loaded), image, 'deterministic');
  loaded.powerOn();
  assert.is(send(loaded, cmd.select()).sw, 0x9000);
  assert.equal([...valueOf(send(loaded, cmd.readData(T.TAG_9F17_PIN_TRIES)).data, T.TAG_9F17_PIN_TRIES)], [2]);
  assert.is(decodeDebitProof(valueOf(send(loaded, cmd.readLog(1)).data, T.TAG_DF50_DEBIT_PROOF)).amount, 7);
  assert.is(send(loaded, cmd.debitBread(ISSUE_DAY, 1, 'after')).sw, 0x6982);
  verified(loaded);
  assert.is(decodeDebitProof(valueOf(send(loaded, cmd.debitBread(ISSUE_DAY, 1, 'after')).data, T.TAG_DF50_DEBIT_PROOF)).atc, 2);
});

test('the default builders do not know the gov card; custom builders carry the matcher; GOV_CARD_BUILDERS match ISO minutiae', () => {
  const image = serializeCard(govCard());
  assert.throws(() => loadCard(image), (e: unknown) => (e as CardError).code === 'CARD_IMAGE_INVALID');
  const loaded = loadCard(image, createGovCardBuilders({ matcher: () => true }));
  loaded.powerOn();
  send(loaded, cmd.select());
  assert.is(send(loaded, cmd.verifyBiometric(Uint8Array.of(1))).sw, 0x9000);
  const iso = loadCard(image, GOV_CARD_BUILDERS);
  iso.powerOn();
  send(iso, cmd.select());
  assert.is(send(iso, cmd.verifyBiometric(Uint8Array.of(1))).sw, 0x63c4);
  assert.is(send(iso, cmd.verifyBiometric(fingerProbe(NATIONAL_ID, 5))).sw, 0x9000, 'another impression of the enrolled finger');
  const exact = loadCard(image, createGovCardBuilders({ matcher: exactTemplateMatcher }));
  exact.powerOn();
  send(exact, cmd.select());
  assert.is(send(exact, cmd.verifyBiometric(fingerProbe(NATIONAL_ID, 5))).sw, 0x63c4);
  assert.is(send(exact, cmd.verifyBiometric(FINGERPRINT)).sw, 0x9000);
});

test.run();
