import * as assert from 'uvu/assert';
import { createHash } from 'node:crypto';
import { entitlementLoadCodec } from '../../../card/gov/entitlement-load.ts';
import { decodeEntitlementState } from '../../../card/gov/entitlement-state.ts';
import { monthOfDay } from '../../../card/gov/gov-date.ts';
import * as T from '../../../card/gov/gov-tags.ts';
import { scalarFrom } from '../../../card/gov/test-issuer.ts';
import { privateKeyFromScalar } from '../../../terminal/schemas/p256.ts';
import { suite } from '../../support/suite.ts';
import { cmd, govCard, ISSUE_DAY, send, signedLoad, valueOf, verified } from './gov-fixture.ts';
import type { CardOs } from '../../../card/card-os.ts';

const test = suite('card/gov/load-entitlements');

const MARCH = monthOfDay(ISSUE_DAY);
const counters = (card: CardOs) =>
  decodeEntitlementState(valueOf(valueOf(send(card, cmd.readData(T.TAG_BF45_COUNTERS)).data, T.TAG_BF45_COUNTERS), T.TAG_DF46_ENTITLEMENT_STATE));
const grantOf = (card: CardOs) =>
  entitlementLoadCodec.decode(valueOf(valueOf(send(card, cmd.readData(T.TAG_BF42_HOUSEHOLD)).data, T.TAG_BF42_HOUSEHOLD), T.TAG_DF25_ENTITLEMENT_GRANT));

test('a signed load with a higher sequence sets the month and keeps what was consumed', () => {
  const card = verified(govCard());
  assert.is(send(card, cmd.debitRation(ISSUE_DAY, [[1, 2]])).sw, 0x9000);
  assert.is(send(card, cmd.load(signedLoad({ sequence: 5, beneficiaries: 5, rationPiastres: 25_000, pointsPiastres: 300 }))).sw, 0x9000);
  const state = counters(card);
  assert.equal([state.rationPiastres, state.rationSpent, state.pointsPiastres], [25_000, 2520, 300]);
  assert.is(state.items[0]!.consumed, 2);
  assert.is(grantOf(card).beneficiaries, 5);
  assert.is(send(card, cmd.debitBread(ISSUE_DAY, 50)).sw, 0x9000, '5 beneficiaries: 25 a day, 2 days ahead');
});

test('unsigned, forged or tampered loads: 6982 and nothing changes', () => {
  const card = govCard();
  const before = card.persistentEntries();
  const good = entitlementLoadCodec.decode(signedLoad({ sequence: 2, rationPiastres: 99_999 }));
  const forger = privateKeyFromScalar(scalarFrom(createHash('sha256').update('not the issuer').digest()));
  const forged = entitlementLoadCodec.encode(entitlementLoadCodec.sign({ ...good }, forger));
  const tampered = entitlementLoadCodec.encode({ ...good, rationPiastres: 1_000_000 });
  const unsigned = entitlementLoadCodec.encode({ ...good, signature: new Uint8Array(64) });
  for (const [name, load] of [['forged', forged], ['tampered', tampered], ['unsigned', unsigned]] as const) {
    assert.is(send(card, cmd.load(load)).sw, 0x6982, name);
  }
  assert.equal(card.persistentEntries(), before);
});

test('replayed, older or stale loads: 9D08', () => {
  const card = govCard();
  const second = signedLoad({ sequence: 2, rationPiastres: 1000 });
  assert.is(send(card, cmd.load(second)).sw, 0x9000);
  assert.is(send(card, cmd.load(second)).sw, 0x9d08, 'the same load again');
  assert.is(send(card, cmd.load(signedLoad({ sequence: 1, rationPiastres: 5 }))).sw, 0x9d08, 'a lower sequence');
  assert.is(send(card, cmd.load(signedLoad({ sequence: 3, month: MARCH - 1 }))).sw, 0x9d08, 'a month already past');
  assert.is(counters(card).rationPiastres, 1000);
});

test('malformed loads or loads for another card: 6A80; wrong P1-P2: 6A86', () => {
  const card = govCard();
  const otherCard = signedLoad({ sequence: 2, cardId: Uint8Array.of(1, 2, 3, 4, 5, 6, 7, 8) });
  assert.is(send(card, cmd.load(otherCard)).sw, 0x6a80);
  assert.is(send(card, cmd.load(Uint8Array.of(0x83, 1, 2, 3))).sw, 0x6a80);
  assert.is(send(card, Uint8Array.of(0x80, 0xd4, 0x00, 0x00, 0x03, 0xdf, 0x52, 0x05)).sw, 0x6a80);
  assert.is(send(card, Uint8Array.of(0x80, 0xd4, 0x00, 0x01, 0x01, 0x00)).sw, 0x6a86);
  assert.is(send(govCard({ status: 'destroyed' }), cmd.load(signedLoad({ sequence: 2 }))).sw, 0x9d02);
});

test.run();
