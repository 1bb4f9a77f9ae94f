import * as assert from 'uvu/assert';
import { EscPosParser, MAX_RASTER_BYTES, type EscPosEvent } from '../../../../terminal/print/escpos/escpos-parser.ts';
import { encodeReceipt } from '../../../../terminal/print/escpos/encode-receipt.ts';
import { suite } from '../../../support/suite.ts';
import { BREAD_RECEIPT } from './sample-receipt.ts';

const test = suite('terminal/print/escpos/escpos-parser');

const parseAll = (bytes: Uint8Array, chunk = bytes.length): EscPosEvent[] => {
  const p = new EscPosParser();
  const events: EscPosEvent[] = [];
  for (let i = 0; i < bytes.length; i += chunk) events.push(...p.push(bytes.subarray(i, i + chunk)));
  return [...events, ...p.end()];
};
// Text events may be split differently by chunking; merge neighbours before comparing.
const merged = (events: EscPosEvent[]): unknown[] => {
  const out: unknown[] = [];
  for (const e of events) {
    const last = out[out.length - 1] as { kind: string; bytes: number[] } | undefined;
    if (e.kind === 'text' && last?.kind === 'text') last.bytes.push(...e.bytes);
    else out.push(e.kind === 'text' ? { kind: 'text', bytes: [...e.bytes] } : e);
  }
  return out;
};

test('commands of a receipt, in order', () => {
  const kinds = parseAll(encodeReceipt(BREAD_RECEIPT, { columns: 32, arabicCodePage: 37 })).map((e) => e.kind);
  assert.equal(kinds.slice(0, 6), ['initialize', 'code-page', 'align', 'size', 'text', 'line-feed']);
  assert.equal(kinds.slice(-3), ['line-feed', 'feed', 'cut']);
  assert.not.ok(kinds.includes('problem'));
});

test('the same events whatever the chunk size (commands split across chunks)', () => {
  const raster = Uint8Array.of(0x1d, 0x76, 0x30, 0, 2, 0, 2, 0, 1, 2, 3, 4);
  const bytes = Uint8Array.from([...encodeReceipt(BREAD_RECEIPT, { columns: 32, arabicCodePage: 37 }), ...raster, 0x10, 0x04, 0x04]);
  const whole = merged(parseAll(bytes));
  for (const chunk of [1, 2, 3, 7, 64]) assert.equal(merged(parseAll(bytes, chunk)), whole, `chunk ${chunk}`);
  const last = whole.slice(-2) as EscPosEvent[];
  assert.equal(last[0], { kind: 'raster', image: { widthBytes: 2, height: 2, data: Uint8Array.of(1, 2, 3, 4) } });
  assert.equal(last[1], { kind: 'status-query', n: 4 });
});

test('unknown commands are reported with their offset and skipped; the text after them survives', () => {
  const events = parseAll(Uint8Array.of(0x41, 0x1b, 0xff, 0x42, 0x1d, 0xfe, 0x43, 0x07, 0x0a));
  assert.equal(events, [
    { kind: 'text', bytes: Uint8Array.of(0x41) },
    { kind: 'problem', code: 'ESCPOS_UNKNOWN_COMMAND', offset: 1, bytes: Uint8Array.of(0x1b, 0xff) },
    { kind: 'text', bytes: Uint8Array.of(0x42) },
    { kind: 'problem', code: 'ESCPOS_UNKNOWN_COMMAND', offset: 4, bytes: Uint8Array.of(0x1d, 0xfe) },
    { kind: 'text', bytes: Uint8Array.of(0x43) },
    { kind: 'problem', code: 'ESCPOS_UNKNOWN_COMMAND', offset: 7, bytes: Uint8Array.of(0x07) },
    { kind: 'line-feed' },
  ]);
});

test('an oversized raster header is malformed and skipped; a cut-off command is reported at the end', () => {
  const huge = parseAll(Uint8Array.of(0x1d, 0x76, 0x30, 0, 0xff, 0xff, 0xff, 0x0f, 0x41));
  assert.is(huge[0]!.kind, 'problem');
  assert.is((huge[0] as { code: string }).code, 'ESCPOS_MALFORMED_COMMAND');
  assert.ok(0xffff * 0x0fff > MAX_RASTER_BYTES);
  assert.equal(huge[1], { kind: 'text', bytes: Uint8Array.of(0x41) });
  const cut = parseAll(Uint8Array.of(0x41, 0x1b, 0x74));
  assert.equal(cut[1], { kind: 'problem', code: 'ESCPOS_TRUNCATED', offset: 1, bytes: Uint8Array.of(0x1b, 0x74) });
});

test('fuzz: random bytes and mutated receipts never throw, and the parser is ready for the next job after end()', () => {
  let seed = 0x2545f491;
  const rand = (): number => ((seed = (seed * 1103515245 + 12345) >>> 0) >>> 16) & 0xff;
  const receipt = encodeReceipt(BREAD_RECEIPT, { columns: 32, arabicCodePage: 37 });
  for (let round = 0; round < 300; round++) {
    const bytes = round % 2 ? Uint8Array.from({ length: 200 + rand() * 4 }, rand) : receipt.map((b) => (rand() < 8 ? rand() : b));
    const p = new EscPosParser();
    let events = 0;
    for (let i = 0; i < bytes.length; ) {
      const n = 1 + (rand() % 40);
      events += p.push(bytes.subarray(i, i + n)).length;
      i += n;
    }
    p.end();
    assert.ok(events > 0);
    assert.equal(p.end(), []);
    assert.equal(p.push(Uint8Array.of(0x1b, 0x40)), [{ kind: 'initialize' }]);
  }
});

test.run();
