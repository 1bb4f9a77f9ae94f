import * as assert from 'uvu/assert';
import { suite } from '../../support/suite.ts';
import { parseCommandApdu } from '../../../emv/apdu/parse-command-apdu.ts';
import { buildCommandApdu } from '../../../emv/apdu/command-apdu.ts';
import { fromHex, toHex } from '../../../emv/tlv/hex.ts';
import { assertEmvError } from '../assert-emv-error.ts';

const test = suite('emv/apdu/parse-command-apdu');

/** [hex, case, extended, data hex, Ne or undefined] */
const table: [string, 1 | 2 | 3 | 4, boolean, string, number | undefined][] = [
  ['80CA9F36', 1, false, '', undefined],
  ['0084000000', 2, false, '', 256],
  ['0084000008', 2, false, '', 8],
  ['0020008008241234FFFFFFFFFF', 3, false, '241234FFFFFFFFFF', undefined],
  ['00A4040007A000000003101000', 4, false, 'A0000000031010', 256],
  ['80A8000002830000', 4, false, '8300', 256],
  ['00B2010C01AB', 3, false, 'AB', undefined],
  ['00B00000000000', 2, true, '', 65536],
  ['00B00000000101', 2, true, '', 257],
  ['00A40400000007A0000000031010', 3, true, 'A0000000031010', undefined],
  ['00A40400000007A00000000310100100', 4, true, 'A0000000031010', 256],
  ['00A40400000007A00000000310100000', 4, true, 'A0000000031010', 65536],
];
for (const [hex, apduCase, extended, data, le] of table) {
  test(`parses ${hex}`, () => {
    const parsed = parseCommandApdu(fromHex(hex));
    const expected: Record<string, unknown> = { cla: parsed.cla, ins: parsed.ins, p1: parsed.p1, p2: parsed.p2 };
    assert.equal([parsed.cla, parsed.ins, parsed.p1, parsed.p2], [...fromHex(hex).subarray(0, 4)]);
    assert.equal({ ...expected, case: parsed.case, extended: parsed.extended, data: toHex(parsed.data), le: parsed.le }, {
      ...expected,
      case: apduCase,
      extended,
      data,
      le,
    });
    assert.is(toHex(buildCommandApdu(parsed, { extended })), hex, 'round trip');
  });
}

const errors: [string, string, number][] = [
  ['empty', '', 0],
  ['3 bytes', '00A404', 3],
  ['Lc larger than the data', '00A4040007A0000000', 4],
  ['Lc smaller than the data by two', '00A4040001A00000', 4],
  ['extended marker with one byte', '00A4040000 07', 4],
  ['extended Lc 0000', '00A4040000 0000 AA', 5],
  ['extended Lc not matching', '00A4040000 0005 A0000000', 5],
];
for (const [name, hex, offset] of errors) {
  test(`rejects ${name}`, () => assertEmvError(() => parseCommandApdu(fromHex(hex)), 'EMV_APDU_MALFORMED', offset));
}

test.run();
