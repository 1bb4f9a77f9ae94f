/** runEmvTransaction over scripted cards: the exact APDUs of a whole transaction, reselection, and card faults. */
import * as assert from 'uvu/assert';
import { suite } from '../../support/suite.ts';
import { EmvError } from '../../../emv/errors.ts';
import { runEmvTransaction, type EmvTransactionIo } from '../../../emv/kernel/run-emv-transaction.ts';
import type { EmvTerminalConfig } from '../../../emv/kernel/terminal-config.ts';
import { fromHex, toHex } from '../../../emv/tlv/hex.ts';
import { createFakeCard, type Exchange } from '../apdu/fake-card.ts';
import { app, fci, gpo, generateAc, KARTPAY_HEX, PSE_HEX, readRecord, select, testConfig, tlv } from './kernel-fixtures.ts';

const test = suite('emv/kernel/run-emv-transaction-script');

const B = 'A0000009992020';
const UN = '11223344';
const NOW = new Date('2026-11-22T10:30:00Z');
/** No ODA, no forced online: zero TACs so a clean card may approve offline. */
const CONFIG: EmvTerminalConfig = testConfig({
  tacOnline: fromHex('0000000000'),
  tacDefault: fromHex('0000000000'),
  applications: [app(KARTPAY_HEX), app(B)],
});
const ZERO_IACS = tlv('9F0D', '0000000000') + tlv('9F0E', '0000000000') + tlv('9F0F', '0000000000');
const RECORD =
  tlv('70', tlv('5A', '8188880000000017') + tlv('5F24', '301231') + tlv('5F34', '01') + tlv('8C', '9F02069F37049505') + tlv('8D', '8A029F3704') + tlv('8E', '00000000000000001F00') + ZERO_IACS) + '9000';
const AC = '0102030405060708';

function io(trx: EmvTransactionIo['trx']): EmvTransactionIo {
  return {
    trx,
    pinPad: async () => assert.unreachable('no PIN') as never,
    biometricVerifier: async () => assert.unreachable('no finger') as never,
    goOnline: async () => assert.unreachable('not online') as never,
    random: () => 0.99,
    randomBytes: () => fromHex(UN),
  };
}

/** The whole offline transaction, exchange by exchange. */
const OFFLINE: Exchange[] = [
  [select(PSE_HEX), '6A82'],
  [select(KARTPAY_HEX), fci(KARTPAY_HEX, tlv('9F38', '9F3501')) + '9000'],
  [select(B), '6A82'],
  [select(KARTPAY_HEX), fci(KARTPAY_HEX, tlv('9F38', '9F3501')) + '9000'],
  [gpo('22'), tlv('80', '1800' + '08010100') + '9000'],
  [readRecord(1, 1), RECORD],
  // See Book 3, 10.8: CDOL1 9F02 9F37 95: 25.00, the UN, TVR 'ODA not performed'.
  [generateAc('40', '000000002500' + UN + '8000000000'), tlv('80', '40' + '0001' + AC) + '9000'],
];

test('offline approval, exact APDUs: list of AIDs, GPO format 1, no ODA, no CVM, TRM, TC', async () => {
  const card = createFakeCard(OFFLINE);
  const result = await runEmvTransaction(CONFIG, { amountAuthorised: 2_500, now: NOW }, io(card.trx));
  card.assertDone();
  assert.is(result.outcome, 'approved', result.steps.join(' | '));
  assert.is(result.reasonCode, 'OFFLINE_APPROVED');
  assert.is(result.cryptogramType, 'TC');
  assert.is(result.online, false);
  assert.is(toHex(result.tvr), '8000000000');
  assert.is(toHex(result.tsi), '6800', 'CVM, card RM, TRM performed');
  assert.is(toHex(result.cvmResults), '1F0002');
  const hex = (tag: number) => toHex(result.data.get(tag)!);
  assert.is(hex(0x9f26), AC);
  assert.is(hex(0x9f27), '40');
  assert.is(hex(0x9f36), '0001');
  assert.is(hex(0x95), '8000000000');
  assert.is(hex(0x9b), '6800');
  assert.is(hex(0x9a), '261122');
  assert.is(hex(0x9f21), '103000');
  assert.is(hex(0x9c), '00');
  assert.is(hex(0x9f02), '000000002500');
  assert.is(hex(0x5f2a), '0818');
  assert.is(hex(0x9f1a), '0818');
  assert.is(hex(0x82), '1800');
  assert.is(hex(0x9f34), '1F0002');
  assert.is(hex(0x9f37), UN);
  assert.is(hex(0x5a), '8188880000000017');
  assert.is(hex(0x84), KARTPAY_HEX);
  assert.is(hex(0x4f), KARTPAY_HEX);
  assert.ok(result.steps.length >= 8, 'a readable log of the steps');
});

