import * as assert from 'uvu/assert';
import { createCardOs } from '../../../card/card-os.ts';
import type { CardError } from '../../../card/card-error.ts';
import { createDemoApplet } from '../../../card/demo-applet.ts';
import { createGovApplet } from '../../../card/gov/gov-applet.ts';
import { createGovCard } from '../../../card/gov/gov-card.ts';
import * as T from '../../../card/gov/gov-tags.ts';
import { suite } from '../../support/suite.ts';
import { CARD_ID, cmd, govCard, personalization, send, valueOf } from './gov-fixture.ts';

const test = suite('card/gov/gov-applet');

test('SELECT answers the FCI with AID, label, languages, card id, status and version', () => {
  const card = createGovCard({ protocol: 'T=1', personalization: personalization() });
  card.powerOn();
  const answer = send(card, cmd.select());
  assert.is(answer.sw, 0x9000);
  const fci = valueOf(answer.data, T.TAG_6F_FCI);
  assert.equal(valueOf(fci, T.TAG_84_DF_NAME), T.GOV_AID);
  const proprietary = valueOf(fci, T.TAG_A5_FCI_PROPRIETARY);
  assert.is(new TextDecoder().decode(valueOf(proprietary, T.TAG_50_LABEL)), 'KART GOV');
  assert.is(new TextDecoder().decode(valueOf(proprietary, T.TAG_5F2D_LANGUAGE)), 'aren');
  const discretionary = valueOf(proprietary, 0xbf0c);
  assert.equal(valueOf(discretionary, T.TAG_DF10_CARD_ID), CARD_ID);
  assert.equal([...valueOf(discretionary, T.TAG_DF44_CARD_STATUS), ...valueOf(discretionary, T.TAG_DF53_APPLET_VERSION)], [0, 1, 0]);
});

test('a blocked or destroyed card still selects, with 6283 and its status in the FCI', () => {
  for (const [status, code] of [['blocked', 1], ['destroyed', 2]] as const) {
    const card = createGovCard({ protocol: 'T=1', personalization: personalization({ status }) });
    card.powerOn();
    const answer = send(card, cmd.select());
    assert.is(answer.sw, 0x6283, status);
    assert.equal([...valueOf(valueOf(valueOf(valueOf(answer.data, 0x6f), 0xa5), 0xbf0c), T.TAG_DF44_CARD_STATUS)], [code]);
    assert.is(send(card, cmd.readData(T.TAG_DF44_CARD_STATUS)).sw, 0x9000, 'and stays selected');
  }
});

test('unknown INS 6D00; the applet lives beside other applets', () => {
  const card = createGovCard({ protocol: 'T=1', personalization: personalization(), otherApplets: [createDemoApplet()] });
  card.powerOn();
  assert.is(send(card, cmd.select()).sw, 0x9000);
  assert.is(send(card, Uint8Array.of(0x80, 0x10, 0x00, 0x00)).sw, 0x6d00);
  assert.is(send(card, Uint8Array.of(0x00, 0xa4, 0x04, 0x00, 0x09, 0xf0, 0x4b, 0x41, 0x52, 0x54, 0x44, 0x45, 0x4d, 0x4f, 0x00)).sw, 0x9000);
  assert.is(send(card, cmd.readData(T.TAG_BF41_CARDHOLDER)).sw, 0x6a88, 'the demo applet answers now');
});

test('a fresh card without personalisation, or with an invalid one, is refused at install', () => {
  const refused = (fn: () => unknown): boolean => {
    try {
      fn();
      return false;
    } catch (e) {
      return (e as CardError).code === 'CARD_CONFIG_INVALID';
    }
  };
  assert.ok(refused(() => createCardOs({ applets: [createGovApplet()] })));
  assert.ok(refused(() => createGovCard({ personalization: personalization({ nationalId: '123' }) })));
  assert.ok(refused(() => createGovCard({ personalization: personalization({ cardKey: new Uint8Array(32).fill(7) }) })), 'key not certified');
  assert.ok(refused(() => createGovCard({ personalization: personalization({ cardId: Uint8Array.of(9, 9, 9, 9, 9, 9, 9, 9) }) })), 'certificate for another card');
  assert.ok(refused(() => createGovCard({ personalization: personalization({ pin: '12' }) })));
  assert.ok(refused(() => createGovCard({ personalization: personalization({ load: Uint8Array.of(1, 2, 3) }) })));
  assert.ok(govCard(), 'the fixture itself installs');
});

test.run();
