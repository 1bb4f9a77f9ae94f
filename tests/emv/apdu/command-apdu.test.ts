import * as assert from 'uvu/assert';
import { suite } from '../../support/suite.ts';
import { buildCommandApdu, type CommandApdu } from '../../../emv/apdu/command-apdu.ts';
import { fromHex, toHex } from '../../../emv/tlv/hex.ts';
import { assertEmvError } from '../assert-emv-error.ts';

const test = suite('emv/apdu/command-apdu');
const hdr = { cla: 0x00, ins: 0xa4, p1: 0x04, p2: 0x00 };
const aid = fromHex('A0000000031010');

const table: [string, CommandApdu, { extended?: boolean } | undefined, string][] = [
  ['case 1', { cla: 0x80, ins: 0xca, p1: 0x9f, p2: 0x36 }, undefined, '80CA9F36'],
  ['case 1 with empty data', { ...hdr, data: new Uint8Array() }, undefined, '00A40400'],
  ['case 2S, Ne 256 coded 00', { cla: 0x00, ins: 0x84, p1: 0, p2: 0, le: 256 }, undefined, '0084000000'],
  ['case 2S, Ne 8', { cla: 0x00, ins: 0x84, p1: 0, p2: 0, le: 8 }, undefined, '0084000008'],
  ['case 3S', { cla: 0x00, ins: 0x20, p1: 0, p2: 0x80, data: fromHex('241234FFFFFFFFFF') }, undefined, '0020008008241234FFFFFFFFFF'],
  ['case 4S SELECT', { ...hdr, data: aid, le: 256 }, undefined, '00A4040007A000000003101000'],
  ['case 2E, Ne 257', { cla: 0x00, ins: 0xb0, p1: 0, p2: 0, le: 257 }, undefined, '00B0000000 0101'],
  ['case 2E, Ne 65536 coded 0000', { cla: 0x00, ins: 0xb0, p1: 0, p2: 0, le: 65536 }, undefined, '00B0000000 0000'],
  ['case 2E forced', { cla: 0x00, ins: 0xb0, p1: 0, p2: 0, le: 10 }, { extended: true }, '00B0000000 000A'],
  ['case 3E forced', { ...hdr, data: aid }, { extended: true }, '00A40400 000007 A0000000031010'],
  ['case 4E forced', { ...hdr, data: aid, le: 256 }, { extended: true }, '00A40400 000007 A0000000031010 0100'],
  ['case 4E because Ne > 256', { ...hdr, data: aid, le: 0x1234 }, undefined, '00A40400 000007 A0000000031010 1234'],
  ['case 4E, Ne 65536', { ...hdr, data: aid, le: 65536 }, undefined, '00A40400 000007 A0000000031010 0000'],
];
for (const [name, command, options, expected] of table) {
  test(name, () => assert.is(toHex(buildCommandApdu(command, options)), expected.replace(/\s/g, '')));
}

test('case 3E because Nc > 255', () => {
  const bytes = buildCommandApdu({ cla: 0x00, ins: 0xd6, p1: 0, p2: 0, data: new Uint8Array(256).fill(0x5a) });
  assert.is(toHex(bytes.subarray(0, 7)), '00D60000000100');
  assert.is(bytes.length, 7 + 256);
});

test('case 4E at the largest Nc', () => {
  const bytes = buildCommandApdu({ cla: 0x00, ins: 0xd6, p1: 0, p2: 0, data: new Uint8Array(65535), le: 1 });
  assert.is(toHex(bytes.subarray(0, 7)), '00D6000000FFFF');
  assert.is(toHex(bytes.subarray(bytes.length - 2)), '0001');
  assert.is(bytes.length, 9 + 65535);
});

test('too long data or Ne → EMV_APDU_TOO_LONG', () => {
  assertEmvError(() => buildCommandApdu({ ...hdr, data: new Uint8Array(65536) }), 'EMV_APDU_TOO_LONG');
  assertEmvError(() => buildCommandApdu({ ...hdr, le: 65537 }), 'EMV_APDU_TOO_LONG');
});

test('bad header bytes or Ne → EMV_APDU_MALFORMED', () => {
  assertEmvError(() => buildCommandApdu({ ...hdr, cla: 256 }), 'EMV_APDU_MALFORMED');
  assertEmvError(() => buildCommandApdu({ ...hdr, p2: -1 }), 'EMV_APDU_MALFORMED');
  assertEmvError(() => buildCommandApdu({ ...hdr, ins: 1.5 }), 'EMV_APDU_MALFORMED');
  assertEmvError(() => buildCommandApdu({ ...hdr, le: 0 }), 'EMV_APDU_MALFORMED');
  assertEmvError(() => buildCommandApdu({ ...hdr, le: 2.5 }), 'EMV_APDU_MALFORMED');
});

test.run();