test('GPO 6985 on the first application: removed, the next candidate selected and used', async () => {
  const card = createFakeCard([
    [select(PSE_HEX), '6A82'],
    [select(KARTPAY_HEX), fci(KARTPAY_HEX, tlv('87', '01')) + '9000'],
    [select(B), fci(B, tlv('87', '02')) + '9000'],
    [select(KARTPAY_HEX), fci(KARTPAY_HEX, tlv('87', '01')) + '9000'],
    [gpo(), '6985'],
    [select(B), fci(B, tlv('87', '02')) + '9000'],
    [gpo(), tlv('80', '1800' + '08010100') + '9000'],
    [readRecord(1, 1), RECORD],
    [generateAc('40', '000000002500' + UN + '8000000000'), tlv('80', '40' + '0001' + AC) + '9000'],
  ]);
  let asked = 0;
  const result = await runEmvTransaction(CONFIG, { amountAuthorised: 2_500, now: NOW }, {
    ...io(card.trx),
    chooseApplication: async () => {
      asked++;
      return 0;
    },
  });
  card.assertDone();
  assert.is(asked, 1, 'asked while there were two candidates');
  assert.is(result.outcome, 'approved', result.steps.join(' | '));
  assert.is(toHex(result.data.get(0x84)!), B);
});

interface FaultRow {
  readonly name: string;
  readonly script: readonly Exchange[];
  readonly reasonCode: string;
}

const faults: FaultRow[] = [
  { name: 'card blocked (6A81)', script: [[select(PSE_HEX), '6A81']], reasonCode: 'EMV_CARD_REFUSED' },
  { name: 'no application', script: [[select(PSE_HEX), '6A82'], [select(KARTPAY_HEX), '6A82'], [select(B), '6A82']], reasonCode: 'EMV_NO_APPLICATION' },
  { name: 'GPO answers 6A80', script: [...OFFLINE.slice(0, 4), [gpo('22'), '6A80']], reasonCode: 'EMV_CARD_REFUSED' },
  { name: 'READ RECORD answers 6A83', script: [...OFFLINE.slice(0, 5), [readRecord(1, 1), '6A83']], reasonCode: 'EMV_CARD_REFUSED' },
  { name: 'READ RECORD truncated TLV', script: [...OFFLINE.slice(0, 5), [readRecord(1, 1), RECORD.slice(0, 30) + '9000']], reasonCode: 'EMV_CARD_DATA_INVALID' },
  { name: 'a one-byte response', script: [...OFFLINE.slice(0, 5), [readRecord(1, 1), '90']], reasonCode: 'EMV_RESPONSE_MALFORMED' },
  { name: 'GENERATE AC answers an RFU cryptogram type (CID C0)', script: [...OFFLINE.slice(0, 6), [OFFLINE[6]![0], tlv('80', 'C0' + '0001' + AC) + '9000']], reasonCode: 'EMV_CARD_DATA_INVALID' },
];

for (const row of faults) {
  test(`card fault ends as 'terminated': ${row.name}`, async () => {
    const card = createFakeCard(row.script);
    const result = await runEmvTransaction(CONFIG, { amountAuthorised: 2_500, now: NOW }, io(card.trx));
    card.assertDone();
    assert.is(result.outcome, 'terminated');
    assert.is(result.reasonCode, row.reasonCode, result.reason);
    assert.ok(result.reason.length > 0);
    assert.ok(result.steps.at(-1)!.startsWith('terminated'));
  });
}

test("the transceiver's own errors propagate unchanged, even an EmvError", async () => {
  const failure = new Error('reader unplugged');
  await runEmvTransaction(CONFIG, { amountAuthorised: 2_500, now: NOW }, io(async () => {
    throw failure;
  })).then(
    () => assert.unreachable('must throw'),
    (error) => assert.is(error, failure),
  );
  const t0 = new EmvError('EMV_T0_CHAINING_LIMIT', 'too many 61xx');
  let calls = 0;
  await runEmvTransaction(CONFIG, { amountAuthorised: 2_500, now: NOW }, io(async () => {
    if (++calls === 2) throw t0;
    return fromHex('6A82');
  })).then(
    () => assert.unreachable('must throw'),
    (error) => assert.is(error, t0),
  );
});

test.run();
