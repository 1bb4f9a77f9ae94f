import * as assert from 'uvu/assert';
import { createHash } from 'node:crypto';
import { suite } from '../../support/suite.ts';
import { cardActionAnalysis } from '../../../emv/kernel/card-action-analysis.ts';
import { completion } from '../../../emv/kernel/completion.ts';
import { generateAc as runGenerateAc } from '../../../emv/kernel/generate-ac.ts';
import type { CryptogramType } from '../../../emv/kernel/terminal-action-analysis.ts';
import type { EmvErrorCode } from '../../../emv/errors.ts';
import { fromHex, toHex } from '../../../emv/tlv/hex.ts';
import { cdaIccDynamicData, signDynamicApplicationData, transactionDataHashCode } from '../../../emv/oda/index.ts';
import { testIccKey } from '../../card/emv-pay/payment-fixture.ts';
import { createFakeCard } from '../apdu/fake-card.ts';
import { assertEmvErrorAsync } from '../assert-emv-error.ts';
import { contextWith, generateAc, tlv } from './kernel-fixtures.ts';

const test = suite('emv/kernel/generate-ac');

const TERMINAL = { '9F02': '000000002500', '9F37': '11223344', '9A': '261122', '5F2A': '0818', '9C': '00', '8A': '3030' };
const CDOL1 = '9F02069F3704';
const CDOL1_DATA = '000000002500' + '11223344';
const AC = '0102030405060708';
const IAD = '0601010A03A0B000';
const format1 = (cid: string, atc = '0007') => tlv('80', cid + atc + AC + IAD) + '9000';
const format2 = (cid: string, atc = '0007') => tlv('77', tlv('9F27', cid) + tlv('9F36', atc) + tlv('9F26', AC) + tlv('9F10', IAD)) + '9000';

interface Row {
  readonly name: string;
  readonly requested: CryptogramType;
  readonly p1: string;
  readonly response: string;
  readonly cryptogram?: CryptogramType;
  readonly error?: EmvErrorCode;
}

const rows: Row[] = [
  { name: 'ARQC asked, format 1 ARQC', requested: 'ARQC', p1: '80', response: format1('80'), cryptogram: 'ARQC' },
  { name: 'ARQC asked, format 2 TC (an offline approval the terminal did not offer): fault', requested: 'ARQC', p1: '80', response: format2('40'), error: 'EMV_CARD_DATA_INVALID' },
  { name: 'ARQC asked, AAC', requested: 'ARQC', p1: '80', response: format2('00'), cryptogram: 'AAC' },
  { name: 'TC asked, AAC', requested: 'TC', p1: '40', response: format1('00'), cryptogram: 'AAC' },
  { name: 'TC asked, ARQC (the card goes online on its own: allowed)', requested: 'TC', p1: '40', response: format1('80'), cryptogram: 'ARQC' },
  { name: 'AAC asked, TC: fault', requested: 'AAC', p1: '00', response: format2('40'), error: 'EMV_CARD_DATA_INVALID' },
  { name: 'CID type 11 (RFU): fault', requested: 'ARQC', p1: '80', response: format1('C0'), error: 'EMV_CARD_DATA_INVALID' },
  { name: '6985: fault', requested: 'ARQC', p1: '80', response: '6985', error: 'EMV_CARD_REFUSED' },
  { name: 'format 1 too short: fault', requested: 'ARQC', p1: '80', response: tlv('80', '800007') + '9000', error: 'EMV_CARD_DATA_INVALID' },
  { name: 'format 2 without 9F36: fault', requested: 'ARQC', p1: '80', response: tlv('77', tlv('9F27', '80') + tlv('9F26', AC)) + '9000', error: 'EMV_CARD_DATA_INVALID' },
  { name: 'format 2 without 9F26 (no CDA): missing', requested: 'ARQC', p1: '80', response: tlv('77', tlv('9F27', '80') + tlv('9F36', '0001')) + '9000', error: 'EMV_CARD_DATA_MISSING' },
  { name: 'not a template: fault', requested: 'ARQC', p1: '80', response: '9F2701809000', error: 'EMV_CARD_DATA_INVALID' },
];

for (const row of rows) {
  test(`first GENERATE AC: ${row.name}`, async () => {
    const card = createFakeCard([[generateAc(row.p1, CDOL1_DATA), row.response]]);
    const context = contextWith(card.trx, { ...TERMINAL, '8C': CDOL1 });
    const run = () => cardActionAnalysis(context, { requested: row.requested, cdol1: fromHex(CDOL1), defaultTdol: fromHex('9F3704') });
    if (row.error) {
      await assertEmvErrorAsync(run, row.error);
    } else {
      const result = await run();
      assert.is(result.cryptogram, row.cryptogram);
      assert.is(toHex(context.data.get(0x9f26)!), AC);
      assert.is(toHex(context.data.get(0x9f36)!), '0007');
      assert.is(toHex(context.data.get(0x9f10)!), IAD);
      assert.is(toHex(context.tsi), '2000', 'card risk management performed');
    }
    card.assertDone();
  });
}

