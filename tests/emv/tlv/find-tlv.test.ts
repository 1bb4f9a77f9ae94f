import * as assert from 'uvu/assert';
import { suite } from '../../support/suite.ts';
import { findAllTlv, findTlv, searchTlv } from '../../../emv/tlv/find-tlv.ts';
import { decodeTlv } from '../../../emv/tlv/decode-tlv.ts';
import { fromHex, toHex } from '../../../emv/tlv/hex.ts';
import { PPSE_FCI_HEX, READ_RECORD_HEX } from '../emv-examples.ts';

const test = suite('emv/tlv/find-tlv');
const ppse = decodeTlv(fromHex(PPSE_FCI_HEX));

test('findTlv follows a path', () => {
  assert.is(toHex(findTlv(ppse, [0x6f, 0x84])!.value), '325041592E5359532E4444463031');
  assert.is(toHex(findTlv(ppse, [0x6f, 0xa5, 0xbf0c, 0x61, 0x4f])!.value), 'A0000000031010');
});

test('findAllTlv returns every match across branches, in order', () => {
  const aids = findAllTlv(ppse, [0x6f, 0xa5, 0xbf0c, 0x61, 0x4f]).map((n) => toHex(n.value));
  assert.equal(aids, ['A0000000031010', 'A0000000041010']);
  assert.is(findAllTlv(ppse, [0x6f, 0xa5, 0xbf0c, 0x61]).length, 2);
});

test('a number is a top-level path only', () => {
  assert.is(findTlv(ppse, 0x6f)!.tag, 0x6f);
  assert.is(findTlv(ppse, 0x84), undefined);
});

test('missing steps and an empty path find nothing', () => {
  assert.is(findTlv(ppse, [0x6f, 0x88]), undefined);
  assert.is(findTlv(ppse, [0x70, 0x84]), undefined);
  assert.equal(findAllTlv(ppse, []), []);
});

test('searchTlv finds a tag at any depth, first in document order', () => {
  assert.is(toHex(searchTlv(ppse, 0x87)!.value), '01');
  const record = decodeTlv(fromHex(READ_RECORD_HEX));
  assert.is(toHex(searchTlv(record, 0x5f24)!.value), '251231');
  assert.is(searchTlv(record, 0x9f26), undefined);
});

test.run();
