import * as assert from 'uvu/assert';
import { suite } from '../support/suite.ts';
import { createDemoCard } from '../../card/demo-card.ts';
import { createCardOs } from '../../card/card-os.ts';
import { createSimCardReader } from '../../terminal/hal/sim/sim-card-reader.ts';
import { openCardSession } from '../../terminal/card-session.ts';
import { runCardCheck } from '../../terminal/card-check.ts';
import type { VirtualCard } from '../../card/virtual-card.ts';
import type { CardProtocol } from '../../terminal/hal/card-reader.ts';

const test = suite('terminal/card-check');
const READER = 'Kart Sim Reader 0';

async function sessionWith(card: VirtualCard, protocols?: CardProtocol[]) {
  const reader = createSimCardReader({ readers: [READER] });
  reader.insertCard(READER, card);
  const connection = await reader.connect(READER, protocols ? { protocols } : {});
  return openCardSession(connection);
}

for (const protocol of ['T0', 'T1'] as const) {
  test(`the right PIN checks the card and counts one transaction (${protocol})`, async () => {
    const session = await sessionWith(createDemoCard({ pin: '4321', cardholderName: 'SAMIA/HASSAN', pan: '9818123456789012' }), [protocol]);
    assert.is(session.connection.protocol, protocol);
    const result = await runCardCheck(session.transceive, '4321');
    assert.equal(result, {
      ok: true,
      outcome: 'CARD_CHECKED',
      label: 'KART DEMO',
      cardholderName: 'SAMIA/HASSAN',
      panMasked: '************9012',
      expiry: '2029-12-31',
      pinTriesLeft: 3,
      atcBefore: 0,
      atcAfter: 1,
    });
    // Under T=0 the card answered 61xx/6Cxx and the session fetched or re-sent below the check; under T=1 never.
    const t0Answers = session.exchanges.filter((e) => e.rapdu && [0x61, 0x6c].includes(e.rapdu[e.rapdu.length - 2]!));
    assert.is(t0Answers.length > 0, protocol === 'T0');
  });
}

test('a wrong PIN is PIN_WRONG with the tries left; the third blocks it', async () => {
  const session = await sessionWith(createDemoCard());
  const first = await runCardCheck(session.transceive, '0000');
  assert.is(first.outcome, 'PIN_WRONG');
  assert.is(first.pinTriesLeft, 2);
  assert.is((await runCardCheck(session.transceive, '0000')).pinTriesLeft, 1);
  const third = await runCardCheck(session.transceive, '0000');
  assert.is(third.outcome, 'PIN_WRONG');
  assert.is(third.pinTriesLeft, 0);
  const blocked = await runCardCheck(session.transceive, '1234');
  assert.is(blocked.outcome, 'PIN_BLOCKED');
  assert.is(blocked.ok, false);
});

test('a card without the demo application is APP_NOT_FOUND', async () => {
  const session = await sessionWith(createCardOs({ applets: [] }));
  const result = await runCardCheck(session.transceive, '1234');
  assert.is(result.outcome, 'APP_NOT_FOUND');
});

test('the session keeps every exchange with times relative to its start', async () => {
  const session = await sessionWith(createDemoCard());
  await runCardCheck(session.transceive, '1234');
  assert.ok(session.exchanges.length >= 6);
  for (const e of session.exchanges) {
    assert.ok(e.at! >= 0 && e.at! < 60_000_000, `at ${e.at}`);
    assert.ok(e.rapdu && e.rapdu.length >= 2);
  }
});

test.run();
