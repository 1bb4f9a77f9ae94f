import * as assert from 'uvu/assert';
import { suite } from '../../support/suite.ts';
import { decodeTlv } from '../../../emv/tlv/decode-tlv.ts';
import { fromHex } from '../../../emv/tlv/hex.ts';
import type { EmvErrorCode } from '../../../emv/errors.ts';
import { assertEmvError as throwsEmv } from '../assert-emv-error.ts';
import { GPO_FORMAT1_HEX, GPO_FORMAT2_HEX, PPSE_FCI_HEX, PSE_FCI_HEX, READ_RECORD_HEX } from '../emv-examples.ts';

const test = suite('emv/tlv/decode-tlv');

/** A tree as [tagHex, valueHex | children] so expectations stay readable and exact. */
type Shape = [number, string | Shape[]];
const shape = (nodes: ReturnType<typeof decodeTlv>): Shape[] =>
  nodes.map((n) => [n.tag, n.children ? shape([...n.children]) : Buffer.from(n.value).toString('hex').toUpperCase()]);

const cases: [string, string, Shape[]][] = [
  ['one-byte tag, short length', '5A084761739001010010', [[0x5a, '4761739001010010']]],
  ['two-byte tag', '9F1B0400002710', [[0x9f1b, '00002710']]],
  ['three-byte tag', '9F810102ABCD', [[0x9f8101, 'ABCD']]],
  ['empty value', '9F3700', [[0x9f37, '']]],
  ['long form 81', '508181' + 'AB'.repeat(0x81), [[0x50, 'AB'.repeat(0x81)]]],
  ['long form 82 (non-minimal accepted)', '50820002AB01', [[0x50, 'AB01']]],
  ['long form 84', '508400000001FF', [[0x50, 'FF']]],
  ['padding 00 and FF between, before and after', '00FF5001410000FF50014200', [[0x50, '41'], [0x50, '42']]],
  ['padding inside a constructed value', '7006005A01120000', [[0x70, [[0x5a, '12']]]]],
  ['empty input', '', []],
  ['only padding', '000000FF', []],
  [
    'PSE FCI',
    PSE_FCI_HEX,
    [[0x6f, [[0x84, '315041592E5359532E4444463031'], [0xa5, [[0x88, '01'], [0x5f2d, '656E']]]]]],
  ],
  [
    'PPSE FCI with two application templates',
    PPSE_FCI_HEX,
    [
      [
        0x6f,
        [
          [0x84, '325041592E5359532E4444463031'],
          [
            0xa5,
            [
              [
                0xbf0c,
                [
                  [0x61, [[0x4f, 'A0000000031010'], [0x50, '56495341204445424954'], [0x87, '01']]],
                  [0x61, [[0x4f, 'A0000000041010'], [0x50, '4D415354455243415244'], [0x87, '02']]],
                ],
              ],
            ],
          ],
        ],
      ],
    ],
  ],
  ['GPO format 1 (primitive 80)', GPO_FORMAT1_HEX, [[0x80, '5C00080101001001030118010200']]],
  ['GPO format 2', GPO_FORMAT2_HEX, [[0x77, [[0x82, '1980'], [0x94, '080101001001030118010200']]]]],
  [
    'READ RECORD 70 template',
    READ_RECORD_HEX,
    [
      [
        0x70,
        [
          [0x57, '4761739001010010D25122011143804400000F'],
          [0x5f20, '43415244484F4C4445522F56495341'],
          [0x5f24, '251231'],
          [0x5a, '4761739001010010'],
          [0x5f34, '01'],
          [0x8c, '9F02069F03069F1A0295055F2A029A039C019F3704'],
          [0x8d, '8A029F02069F03069F1A0295055F2A029A039C019F3704'],
        ],
      ],
    ],
  ],
];

for (const [name, hex, expected] of cases) {
  test(`decodes ${name}`, () => {
    assert.equal(shape(decodeTlv(fromHex(hex))), expected);
  });
}

test('a constructed node keeps its raw value beside its children', () => {
  const [node] = decodeTlv(fromHex('77048202 1980'));
  assert.equal([...node!.value], [0x82, 0x02, 0x19, 0x80]);
});

test('recurse: false leaves constructed values undecoded', () => {
  const nodes = decodeTlv(fromHex('7003FFFFFF'), { recurse: false });
  assert.equal(nodes.length, 1);
  assert.is(nodes[0]!.children, undefined);
  assert.equal([...nodes[0]!.value], [0xff, 0xff, 0xff]);
});

test('ffPadding: false decodes FF-prefixed private tags; 00 stays padding', () => {
  assert.equal(shape(decodeTlv(fromHex('00 FF8101 03 5A0112 00'), { ffPadding: false })), [[0xff8101, [[0x5a, '12']]]]);
  // By default the FF is skipped, so the same bytes read as 81 (length 1) and 5A.
  assert.equal(shape(decodeTlv(fromHex('00 FF8101 03 5A0112 00'))), [[0x81, '03'], [0x5a, '12']]);
});

test('values are copies: mutating the input does not change decoded nodes', () => {
  const input = fromHex('5A0112');
  const [node] = decodeTlv(input);
  input[2] = 0x99;
  assert.is(node!.value[0], 0x12);
});

const errors: [string, string, EmvErrorCode, number][] = [
  ['truncated multi-byte tag', '5A01129F', 'EMV_TLV_MALFORMED', 3],
  ['tag with continuation bit at the end', '9F81', 'EMV_TLV_MALFORMED', 0],
  ['tag longer than 4 bytes', '9F8181810100', 'EMV_TLV_MALFORMED', 0],
  ['missing length', '5A', 'EMV_TLV_MALFORMED', 1],
  ['indefinite length 80', '70800000', 'EMV_TLV_MALFORMED', 1],
  ['length of 5 bytes', '50850000000001FF', 'EMV_TLV_MALFORMED', 1],
  ['truncated long-form length', '5082 01', 'EMV_TLV_MALFORMED', 1],
  ['value longer than the input', '5A0512345678', 'EMV_TLV_MALFORMED', 1],
  ['child overruns its parent', '700382021980', 'EMV_TLV_MALFORMED', 3],
  ['huge 84 length', '5084FFFFFFFF00', 'EMV_TLV_MALFORMED', 1],
];

for (const [name, hex, code, offset] of errors) {
  test(`rejects ${name} with ${code} at byte ${offset}`, () => {
    throwsEmv(() => decodeTlv(fromHex(hex)), code, offset);
  });
}

test('nesting deeper than maxDepth throws EMV_TLV_TOO_DEEP at the offending tag', () => {
  // 70 ( 70 ( 70 ( 5A 00 ) ) ): three constructed levels plus one primitive = depth 4.
  const nested = fromHex('7006 7004 7002 5A00');
  assert.equal(decodeTlv(nested, { maxDepth: 4 }).length, 1);
  throwsEmv(() => decodeTlv(nested, { maxDepth: 3 }), 'EMV_TLV_TOO_DEEP', 4);
});

test('the default depth limit stops a 1000-level nest without a stack overflow', () => {
  let bytes = fromHex('5A00');
  for (let i = 0; i < 1000; i++) bytes = Uint8Array.from([0x70, 0x82, bytes.length >> 8, bytes.length & 0xff, ...bytes]);
  throwsEmv(() => decodeTlv(bytes), 'EMV_TLV_TOO_DEEP', 60);
});

test.run();