test('CDOL with the TC Hash Value: card TDOL hashed, default TDOL bit clear', async () => {
  const hash = createHash('sha1').update(fromHex('000000002500')).digest('hex').toUpperCase();
  const card = createFakeCard([[generateAc('40', hash + '11223344'), format1('40')]]);
  const context = contextWith(card.trx, { ...TERMINAL, '97': '9F0206' });
  await runGenerateAc(context, { type: 'TC', cdol: fromHex('98149F3704'), second: false, defaultTdol: fromHex('9F3704') });
  card.assertDone();
  assert.is(toHex(context.tvr), '0000000000');
});

test('CDOL with the TC Hash Value and no card TDOL: default TDOL used (TVR byte 5 b8), in the TVR sent', async () => {
  const hash = createHash('sha1').update(fromHex('11223344')).digest('hex').toUpperCase();
  const card = createFakeCard([[generateAc('40', hash + '0000000080'), format1('40')]]);
  const context = contextWith(card.trx, TERMINAL);
  await runGenerateAc(context, { type: 'TC', cdol: fromHex('98149505'), second: false, defaultTdol: fromHex('9F3704') });
  card.assertDone();
  assert.is(toHex(context.tvr), '0000000080');
});

test('second GENERATE AC (completion): TC asked with the ARC in CDOL2; ARQC answered is a fault', async () => {
  const ok = createFakeCard([[generateAc('40', '3030' + '11223344'), format1('40', '0008')]]);
  const context = contextWith(ok.trx, TERMINAL);
  const result = await completion(context, { requested: 'TC', cdol2: fromHex('8A029F3704'), defaultTdol: fromHex('9F3704') });
  assert.is(result.cryptogram, 'TC');
  ok.assertDone();
  const bad = createFakeCard([[generateAc('40', '3030' + '11223344'), format1('80', '0008')]]);
  await assertEmvErrorAsync(
    () => completion(contextWith(bad.trx, TERMINAL), { requested: 'TC', cdol2: fromHex('8A029F3704'), defaultTdol: fromHex('9F3704') }),
    'EMV_CARD_DATA_INVALID',
  );
});

test('CDA requested on a TC: P1 50; a response without 9F4B fails CDA (TVR byte 1 b3), nothing thrown', async () => {
  const card = createFakeCard([[generateAc('50', CDOL1_DATA), format2('40')]]);
  const context = contextWith(card.trx, TERMINAL);
  const result = await cardActionAnalysis(context, {
    requested: 'TC',
    cdol1: fromHex(CDOL1),
    cda: { iccPublicKey: { modulus: new Uint8Array(128).fill(0xc5), exponent: Uint8Array.of(3) }, pdolData: new Uint8Array() },
    defaultTdol: fromHex('9F3704'),
  });
  card.assertDone();
  assert.is(result.cdaVerified, false);
  assert.is(toHex(context.tvr), '0400000000');
});

test('CDA is never asked on an AAC: P1 00', async () => {
  const card = createFakeCard([[generateAc('00', CDOL1_DATA), format1('00')]]);
  const context = contextWith(card.trx, TERMINAL);
  const result = await cardActionAnalysis(context, {
    requested: 'AAC',
    cdol1: fromHex(CDOL1),
    cda: { iccPublicKey: { modulus: new Uint8Array(128).fill(0xc5), exponent: Uint8Array.of(3) }, pdolData: new Uint8Array() },
    defaultTdol: fromHex('9F3704'),
  });
  card.assertDone();
  assert.is(result.cdaVerified, undefined);
});

test('CDA verifies over the response objects as sent (a long-form length kept); 9F26 and 9F4C from the signature', async () => {
  const icc = testIccKey();
  // 9F10 with the non-minimal length 81 08, which re-encoding would shorten.
  const without = '9F270140' + '9F36020007' + '9F108108' + IAD;
  const hash = transactionDataHashCode(new Uint8Array(), fromHex(CDOL1_DATA), fromHex(without));
  const dynamic = cdaIccDynamicData({ iccDynamicNumber: fromHex('A1A2A3A4'), cryptogramInformationData: 0x40, applicationCryptogram: fromHex(AC), transactionDataHashCode: hash });
  const signed = toHex(signDynamicApplicationData(icc, dynamic, fromHex('11223344')));
  const card = createFakeCard([[generateAc('50', CDOL1_DATA), tlv('77', without + tlv('9F4B', signed)) + '9000']]);
  const context = contextWith(card.trx, TERMINAL);
  const result = await cardActionAnalysis(context, {
    requested: 'TC',
    cdol1: fromHex(CDOL1),
    cda: { iccPublicKey: icc.publicKey, pdolData: new Uint8Array() },
    defaultTdol: fromHex('9F3704'),
  });
  card.assertDone();
  assert.is(result.cdaVerified, true, context.steps.join('; '));
  assert.is(toHex(context.data.get(0x9f26)!), AC);
  assert.is(toHex(context.data.get(0x9f4c)!), 'A1A2A3A4');
  assert.is(toHex(context.tvr), '0000000000');
});

test.run();
