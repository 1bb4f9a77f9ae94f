import * as assert from 'uvu/assert';
import { suite } from '../../support/suite.ts';
import {
  decodeCn,
  decodeN,
  decodeText,
  encodeCn,
  encodeN,
  encodeText,
  isValidFormat,
} from '../../../emv/tlv/data-format.ts';
import { fromHex, toHex } from '../../../emv/tlv/hex.ts';
import { assertEmvError } from '../assert-emv-error.ts';

const test = suite('emv/tlv/data-format');

test('encodeN right-justifies BCD with leading zeros', () => {
  assert.is(toHex(encodeN(1500, 6)), '000000001500');
  assert.is(toHex(encodeN('818', 2)), '0818');
  assert.is(toHex(encodeN(123456789012n, 6)), '123456789012');
  assert.is(toHex(encodeN('', 1)), '00');
  assert.is(toHex(encodeN('000012', 1)), '12');
  assert.is(toHex(encodeN(0, 0)), '');
});

test('encodeN rejects overflow, negatives, fractions and non-digits', () => {
  assertEmvError(() => encodeN(1000, 1), 'EMV_FORMAT_INVALID');
  assertEmvError(() => encodeN(-1, 2), 'EMV_FORMAT_INVALID');
  assertEmvError(() => encodeN(1.5, 2), 'EMV_FORMAT_INVALID');
  assertEmvError(() => encodeN('12a', 2), 'EMV_FORMAT_INVALID');
  assertEmvError(() => encodeN(-5n, 2), 'EMV_FORMAT_INVALID');
  assertEmvError(() => encodeN(1, -1), 'EMV_FORMAT_INVALID');
});

test('decodeN keeps leading zeros and rejects nibbles above 9', () => {
  assert.is(decodeN(fromHex('000000001500')), '000000001500');
  assert.is(decodeN(new Uint8Array()), '');
  assertEmvError(() => decodeN(fromHex('001A')), 'EMV_FORMAT_INVALID');
  assertEmvError(() => decodeN(fromHex('F0')), 'EMV_FORMAT_INVALID');
});

test('encodeCn left-justifies with trailing F', () => {
  assert.is(toHex(encodeCn('4761739001010010', 10)), '4761739001010010FFFF');
  assert.is(toHex(encodeCn('12345', 3)), '12345F');
  assert.is(toHex(encodeCn('', 2)), 'FFFF');
  assertEmvError(() => encodeCn('123', 1), 'EMV_FORMAT_INVALID');
  assertEmvError(() => encodeCn('12D4', 2), 'EMV_FORMAT_INVALID');
});

test('decodeCn strips the F padding and rejects digits after it', () => {
  assert.is(decodeCn(fromHex('12345F')), '12345');
  assert.is(decodeCn(fromHex('4761739001010010')), '4761739001010010');
  assert.is(decodeCn(fromHex('FFFF')), '');
  assertEmvError(() => decodeCn(fromHex('1F2F')), 'EMV_FORMAT_INVALID');
  assertEmvError(() => decodeCn(fromHex('12D4')), 'EMV_FORMAT_INVALID');
});

test('encodeText left-justifies with trailing zeros and checks the character set', () => {
  assert.is(toHex(encodeText('ans', 'VISA', 6)), '564953410000');
  assert.is(toHex(encodeText('an', 'Y1', 2)), '5931');
  assert.is(toHex(encodeText('a', 'EG', 2)), '4547');
  assertEmvError(() => encodeText('an', 'A B', 3), 'EMV_FORMAT_INVALID');
  assertEmvError(() => encodeText('a', 'E1', 2), 'EMV_FORMAT_INVALID');
  assertEmvError(() => encodeText('ans', 'é', 2), 'EMV_FORMAT_INVALID');
  assertEmvError(() => encodeText('ans', 'TOO LONG', 3), 'EMV_FORMAT_INVALID');
});

test('decodeText strips trailing zeros and checks the character set', () => {
  assert.is(decodeText('ans', fromHex('43415244484F4C4445522F56495341')), 'CARDHOLDER/VISA');
  assert.is(decodeText('an', fromHex('656E66720000')), 'enfr');
  assert.is(decodeText('a', fromHex('4547')), 'EG');
  assertEmvError(() => decodeText('an', fromHex('6520')), 'EMV_FORMAT_INVALID');
  assertEmvError(() => decodeText('ans', fromHex('41004100')), 'EMV_FORMAT_INVALID');
  assertEmvError(() => decodeText('ans', fromHex('7F')), 'EMV_FORMAT_INVALID');
});

test('isValidFormat', () => {
  const table: [Parameters<typeof isValidFormat>[0], string, boolean][] = [
    ['n', '0818', true],
    ['n', '08A8', false],
    ['cn', '12FF', true],
    ['cn', 'F1', false],
    ['b', 'FFFE00', true],
    ['a', '4142', true],
    ['a', '4131', false],
    ['an', '4131', true],
    ['an', '2E', false],
    ['ans', '2E20', true],
    ['ans', '0A', false],
  ];
  for (const [format, hex, expected] of table) assert.is(isValidFormat(format, fromHex(hex)), expected, `${format} ${hex}`);
});

test.run();
