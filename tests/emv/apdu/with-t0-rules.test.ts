import * as assert from 'uvu/assert';
import { suite } from '../../support/suite.ts';
import { withT0Rules } from '../../../emv/apdu/with-t0-rules.ts';
import { fromHex, toHex } from '../../../emv/tlv/hex.ts';
import { assertEmvErrorAsync } from '../assert-emv-error.ts';
import { PSE_FCI_HEX } from '../emv-examples.ts';
import { createFakeCard, type Exchange } from './fake-card.ts';

const test = suite('emv/apdu/with-t0-rules');
const FCI = PSE_FCI_HEX.replace(/\s/g, ''); // 28 bytes = 0x1C
const SELECT_PSE_4 = '00A404000E315041592E5359532E444446303100';
const SELECT_PSE_3 = '00A404000E315041592E5359532E4444463031';

interface Case {
  readonly name: string;
  readonly command: string;
  readonly script: readonly Exchange[];
  readonly result: string;
  readonly maxGetResponse?: number;
}

// Scripts follow EMV 4.4 Book 1, Annex A (A1..A7 exchanges of the TTL in T=0).
const cases: Case[] = [
  {
    name: 'case 2 answered at once passes through',
    command: '80CA9F3600',
    script: [['80CA9F3600', '9F360200199000']],
    result: '9F360200199000',
  },
  {
    name: 'case 1 passes through',
    command: '80CA9F36',
    script: [['80CA9F36', '6A88']],
    result: '6A88',
  },
  {
    name: 'case 4 goes out without Le, then 61xx → GET RESPONSE Le=xx (A6)',
    command: SELECT_PSE_4,
    script: [
      [SELECT_PSE_3, '611C'],
      ['00C000001C', FCI + '9000'],
    ],
    result: FCI + '9000',
  },
  {
    name: '61xx repeated: the data of every GET RESPONSE is concatenated',
    command: SELECT_PSE_4,
    script: [
      [SELECT_PSE_3, '6110'],
      ['00C0000010', FCI.slice(0, 32) + '610C'],
      ['00C000000C', FCI.slice(32) + '9000'],
    ],
    result: FCI + '9000',
  },
  {
    name: '6100 asks for 256 bytes with Le 00',
    command: '00B2010C00',
    script: [
      ['00B2010C00', '6100'],
      ['00C0000000', 'AB'.repeat(256) + '9000'],
    ],
    result: 'AB'.repeat(256) + '9000',
  },
  {
    name: 'case 2 with 6Cxx is re-sent with Le=xx (A4)',
    command: '00B2010C00',
    script: [
      ['00B2010C00', '6C1C'],
      ['00B2010C1C', FCI + '9000'],
    ],
    result: FCI + '9000',
  },
  {
    name: 'GET RESPONSE answered 6Cxx is re-sent with Le=xx',
    command: SELECT_PSE_4,
    script: [
      [SELECT_PSE_3, '6120'],
      ['00C0000020', '6C1C'],
      ['00C000001C', FCI + '9000'],
    ],
    result: FCI + '9000',
  },
  {
    name: 'case 4 warning without data → GET RESPONSE Le=00; the warning is returned with the data (A7)',
    command: SELECT_PSE_4,
    script: [
      [SELECT_PSE_3, '6283'],
      ['00C0000000', '6C1C'],
      ['00C000001C', FCI + '9000'],
    ],
    result: FCI + '6283',
  },
  {
    name: 'case 4 warning whose GET RESPONSE fails returns the error',
    command: SELECT_PSE_4,
    script: [
      [SELECT_PSE_3, '6300'],
      ['00C0000000', '6F00'],
    ],
    result: '6F00',
  },
  {
    name: 'case 3 with a warning is not followed by GET RESPONSE',
    command: '0020008008241234FFFFFFFFFF',
    script: [['0020008008241234FFFFFFFFFF', '63C2']],
    result: '63C2',
  },
  {
    name: 'case 4 with an error is returned as is',
    command: '00A4040007A000000003101000',
    script: [['00A4040007A0000000031010', '6A82']],
    result: '6A82',
  },
  {
    name: '6Cxx to a command without Le is returned as is',
    command: '0020008008241234FFFFFFFFFF',
    script: [['0020008008241234FFFFFFFFFF', '6C08']],
    result: '6C08',
  },
  {
    name: 'GET RESPONSE uses the logical channel of the command (first interindustry)',
    command: '01A4040007A000000003101000',
    script: [
      ['01A4040007A0000000031010', '6102'],
      ['01C0000002', '6F009000'],
    ],
    result: '6F009000',
  },
  {
    name: 'GET RESPONSE for a proprietary-class command on channel 2 is CLA 02',
    command: '82A8000002830000',
    script: [
      ['82A80000028300', '6104'],
      ['02C0000004', '800200009000'],
    ],
    result: '800200009000',
  },
  {
    name: 'GET RESPONSE on a further interindustry channel (5 → CLA 41)',
    command: '41B2010C00',
    script: [
      ['41B2010C00', '6101'],
      ['41C0000001', '019000'],
    ],
    result: '019000',
  },
  {
    name: 'extended case 4 is sent unchanged',
    command: '00A40400000007A00000000310100100',
    script: [['00A40400000007A00000000310100100', '9000']],
    result: '9000',
  },
  {
    name: 'exactly maxGetResponse extra exchanges are allowed',
    command: '00B2010C00',
    maxGetResponse: 2,
    script: [
      ['00B2010C00', '6101'],
      ['00C0000001', '016101'],
      ['00C0000001', '029000'],
    ],
    result: '01029000',
  },
];

