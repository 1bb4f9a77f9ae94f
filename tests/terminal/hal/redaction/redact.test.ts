import * as assert from 'uvu/assert';
import { suite } from '../../../support/suite.ts';
import { formatRedactedHex, redactApduForLog, redactCommandApdu, redactLogText, redactResponseApdu, type Redaction } from '../../../../terminal/hal/redaction/redact.ts';
import { DEFAULT_REDACTION_RULES, type RedactionRules } from '../../../../terminal/hal/redaction/redaction-rules.ts';

const test = suite('terminal/hal/redaction/redact');

const hex = (text: string): Uint8Array => Uint8Array.from(Buffer.from(text.replace(/\s+/g, ''), 'hex'));
const ascii = (text: string): string => Buffer.from(text, 'ascii').toString('hex');
/** A national ID number of the right shape: 2nd century... born 1990-05-17 in Port Said (03). */
const NATIONAL_ID = '29005170301234';

const commands: [name: string, capdu: string, expected: Redaction[]][] = [
  ['VERIFY plaintext PIN', '00 20 00 80 08 24 12 34 FF FF FF FF FF', [{ offset: 5, length: 8, label: 'PIN block' }]],
  ['VERIFY enciphered PIN, extended length', '00 20 00 88 00 00 08 24 12 34 FF FF FF FF FF', [{ offset: 7, length: 8, label: 'PIN block' }]],
  ['VERIFY status query (no data)', '00 20 00 80', []],
  ['VERIFY with a biometric data template', '00 21 00 91 07 7F2E 04 81 02 AA BB', [{ offset: 5, length: 7, label: 'biometric data' }]],
  ['VERIFY with a finger minutiae record', '00 20 00 91 06 464D5200 0102', [{ offset: 5, length: 6, label: 'fingerprint template' }]],
  // EMV 4.4 biometric VERIFY (P2 89): the BVDT value (81 type, 90 solution, DF50 seed, DF51 data, DF52 MAC), and a
  // chain's first block (CLA 10): both hidden whole.
  ['EMV VERIFY biometric (P2 89)', '00 20 00 89 0A 81 01 08 90 01 01 DF51 02 AA BB', [{ offset: 5, length: 10, label: 'biometric data (enciphered)' }]],
  ['EMV VERIFY biometric, a chain block', '10 20 00 89 04 DF50 02 CC', [{ offset: 5, length: 4, label: 'biometric data (enciphered)' }]],
  ['CHANGE REFERENCE DATA', '00 24 00 80 10 24 12 34 FF FF FF FF FF 24 56 78 FF FF FF FF FF', [{ offset: 5, length: 16, label: 'PIN block' }]],
  ['EMV PIN CHANGE/UNBLOCK (issuer script)', '84 24 00 02 0C 11 22 33 44 55 66 77 88 01 02 03 04', [{ offset: 5, length: 12, label: 'PIN block' }]],
  ['RESET RETRY COUNTER', '00 2C 00 80 08 24 12 34 FF FF FF FF FF', [{ offset: 5, length: 8, label: 'PIN block' }]],
  ['PUT KEY', '80 D8 01 81 05 01 80 10 AA BB', [{ offset: 5, length: 5, label: 'key' }]],
  ['Transaction PIN Data in TLV command data', '80 DA 00 00 06 99 04 11 22 33 44', [{ offset: 7, length: 4, label: 'PIN block' }]],
  ['SELECT is left alone', '00 A4 04 00 07 A0 00 00 00 03 10 10 00', []],
  ['a malformed APDU is left alone', '00 20 00 80 09 24 12', []],
];

for (const [name, capdu, expected] of commands) {
  test(`command: ${name}`, () => {
    const input = hex(capdu);
    const { bytes, redactions } = redactCommandApdu(input);
    assert.equal(redactions, expected);
    assert.is(bytes.length, input.length, 'length kept');
    for (let i = 0; i < input.length; i++) {
      const hidden = expected.some((r) => i >= r.offset && i < r.offset + r.length);
      assert.is(bytes[i], hidden ? 0 : input[i], `byte ${i}`);
    }
  });
}

