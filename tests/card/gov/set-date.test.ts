import * as assert from 'uvu/assert';
import { decodeEntitlementState } from '../../../card/gov/entitlement-state.ts';
import { monthOfDay, yymmddToDay } from '../../../card/gov/gov-date.ts';
import * as T from '../../../card/gov/gov-tags.ts';
import { suite } from '../../support/suite.ts';
import { cmd, day, govCard, ISSUE_DAY, send, signedLoad, valueOf, verified } from './gov-fixture.ts';
import type { CardOs } from '../../../card/card-os.ts';

const test = suite('card/gov/set-date');

const counters = (card: CardOs) =>
  decodeEntitlementState(valueOf(valueOf(send(card, cmd.readData(T.TAG_BF45_COUNTERS)).data, T.TAG_BF45_COUNTERS), T.TAG_DF46_ENTITLEMENT_STATE));
const lastDate = (card: CardOs): number | undefined => yymmddToDay(valueOf(send(card, cmd.readData(T.TAG_DF48_LAST_DATE)).data, T.TAG_DF48_LAST_DATE));

test('the date may stay or move on, never go back', () => {
  const card = govCard();
  assert.is(send(card, cmd.setDate(ISSUE_DAY)).sw, 0x9000);
  assert.is(send(card, cmd.setDate(ISSUE_DAY + 2)).sw, 0x9000);
  assert.is(lastDate(card), ISSUE_DAY + 2);
  assert.is(send(card, cmd.setDate(ISSUE_DAY + 1)).sw, 0x9d07);
  assert.is(lastDate(card), ISSUE_DAY + 2);
  assert.is(send(card, cmd.setDate(ISSUE_DAY - 400)).sw, 0x9d07);
});

test('malformed dates: 6A80; wrong P1-P2: 6A86', () => {
  const card = govCard();
  for (const data of [[0x9a, 0x03, 0x26, 0x02, 0x30], [0x9a, 0x02, 0x26, 0x03], [0x5f, 0x24, 0x03, 0x26, 0x03, 0x10], [0x9a, 0x03, 0x26, 0x1a, 0x01]]) {
    assert.is(send(card, Uint8Array.of(0x80, 0xda, 0x00, 0x00, data.length, ...data)).sw, 0x6a80, Buffer.from(data).toString('hex'));
  }
  assert.is(send(card, Uint8Array.of(0x80, 0xda, 0x01, 0x00, 0x05, 0x9a, 0x03, 0x26, 0x03, 0x10)).sw, 0x6a86);
});

test('a new month turns the counters: uncollected bread becomes points, spendable on ration goods', () => {
  const card = verified(govCard({ beneficiaries: 1, services: { bread: day('2026-03-30'), ration: ISSUE_DAY } }));
  assert.is(send(card, cmd.debitBread(day('2026-03-30'), 3)).sw, 0x9000);
  assert.is(send(card, cmd.setDate(day('2026-04-02'))).sw, 0x9000);
  const april = counters(card);
  assert.is(april.month, monthOfDay(day('2026-04-02')));
  assert.is(april.pointsPiastres, (10 - 3) * 10, '30th and 31st of March: 10 loaves, 3 collected');
  assert.is(april.rationLoaded, false, 'April is not loaded yet');
  assert.is(send(card, cmd.debitRation(day('2026-04-02'), [[1, 1]])).sw, 0x9d0c);
});

test('a load waiting for a later month applies when that month comes', () => {
  const card = verified(govCard());
  const april = monthOfDay(day('2026-04-01'));
  assert.is(send(card, cmd.load(signedLoad({ sequence: 2, month: april, rationPiastres: 12_345 }))).sw, 0x9000);
  assert.is(counters(card).rationPiastres, 20_000, 'March unchanged');
  assert.is(send(card, cmd.setDate(day('2026-04-01'))).sw, 0x9000);
  const state = counters(card);
  assert.equal([state.month, state.rationLoaded, state.rationPiastres], [april, true, 12_345]);
});

test.run();