for (const c of cases) {
  test(c.name, async () => {
    const card = createFakeCard(c.script);
    const trx = withT0Rules(card.trx, c.maxGetResponse === undefined ? {} : { maxGetResponse: c.maxGetResponse });
    assert.is(toHex(await trx(fromHex(c.command))), c.result);
    card.assertDone();
  });
}

test('a card answering 61xx forever stops at maxGetResponse with EMV_T0_CHAINING_LIMIT', async () => {
  const card = createFakeCard([
    ['00B2010C00', '6101'],
    ['00C0000001', '006101'],
    ['00C0000001', '006101'],
    ['00C0000001', '006101'],
  ]);
  await assertEmvErrorAsync(() => withT0Rules(card.trx, { maxGetResponse: 3 })(fromHex('00B2010C00')), 'EMV_T0_CHAINING_LIMIT');
  card.assertDone();
});

test('a card answering 6Cxx forever stops at the default limit of 32', async () => {
  const script: Exchange[] = [['00B2010C00', '6C10']];
  for (let i = 0; i < 32; i++) script.push(['00B2010C10', '6C10']);
  const card = createFakeCard(script);
  await assertEmvErrorAsync(() => withT0Rules(card.trx)(fromHex('00B2010C00')), 'EMV_T0_CHAINING_LIMIT');
  card.assertDone();
});

test('a response shorter than SW1 SW2 is EMV_RESPONSE_MALFORMED', async () => {
  const card = createFakeCard([
    [SELECT_PSE_3, '6110'],
    ['00C0000010', '90'],
  ]);
  await assertEmvErrorAsync(() => withT0Rules(card.trx)(fromHex(SELECT_PSE_4)), 'EMV_RESPONSE_MALFORMED');
  card.assertDone();
});

test('a malformed command is rejected before anything is sent', async () => {
  const card = createFakeCard([]);
  await assertEmvErrorAsync(() => withT0Rules(card.trx)(fromHex('00A4040007A000')), 'EMV_APDU_MALFORMED');
  card.assertDone();
});

test('the fake card fails on an unexpected command (the harness can fail)', async () => {
  const card = createFakeCard([['00B2010C00', '9000']]);
  try {
    await card.trx(fromHex('00B2020C00'));
    assert.unreachable('accepted a wrong command');
  } catch (error) {
    assert.match((error as Error).message, 'expected 00B2010C00, got 00B2020C00');
  }
});

test.run();
