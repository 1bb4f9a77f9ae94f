import * as assert from 'uvu/assert';
import { suite } from '../../support/suite.ts';
import { staticDataToAuthenticate } from '../../../emv/oda/static-data.ts';
import { fromHex, toHex } from '../../../emv/tlv/hex.ts';
import { assertEmvError } from '../assert-emv-error.ts';

const test = suite('emv/oda/static-data');

// See EMV 4.4 Book 3, 10.3: SFI 1-10 contribute the contents of template 70, SFI 11-30 the whole record.
const R1 = '700A 5A08 8188881234567890';
const AIP = '3C00';

test('SFI 1 to 10: template 70 tag and length are left out', () => {
  const out = staticDataToAuthenticate([{ sfi: 1, body: fromHex(R1) }, { sfi: 10, body: fromHex('7003 9F0800') }]);
  assert.is(toHex(out), '5A088188881234567890' + '9F0800');
});

test('SFI 11 to 30: the whole record, tag and length included', () => {
  const out = staticDataToAuthenticate([{ sfi: 11, body: fromHex('7003 9F0800') }, { sfi: 30, body: fromHex('7000') }]);
  assert.is(toHex(out), '70039F0800' + '7000');
});

test('records keep their order, mixed SFIs, then the 9F4A tag values (the AIP)', () => {
  const out = staticDataToAuthenticate(
    [{ sfi: 2, body: fromHex(R1) }, { sfi: 12, body: fromHex('7003 9F0800') }, { sfi: 3, body: fromHex('7002 5000') }],
    fromHex(AIP),
  );
  assert.is(toHex(out), '5A088188881234567890' + '70039F0800' + '5000' + AIP);
});

test('long-form lengths 81 and 82 are read exactly', () => {
  const value = new Uint8Array(200).fill(0xab);
  const body81 = new Uint8Array([0x70, 0x81, 200, ...value]);
  assert.is(staticDataToAuthenticate([{ sfi: 1, body: body81 }]).length, 200);
  assert.is(staticDataToAuthenticate([{ sfi: 11, body: body81 }]).length, 203);
  const body82 = new Uint8Array([0x70, 0x82, 0x00, 200, ...value]);
  assert.is(staticDataToAuthenticate([{ sfi: 5, body: body82 }]).length, 200);
});

test('no records and no tag list give empty data', () => {
  assert.is(staticDataToAuthenticate([]).length, 0);
});

test('a record that is not exactly one template 70 makes ODA fail: EMV_CARD_DATA_INVALID', () => {
  const bad = [
    '', '70', '6F03 9F0800', '7004 9F0800', '7002 9F0800', '7003 9F0800 00', '7081', '708103 9F08', '7083000003 9F0800',
    '7080',
  ];
  for (const hex of bad) {
    for (const sfi of [1, 11]) {
      const error = assertEmvError(() => staticDataToAuthenticate([{ sfi, body: fromHex(hex) }]), 'EMV_CARD_DATA_INVALID');
      assert.match(error.message, /Book 3 10\.3/);
    }
  }
});

test('an SFI outside 1 to 30 is EMV_CARD_DATA_INVALID', () => {
  for (const sfi of [0, 31, -1, 1.5]) {
    assertEmvError(() => staticDataToAuthenticate([{ sfi, body: fromHex('7000') }]), 'EMV_CARD_DATA_INVALID');
  }
});

test.run();
