import * as assert from 'uvu/assert';
import { suite } from '../../support/suite.ts';
import { formatTlvTree } from '../../../emv/tlv/format-tlv-tree.ts';
import { decodeTlv } from '../../../emv/tlv/decode-tlv.ts';
import { fromHex } from '../../../emv/tlv/hex.ts';
import { PSE_FCI_HEX, READ_RECORD_HEX } from '../emv-examples.ts';

const test = suite('emv/tlv/format-tlv-tree');

test('PSE FCI as an indented tree with names, lengths, hex and text', () => {
  assert.equal(formatTlvTree(fromHex(PSE_FCI_HEX)), [
    '6F File Control Information (FCI) Template [26]',
    '  84 Dedicated File (DF) Name [14] 315041592E5359532E4444463031',
    '  A5 File Control Information (FCI) Proprietary Template [8]',
    '    88 Short File Identifier (SFI) [1] 01',
    '    5F2D Language Preference [2] 656E "en"',
  ]);
});

test('dates, times, an empty value, unknown tags and a custom indent', () => {
  const bytes = fromHex('70 18 5F2403251231 9F2103143005 9A03251399 9F3700 DF0101AA');
  assert.equal(formatTlvTree(bytes, { indent: '. ' }), [
    '70 READ RECORD Response Message Template [24]',
    '. 5F24 Application Expiration Date [3] 251231 (2025-12-31)',
    '. 9F21 Transaction Time [3] 143005 (14:30:05)',
    '. 9A Transaction Date [3] 251399',
    '. 9F37 Unpredictable Number [0]',
    '. DF01 Unknown [1] AA',
  ]);
});

test('an ans value that is not valid text prints hex only', () => {
  assert.equal(formatTlvTree(fromHex('50020A0D')), ['50 Application Label [2] 0A0D']);
});

test('redact hides primitive values and whole constructed subtrees', () => {
  const redact = (tag: number) => tag === 0x5a || tag === 0x57 || tag === 0x77;
  const lines = formatTlvTree(fromHex(READ_RECORD_HEX + '7704 82021980'), { redact });
  assert.equal(lines.slice(0, 5), [
    '70 READ RECORD Response Message Template [107]',
    '  57 Track 2 Equivalent Data [19] <redacted 19 bytes>',
    '  5F20 Cardholder Name [15] 43415244484F4C4445522F56495341 "CARDHOLDER/VISA"',
    '  5F24 Application Expiration Date [3] 251231 (2025-12-31)',
    '  5A Application Primary Account Number (PAN) [8] <redacted 8 bytes>',
  ]);
  assert.is(lines[lines.length - 1], '77 Response Message Template Format 2 [4] <redacted 4 bytes>');
  assert.not.ok(lines.join('\n').includes('4761739001010010'));
  assert.not.ok(lines.join('\n').includes('1980'));
});

test('accepts decoded nodes and a custom dictionary', () => {
  const nodes = decodeTlv(fromHex('DF0103414243'));
  const describe = (tag: number) =>
    tag === 0xdf01 ? { name: 'Citizen Id', format: 'ans' as const, source: 'card' as const, constructed: false } : undefined;
  assert.equal(formatTlvTree(nodes, { describe }), ['DF01 Citizen Id [3] 414243 "ABC"']);
});

test('bytes that are not TLV give one line; hex only without a redact hook', () => {
  assert.equal(formatTlvTree(fromHex('5A05 1234')), ['<not BER-TLV, 4 bytes: EMV_TLV_MALFORMED at byte 1> 5A051234']);
  assert.equal(formatTlvTree(fromHex('5A05 1234'), { redact: () => false }), [
    '<not BER-TLV, 4 bytes: EMV_TLV_MALFORMED at byte 1>',
  ]);
});

test('nodes decoded without recursion print the constructed value as hex', () => {
  const nodes = decodeTlv(fromHex('77048202 1980'), { recurse: false });
  assert.equal(formatTlvTree(nodes), ['77 Response Message Template Format 2 [4] 82021980']);
});

test.run();
