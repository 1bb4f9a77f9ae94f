import * as assert from 'uvu/assert';
import { internalAuthenticateMessage } from '../../../card/gov/internal-authenticate.ts';
import { encodeCbor } from '../../../terminal/codec/cbor.ts';
import { verifyP256 } from '../../../terminal/schemas/p256.ts';
import { suite } from '../../support/suite.ts';
import { CARD_ID, CARD_PUBLIC_KEY, challenge, cmd, govCard, send } from './gov-fixture.ts';

const test = suite('card/gov/internal-authenticate');

test('signs the terminal challenge with the card key over ["kart-gov-internal-auth", 1, cardId, challenge]', () => {
  const card = govCard();
  const c = challenge('ia');
  const answer = send(card, cmd.internalAuthenticate(c));
  assert.is(answer.sw, 0x9000);
  assert.is(answer.data.length, 64);
  assert.equal(internalAuthenticateMessage(CARD_ID, c), encodeCbor(['kart-gov-internal-auth', 1, CARD_ID, c]));
  assert.ok(verifyP256(CARD_PUBLIC_KEY, internalAuthenticateMessage(CARD_ID, c), answer.data));
  assert.not.ok(verifyP256(CARD_PUBLIC_KEY, internalAuthenticateMessage(CARD_ID, challenge('other')), answer.data));
});

test('challenge of 8 to 32 bytes, P1-P2 00 00, class 00', () => {
  const card = govCard();
  assert.is(send(card, cmd.internalAuthenticate(new Uint8Array(8))).sw, 0x9000);
  assert.is(send(card, cmd.internalAuthenticate(new Uint8Array(7))).sw, 0x6700);
  assert.is(send(card, cmd.internalAuthenticate(new Uint8Array(33))).sw, 0x6700);
  assert.is(send(card, Uint8Array.of(0x00, 0x88, 0x00, 0x01, 0x08, 1, 2, 3, 4, 5, 6, 7, 8, 0x00)).sw, 0x6a86);
  assert.is(send(card, Uint8Array.of(0x80, 0x88, 0x00, 0x00, 0x08, 1, 2, 3, 4, 5, 6, 7, 8, 0x00)).sw, 0x6e00);
});

test.run();
