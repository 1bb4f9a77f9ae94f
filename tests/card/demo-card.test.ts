import * as assert from 'uvu/assert';
import { createDemoCard, DEMO_CARD_KIND } from '../../card/demo-card.ts';
import { suite } from '../support/suite.ts';
import { bytes, dataOf, hex, swOf } from './hex.ts';

const test = suite('card/demo-card');

const SELECT_DEMO = '00 A4 04 00 09 F04B41525444454D4F 00';

test('a demo card powers on, selects KARTDEMO and reads its first record (T=1)', () => {
  const card = createDemoCard({ protocol: 'T=1' });
  assert.is(card.kind, DEMO_CARD_KIND);
  assert.is(card.powered, false);
  assert.is(hex(card.powerOn()), hex(card.atr));
  const fci = card.transmit(bytes(SELECT_DEMO));
  assert.is(swOf(fci), '9000');
  assert.ok(dataOf(fci).startsWith('6F'), 'FCI template 6F');
  assert.ok(dataOf(fci).includes(hex(new TextEncoder().encode('KART DEMO'))), 'application label');
  const record = card.transmit(bytes('00 B2 01 0C 00'));
  assert.is(swOf(record), '9000');
  assert.ok(dataOf(record).includes('5A089818000000000011'), 'PAN');
});

test('the default protocol is T=0, the first one the ATR offers', () => {
  const card = createDemoCard();
  card.powerOn();
  assert.is(card.protocol, 'T=0');
  assert.match(swOf(card.transmit(bytes(SELECT_DEMO))), /^61/);
});

test.run();
