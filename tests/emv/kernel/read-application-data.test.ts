import * as assert from 'uvu/assert';
import { suite } from '../../support/suite.ts';
import { parseAfl, readApplicationData } from '../../../emv/kernel/read-application-data.ts';
import { fromHex, toHex } from '../../../emv/tlv/hex.ts';
import type { EmvErrorCode } from '../../../emv/errors.ts';
import { createFakeCard, type Exchange } from '../apdu/fake-card.ts';
import { assertEmvError, assertEmvErrorAsync } from '../assert-emv-error.ts';
import { contextWith, readRecord, tlv } from './kernel-fixtures.ts';

const test = suite('emv/kernel/read-application-data');

const PAN = tlv('5A', '4761739001010119');
const EXPIRY = tlv('5F24', '301231');
const CDOL1 = tlv('8C', '9F02069F03069F1A0295055F2A029A039C019F3704');
const CDOL2 = tlv('8D', '8A029F3704');
const rec = (body: string): string => tlv('70', body) + '9000';

interface Row {
  readonly name: string;
  readonly afl: string;
  readonly script: readonly Exchange[];
  readonly odaSfis?: readonly number[];
  readonly error?: EmvErrorCode;
}

const rows: Row[] = [
  {
    name: 'two files, the first record of each for ODA',
    afl: '08010201' + '10010101',
    script: [
      [readRecord(1, 1), rec(PAN + EXPIRY)],
      [readRecord(1, 2), rec(CDOL1 + CDOL2)],
      [readRecord(2, 1), rec(tlv('8F', '01'))],
    ],
    odaSfis: [1, 2],
  },
  {
    name: 'SFI 11 record in a proprietary format kept for ODA, not parsed',
    afl: '08010100' + '58010101',
    script: [
      [readRecord(1, 1), rec(PAN + EXPIRY + CDOL1 + CDOL2)],
      [readRecord(11, 1), 'DEADBEEF9000'],
    ],
    odaSfis: [11],
  },
  {
    name: 'READ RECORD answered 6A83: terminate',
    afl: '08010200',
    script: [[readRecord(1, 1), rec(PAN + EXPIRY + CDOL1 + CDOL2)], [readRecord(1, 2), '6A83']],
    error: 'EMV_CARD_REFUSED',
  },
  {
    name: 'a record that is not a 70 template: terminate',
    afl: '08010100',
    script: [[readRecord(1, 1), tlv('77', PAN) + '9000']],
    error: 'EMV_CARD_DATA_INVALID',
  },
  {
    name: 'a record with trailing data after 70: terminate',
    afl: '08010100',
    script: [[readRecord(1, 1), tlv('70', PAN + EXPIRY + CDOL1 + CDOL2) + tlv('5A', '12') + '9000']],
    error: 'EMV_CARD_DATA_INVALID',
  },
  {
    name: 'a truncated record: terminate',
    afl: '08010100',
    script: [[readRecord(1, 1), '70105A0847617390' + '9000']],
    error: 'EMV_CARD_DATA_INVALID',
  },
  {
    name: 'the PAN twice (duplicate data object): terminate',
    afl: '08010200',
    script: [[readRecord(1, 1), rec(PAN + EXPIRY)], [readRecord(1, 2), rec(PAN + CDOL1 + CDOL2)]],
    error: 'EMV_CARD_DATA_INVALID',
  },
  {
    name: 'no CDOL2: mandatory data missing',
    afl: '08010100',
    script: [[readRecord(1, 1), rec(PAN + EXPIRY + CDOL1)]],
    error: 'EMV_CARD_DATA_MISSING',
  },
  {
    name: 'no expiry date: mandatory data missing',
    afl: '08010100',
    script: [[readRecord(1, 1), rec(PAN + CDOL1 + CDOL2)]],
    error: 'EMV_CARD_DATA_MISSING',
  },
  {
    name: 'a PAN with a non-digit: invalid',
    afl: '08010100',
    script: [[readRecord(1, 1), rec(tlv('5A', '47617390A1010119') + EXPIRY + CDOL1 + CDOL2)]],
    error: 'EMV_CARD_DATA_INVALID',
  },
  {
    name: 'a malformed CDOL1: invalid',
    afl: '08010100',
    script: [[readRecord(1, 1), rec(PAN + EXPIRY + tlv('8C', '9F02069F') + CDOL2)]],
    error: 'EMV_CARD_DATA_INVALID',
  },
];

for (const row of rows) {
  test(row.name, async () => {
    const card = createFakeCard(row.script);
    const context = contextWith(card.trx);
    if (row.error) {
      await assertEmvErrorAsync(() => readApplicationData(context, fromHex(row.afl)), row.error);
    } else {
      const { odaRecords } = await readApplicationData(context, fromHex(row.afl));
      assert.equal(odaRecords.map((r) => r.sfi), row.odaSfis);
      assert.is(toHex(context.data.get(0x5a)!), '4761739001010119');
    }
    card.assertDone();
  });
}

for (const [name, afl] of [
  ['SFI 0', '00010100'],
  ['SFI 31', 'F8010100'],
  ['first record 0', '08000100'],
  ['last before first', '08020100'],
  ['more ODA records than records', '08010203'],
  ['low bits of byte 1 set', '09010100'],
  ['length not a multiple of 4', '080101'],
] as const) {
  test(`AFL ${name}: EMV_CARD_DATA_INVALID`, () => {
    assertEmvError(() => parseAfl(fromHex(afl)), 'EMV_CARD_DATA_INVALID');
  });
}

test('AFL entries decode', () => {
  assert.equal(parseAfl(fromHex('08010301' + '180A0A00')), [
    { sfi: 1, firstRecord: 1, lastRecord: 3, odaRecords: 1 },
    { sfi: 3, firstRecord: 10, lastRecord: 10, odaRecords: 0 },
  ]);
});

test.run();
