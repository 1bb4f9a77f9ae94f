import * as assert from 'uvu/assert';
import { suite } from '../../support/suite.ts';
import { buildResponseApdu, parseResponseApdu } from '../../../emv/apdu/response-apdu.ts';
import { fromHex, toHex } from '../../../emv/tlv/hex.ts';
import { assertEmvError } from '../assert-emv-error.ts';
import { GPO_FORMAT2_HEX } from '../emv-examples.ts';

const test = suite('emv/apdu/response-apdu');

test('splits data and status', () => {
  const r = parseResponseApdu(fromHex(GPO_FORMAT2_HEX + '9000'));
  assert.is(toHex(r.data), GPO_FORMAT2_HEX.replace(/\s/g, ''));
  assert.equal([r.sw1, r.sw2, r.sw], [0x90, 0x00, 0x9000]);
});

test('status only', () => {
  const r = parseResponseApdu(fromHex('6A82'));
  assert.equal([toHex(r.data), r.sw1, r.sw2, r.sw], ['', 0x6a, 0x82, 0x6a82]);
});

test('shorter than two bytes → EMV_RESPONSE_MALFORMED', () => {
  assertEmvError(() => parseResponseApdu(new Uint8Array()), 'EMV_RESPONSE_MALFORMED', 0);
  assertEmvError(() => parseResponseApdu(fromHex('90')), 'EMV_RESPONSE_MALFORMED', 1);
});

test('buildResponseApdu', () => {
  assert.is(toHex(buildResponseApdu(fromHex('0102'), 0x6310)), '01026310');
  assert.is(toHex(buildResponseApdu(new Uint8Array(), 0x9000)), '9000');
  assertEmvError(() => buildResponseApdu(new Uint8Array(), 0x10000), 'EMV_RESPONSE_MALFORMED');
  assertEmvError(() => buildResponseApdu(new Uint8Array(), -1), 'EMV_RESPONSE_MALFORMED');
});

test.run();
