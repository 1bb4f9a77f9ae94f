import * as assert from 'uvu/assert';
import { suite } from '../../support/suite.ts';
import { initiateApplicationProcessing } from '../../../emv/kernel/initiate-application-processing.ts';
import { fromHex, toHex } from '../../../emv/tlv/hex.ts';
import type { EmvErrorCode } from '../../../emv/errors.ts';
import { createFakeCard } from '../apdu/fake-card.ts';
import { assertEmvErrorAsync } from '../assert-emv-error.ts';
import { contextWith, gpo, tlv } from './kernel-fixtures.ts';

const test = suite('emv/kernel/initiate-application-processing');

const TERMINAL = { '9F02': '000000001500', '5F2A': '0818', '9F1A': '0818', '9F37': '11223344' };
const AFL = '08010300' + '10010201';

interface Row {
  readonly name: string;
  readonly pdol?: string;
  readonly command: string;
  readonly response: string;
  readonly aip?: string;
  readonly afl?: string;
  readonly notSatisfied?: boolean;
  readonly error?: EmvErrorCode;
}

const rows: Row[] = [
  { name: 'no PDOL: 83 00, format 1', command: gpo(), response: tlv('80', '5C00' + AFL) + '9000', aip: '5C00', afl: AFL },
  {
    name: 'PDOL amount, currency, UN: data in PDOL order, format 2',
    pdol: '9F02065F2A029F3704',
    command: gpo('000000001500' + '0818' + '11223344'),
    response: tlv('77', tlv('82', '3900') + tlv('94', AFL)) + '9000',
    aip: '3900',
    afl: AFL,
  },
  {
    name: 'PDOL asks for a tag the terminal lacks: zeroes',
    pdol: '9F3501' + '9F1A02',
    command: gpo('00' + '0818'),
    response: tlv('80', '1800' + '08010100') + '9000',
    aip: '1800',
    afl: '08010100',
  },
  { name: 'format 1 with only the AIP: empty AFL', command: gpo(), response: tlv('80', '1800') + '9000', aip: '1800', afl: '' },
  { name: '6985: conditions of use not satisfied', command: gpo(), response: '6985', notSatisfied: true },
  { name: '6A81: card fault', command: gpo(), response: '6A81', error: 'EMV_CARD_REFUSED' },
  { name: 'format 1 with one byte: invalid', command: gpo(), response: tlv('80', '18') + '9000', error: 'EMV_CARD_DATA_INVALID' },
  { name: 'AFL not a multiple of 4: invalid', command: gpo(), response: tlv('80', '1800080101') + '9000', error: 'EMV_CARD_DATA_INVALID' },
  { name: 'format 2 without the AFL: missing', command: gpo(), response: tlv('77', tlv('82', '1800')) + '9000', error: 'EMV_CARD_DATA_MISSING' },
  { name: 'format 2 with a 3-byte AIP: invalid', command: gpo(), response: tlv('77', tlv('82', '180000') + tlv('94', AFL)) + '9000', error: 'EMV_CARD_DATA_INVALID' },
  { name: 'neither 80 nor 77: invalid', command: gpo(), response: tlv('70', tlv('82', '1800')) + '9000', error: 'EMV_CARD_DATA_INVALID' },
  { name: 'truncated TLV: invalid', command: gpo(), response: '800A1800' + '9000', error: 'EMV_CARD_DATA_INVALID' },
  { name: 'malformed PDOL: invalid before any command', pdol: '9F', command: '', response: '', error: 'EMV_CARD_DATA_INVALID' },
];

for (const row of rows) {
  test(row.name, async () => {
    const card = createFakeCard(row.command ? [[row.command, row.response]] : []);
    const context = contextWith(card.trx, TERMINAL);
    const run = () => initiateApplicationProcessing(context, row.pdol === undefined ? undefined : fromHex(row.pdol));
    if (row.error) {
      await assertEmvErrorAsync(run, row.error);
    } else {
      const result = await run();
      if (row.notSatisfied) {
        assert.equal(result, { ok: false, outcome: 'CONDITIONS_NOT_SATISFIED' });
      } else {
        assert.ok(result.ok);
        if (!result.ok) return;
        assert.is(toHex(result.aip), row.aip);
        assert.is(toHex(result.afl), row.afl);
        assert.is(toHex(context.data.get(0x82)!), row.aip);
      }
    }
    card.assertDone();
  });
}

test.run();