const responses: [name: string, rapdu: string, expected: Redaction[], capdu?: string][] = [
  [
    'a biometric information template, inside its group',
    `7F61 0E 02 01 01 7F60 08 A1 06 81 01 08 82 01 00 9000`,
    [{ offset: 9, length: 8, label: 'biometric data' }],
  ],
  ['a reference template (5F2E)', '7F61 08 5F2E 05 0102030405 9000', [{ offset: 6, length: 5, label: 'biometric data' }]],
  ['81 directly in a biometric group', '7F61 05 81 03 010203 9000', [{ offset: 5, length: 3, label: 'biometric data' }]],
  ['81 elsewhere (Amount, Authorised) stays', '77 06 81 04 00000100 9000', []],
  ['a national ID as ASCII under a tag no rule names', `70 11 DF20 0E ${ascii(NATIONAL_ID)} 9000`, [{ offset: 5, length: 14, label: 'national ID' }]],
  ['a national ID in BCD', `70 0A DF21 07 ${NATIONAL_ID} 9000`, [{ offset: 5, length: 7, label: 'national ID' }]],
  ['a national ID as bare data', `${ascii(NATIONAL_ID)} 9000`, [{ offset: 0, length: 14, label: 'national ID' }]],
  // The government applet's DF11 is hidden by its tag, whatever its value looks like (card/gov/COMMANDS.md).
  ['the government applet\'s national ID tag DF11', `DF11 04 31323334 9000`, [{ offset: 3, length: 4, label: 'national ID' }], '80 CA DF 11 00'],
  ['14 digits that are no national ID', `70 11 DF20 0E ${ascii('19005170301234')} 9000`, []],
  ['a finger minutiae record as bare data', '464D5200 20323000 9000', [{ offset: 0, length: 8, label: 'fingerprint template' }]],
  ['a Biometric Verification Data Template (BF4E) in TLV data', 'BF4E 06 81 01 08 90 01 01 9000', [{ offset: 3, length: 6, label: 'biometric data (enciphered)' }]],
  ['the cardholder name stays', `70 0B 5F20 09 ${ascii('KART/DEMO')} 9000`, []],
  ['a status word alone', '6A82', []],
];

for (const [name, rapdu, expected, capdu] of responses) {
  test(`response: ${name}`, () => {
    const input = hex(rapdu);
    const { bytes, redactions } = redactResponseApdu(input, capdu ? hex(capdu) : undefined);
    assert.equal(redactions, expected);
    assert.equal(bytes.subarray(-2), input.subarray(-2), 'status word kept');
  });
}

test('an applet adds its tag to the table; GET DATA for it hides even a bare answer', () => {
  const rules: RedactionRules = { ...DEFAULT_REDACTION_RULES, tags: [...DEFAULT_REDACTION_RULES.tags, { tag: 0xdf40, label: 'national ID' }] };
  const getData = hex('80 CA DF 40 00');
  const bare = hex('0102 0304 9000');
  assert.equal(redactResponseApdu(bare, getData, rules).redactions, [{ offset: 0, length: 4, label: 'national ID' }]);
  assert.equal(redactResponseApdu(bare, getData).redactions, [], 'not without the row');
  const tagged = hex('DF40 02 0102 9000');
  assert.equal(redactResponseApdu(tagged, getData, rules).redactions, [{ offset: 3, length: 2, label: 'national ID' }]);
});

test('markers keep the length and lose the bytes', () => {
  const verify = hex('00 20 00 80 08 24 12 34 FF FF FF FF FF');
  assert.is(redactApduForLog(verify, 'command'), '00 20 00 80 08 <redacted: PIN block, 8 bytes>');
  const response = redactResponseApdu(hex('7F61 08 5F2E 05 0102030405 9000'));
  assert.is(formatRedactedHex(response), '7F 61 08 5F 2E 05 <redacted: biometric data, 5 bytes> 90 00');
  assert.is(formatRedactedHex(response, 8, 13), '<redacted: biometric data, 3 bytes> 90 00');
});

test('log text loses national ID numbers and keeps other numbers', () => {
  assert.is(redactLogText(`holder ${NATIONAL_ID} paid 12345678901234 piastres`), 'holder <redacted: national ID, 14 digits> paid 12345678901234 piastres');
});

test.run();
