import * as assert from 'uvu/assert';
import { suite } from '../../support/suite.ts';
import { processingRestrictions, type ProcessingRestrictionsInput } from '../../../emv/kernel/processing-restrictions.ts';
import { fromHex, toHex } from '../../../emv/tlv/hex.ts';
import { createFakeCard } from '../apdu/fake-card.ts';
import { assertEmvError } from '../assert-emv-error.ts';
import { contextWith } from './kernel-fixtures.ts';

const test = suite('emv/kernel/processing-restrictions');

const BASE: ProcessingRestrictionsInput = {
  terminalApplicationVersion: fromHex('0001'),
  terminalCountryCode: 818,
  transactionType: 'purchase',
  transactionDate: '2026-11-22',
};

interface Row {
  readonly name: string;
  /** Card data, tag hex → value hex. */
  readonly card: Record<string, string>;
  readonly input?: Partial<ProcessingRestrictionsInput>;
  readonly tvr: string;
}

/** AUC byte 1: domestic cash, goods and services, valid at ATMs and elsewhere. See Book 3, Annex C2. */
const DOMESTIC_GOODS = 'AB00';
const rows: Row[] = [
  { name: 'nothing to check', card: {}, tvr: '0000000000' },
  { name: 'same version, valid dates, domestic goods allowed', card: { '9F08': '0001', '5F25': '250101', '5F24': '301231', '9F07': DOMESTIC_GOODS, '5F28': '0818' }, tvr: '0000000000' },
  { name: 'different versions', card: { '9F08': '0002' }, tvr: '0080000000' },
  { name: 'expired yesterday', card: { '5F24': '261121' }, tvr: '0040000000' },
  { name: 'expiring today is not expired', card: { '5F24': '261122' }, tvr: '0000000000' },
  { name: 'effective tomorrow', card: { '5F25': '261123' }, tvr: '0020000000' },
  { name: 'expired and not yet effective both flagged', card: { '5F25': '270101', '5F24': '250101' }, tvr: '0060000000' },
  { name: 'international card, AUC domestic goods only', card: { '9F07': '2100', '5F28': '0840' }, tvr: '0010000000' },
  { name: 'international card, AUC international goods', card: { '9F07': '1100', '5F28': '0840' }, tvr: '0000000000' },
  { name: 'AUC not valid at terminals other than ATMs', card: { '9F07': 'A200', '5F28': '0818' }, tvr: '0010000000' },
  { name: 'AUC without issuer country: only the ATM check', card: { '9F07': '0100' }, tvr: '0000000000' },
  { name: 'domestic cash not allowed', card: { '9F07': '2100', '5F28': '0818' }, input: { transactionType: 'cash' }, tvr: '0010000000' },
  { name: 'domestic cashback allowed', card: { '9F07': '2180', '5F28': '0818' }, input: { transactionType: 'purchase-with-cashback' }, tvr: '0000000000' },
  { name: 'domestic cashback not allowed', card: { '9F07': '2140', '5F28': '0818' }, input: { transactionType: 'purchase-with-cashback' }, tvr: '0010000000' },
];

for (const row of rows) {
  test(row.name, () => {
    const context = contextWith(createFakeCard([]).trx, row.card);
    processingRestrictions(context, { ...BASE, ...row.input });
    assert.is(toHex(context.tvr), row.tvr);
    assert.is(context.steps.length, 1);
  });
}

for (const [name, card] of [
  ['a month 13 expiry', { '5F24': '261301' }],
  ['a non-BCD effective date', { '5F25': '26AB01' }],
  ['a 1-byte AUC', { '9F07': '21' }],
  ['a non-BCD issuer country', { '9F07': '2100', '5F28': '0A18' }],
] as const) {
  test(`${name}: EMV_CARD_DATA_INVALID`, () => {
    const context = contextWith(createFakeCard([]).trx, card);
    assertEmvError(() => processingRestrictions(context, BASE), 'EMV_CARD_DATA_INVALID');
  });
}

test.run();
