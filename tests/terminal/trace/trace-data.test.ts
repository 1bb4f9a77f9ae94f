import * as assert from 'uvu/assert';
import { suite } from '../../support/suite.ts';
import { formatTraceData } from '../../../terminal/trace/trace-data.ts';

const test = suite('terminal/trace/trace-data');

const hex = (text: string): Uint8Array => Uint8Array.from(Buffer.from(text.replace(/\s+/g, ''), 'hex'));

test('hex, 16 bytes a line, when the data is not TLV or must not be read as TLV', () => {
  const bytes = Uint8Array.from({ length: 20 }, (_, i) => i + 0xa0);
  assert.equal(formatTraceData({ bytes, redactions: [] }, 0, 20, true), [
    'A0 A1 A2 A3 A4 A5 A6 A7 A8 A9 AA AB AC AD AE AF',
    'B0 B1 B2 B3',
  ]);
  assert.equal(formatTraceData({ bytes: hex('9F36 02 0001'), redactions: [] }, 0, 5, false), ['9F 36 02 00 01']);
  assert.equal(formatTraceData({ bytes: hex('9F36 02 0001'), redactions: [] }, 2, 2, true), []);
});

test('a TLV tree with names; a redacted value keeps its tag, length and label', () => {
  const bytes = hex('70 0B 5F20 02 4142 5F2E 03 000000');
  const lines = formatTraceData({ bytes, redactions: [{ offset: 10, length: 3, label: 'biometric data' }] }, 0, bytes.length, true);
  assert.equal(lines, ['70 READ RECORD Response Message Template [11]', '  5F20 Cardholder Name [2] 4142 "AB"', '  5F2E Biometric Data Block [3] <redacted: biometric data, 3 bytes>']);
});

test('a redacted span that is no single TLV value falls back to hex with a marker', () => {
  const bytes = hex('5F20 02 4142');
  assert.equal(formatTraceData({ bytes, redactions: [{ offset: 1, length: 2, label: 'x' }] }, 0, 5, true), ['5F <redacted: x, 2 bytes> 41 42']);
});

test('a span over the whole field prints one marker', () => {
  assert.equal(formatTraceData({ bytes: hex('00200080 08 0000000000000000'), redactions: [{ offset: 5, length: 8, label: 'PIN block' }] }, 5, 13, true), ['<redacted: PIN block, 8 bytes>']);
});

test.run();
