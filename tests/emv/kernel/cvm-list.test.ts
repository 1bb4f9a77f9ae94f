import * as assert from 'uvu/assert';
import { suite } from '../../support/suite.ts';
import { parseCvmList } from '../../../emv/kernel/cvm-list.ts';
import { fromHex } from '../../../emv/tlv/hex.ts';
import { assertEmvError } from '../assert-emv-error.ts';

const test = suite('emv/kernel/cvm-list');

const good: [string, string, number, number, [number, number, boolean, number][]][] = [
  // [name, 8E value, amount X, amount Y, [byte1, cvmCode, applySucceeding, condition]]
  ['no rules', '00000000 00000000', 0, 0, []],
  ['amounts are big-endian binary', '000186A0 000003E8 1E03', 100000, 1000, [[0x1e, 0x1e, false, 0x03]]],
  [
    'b7 split from the code, b8 kept in byte1',
    'FFFFFFFF 00000001 4803 0100 8A06 7F09',
    0xffffffff,
    1,
    [
      [0x48, 0x08, true, 0x03],
      [0x01, 0x01, false, 0x00],
      [0x8a, 0x0a, false, 0x06],
      [0x7f, 0x3f, true, 0x09],
    ],
  ],
];

for (const [name, hex, x, y, rules] of good) {
  test(name, () => {
    const list = parseCvmList(fromHex(hex.replace(/\s/g, '')));
    assert.is(list.amountX, x);
    assert.is(list.amountY, y);
    assert.equal(
      list.rules.map((r) => [r.byte1, r.cvmCode, r.applySucceedingIfUnsuccessful, r.condition]),
      rules,
    );
  });
}

const bad: [string, string, number][] = [
  ['empty', '', 0],
  ['amount Y cut short', '00000000000000', 7],
  ['half a CV rule', '00000000000000001E', 8],
  ['one and a half CV rules', '00000000000000001E031F', 10],
];

for (const [name, hex, offset] of bad) {
  test(`EMV_CVM_LIST_MALFORMED: ${name}`, () => {
    assertEmvError(() => parseCvmList(fromHex(hex)), 'EMV_CVM_LIST_MALFORMED', offset);
  });
}

test('reads through a subarray with an offset', () => {
  const outer = fromHex('AABB' + '0000000A00000014' + '4103');
  const list = parseCvmList(outer.subarray(2));
  assert.is(list.amountX, 10);
  assert.is(list.amountY, 20);
  assert.is(list.rules.length, 1);
});

test.run();
