import * as assert from 'uvu/assert';
import { suite } from '../../../support/suite.ts';
import {
  chunkResponse,
  crc16,
  decodeCaptureData,
  decodeCommandReport,
  decodeResponseReport,
  encodeCaptureData,
  encodeCommandReport,
  encodeResponseReport,
  ResponseAssembler,
} from '../../../../terminal/hal/hid/hid-scanner-protocol.ts';
import { HalError } from '../../../../terminal/hal/errors.ts';
import { createSeededRandom } from '../../../../terminal/biometrics/index.ts';

const test = suite('terminal/hal/hid/hid-scanner-protocol');

test('CRC-16/CCITT-FALSE check value', () => {
  assert.is(crc16(new TextEncoder().encode('123456789')), 0x29b1);
});

test('command report layout: cmd seq len payload CRC, zero padded', () => {
  const report = encodeCommandReport(16, 0x02, 7, Uint8Array.of(1, 0, 20));
  const crc = crc16(Uint8Array.of(0x02, 7, 3, 1, 0, 20));
  assert.equal([...report], [0x02, 7, 3, 1, 0, 20, crc >> 8, crc & 0xff, 0, 0, 0, 0, 0, 0, 0, 0]);
  assert.equal(decodeCommandReport(report), { cmd: 2, seq: 7, payload: Uint8Array.of(1, 0, 20) });
  assert.throws(() => encodeCommandReport(8, 1, 1, new Uint8Array(4)), (e: HalError) => e.code === 'HAL_INTERNAL');
});

test('response report layout, and padding beyond the CRC is ignored', () => {
  const r = { status: 0, seq: 9, index: 1, count: 3, data: Uint8Array.of(0xaa, 0xbb) };
  const report = encodeResponseReport(20, r);
  assert.equal([...report.subarray(0, 9)], [0, 9, 0, 1, 0, 3, 2, 0xaa, 0xbb]);
  assert.equal(decodeResponseReport(report), r);
  const padded = new Uint8Array(64);
  padded.set(report);
  assert.equal(decodeResponseReport(padded), r);
});

test('chunks reassemble in order; gaps, restarts and mixed statuses are malformed', () => {
  const data = Uint8Array.from({ length: 300 }, (_, i) => i & 0xff);
  const chunks = chunkResponse(0, 4, data, 54);
  assert.is(chunks.length, 6);
  const a = new ResponseAssembler();
  let out: Uint8Array | undefined;
  for (const c of chunks) out = a.add(c);
  assert.equal(out, data);
  const gap = new ResponseAssembler();
  gap.add(chunks[0]!);
  assert.throws(() => gap.add(chunks[2]!), (e: HalError) => e.code === 'HAL_FRAME_MALFORMED');
  assert.throws(() => new ResponseAssembler().add(chunks[1]!), (e: HalError) => e.code === 'HAL_FRAME_MALFORMED');
  const mixed = new ResponseAssembler();
  mixed.add(chunks[0]!);
  assert.throws(() => mixed.add({ ...chunks[1]!, status: 0x21 }), (e: HalError) => e.code === 'HAL_FRAME_MALFORMED');
  assert.is(chunkResponse(0x10, 1, new Uint8Array(0), 54).length, 1, 'an empty response is one report');
});

test('capture data round-trips for templates and images, and refuses bad shapes', () => {
  const t = { format: 'iso-19794-2' as const, quality: 77, template: Uint8Array.of(1, 2, 3) };
  assert.equal(decodeCaptureData(encodeCaptureData(t)), t);
  const img = { format: 'image' as const, quality: 50, image: { width: 2, height: 3, dpi: 500, pixels: Uint8Array.of(1, 2, 3, 4, 5, 6) } };
  assert.equal(decodeCaptureData(encodeCaptureData(img)), img);
  for (const bad of [[1], [9, 50, 1], [1, 101, 1], [1, 50], [3, 50, 0, 2, 0, 2, 1, 244, 1]]) {
    assert.throws(() => decodeCaptureData(Uint8Array.from(bad)), (e: HalError) => e.code === 'HAL_FRAME_MALFORMED', `accepted ${bad}`);
  }
});

test('fuzz: random and mutated reports decode or throw HAL_FRAME_MALFORMED, nothing else', () => {
  const rng = createSeededRandom(0x5eed);
  const valid = encodeResponseReport(63, { status: 0, seq: 3, index: 0, count: 2, data: Uint8Array.from({ length: 40 }, (_, i) => i) });
  let decoded = 0;
  for (let i = 0; i < 20_000; i++) {
    let bytes: Uint8Array;
    if (i % 2 === 0) bytes = Uint8Array.from({ length: rng.int(0, 70) }, () => rng.int(0, 255));
    else {
      bytes = valid.slice(0, rng.int(0, valid.length));
      for (let k = rng.int(0, 3); k > 0 && bytes.length > 0; k--) bytes[rng.int(0, bytes.length - 1)] = rng.int(0, 255);
    }
    for (const decode of [decodeResponseReport, decodeCommandReport, decodeCaptureData]) {
      try {
        decode(bytes);
        decoded++;
      } catch (error) {
        if (!(error instanceof HalError) || error.code !== 'HAL_FRAME_MALFORMED') throw error;
      }
    }
  }
  assert.ok(decoded > 0, 'some inputs decoded (the fuzz reaches past the first check)');
});

test.run();
