import * as assert from 'uvu/assert';
import { suite } from '../../../support/suite.ts';
import { findTlvSpans } from '../../../../terminal/hal/redaction/tlv-spans.ts';

const test = suite('terminal/hal/redaction/tlv-spans');

const hex = (text: string): Uint8Array => Uint8Array.from(Buffer.from(text.replace(/\s+/g, ''), 'hex'));

test('positions of nested values, padding skipped, long lengths and tags', () => {
  const spans = findTlvSpans(hex('00 70 0B 5F20 02 4142 9F36 81 02 0001 FF'));
  assert.equal(spans, [
    {
      tag: 0x70,
      valueOffset: 3,
      valueLength: 11,
      constructed: true,
      children: [
        { tag: 0x5f20, valueOffset: 6, valueLength: 2, constructed: false },
        { tag: 0x9f36, valueOffset: 12, valueLength: 2, constructed: false },
      ],
    },
  ]);
});

test('a range inside the input', () => {
  assert.equal(findTlvSpans(hex('AA 9F36 02 0001 9000'), 1, 6), [{ tag: 0x9f36, valueOffset: 4, valueLength: 2, constructed: false }]);
});

test('anything that is not clean BER-TLV gives undefined', () => {
  for (const bad of ['', '00 00', '5F', '9F 36', '9F36 03 0001', '70 80 00 00', '1F 81 81 81 81 01 00', '70 85 0000000001 00']) {
    assert.is(findTlvSpans(hex(bad)), undefined, bad);
  }
});

test('a constructed value whose contents do not parse is kept as a leaf', () => {
  assert.equal(findTlvSpans(hex('70 02 5F 20')), [{ tag: 0x70, valueOffset: 2, valueLength: 2, constructed: true }]);
});

test.run();
