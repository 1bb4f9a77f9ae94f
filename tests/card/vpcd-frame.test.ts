import * as assert from 'uvu/assert';
import { VpcdFrameParser, encodeVpcdFrame, type VpcdFrame } from '../../card/vpcd-frame.ts';
import { suite } from '../support/suite.ts';

const test = suite('card/vpcd-frame');

const bytes = (...b: number[]): Uint8Array => Uint8Array.from(b);
const SELECT = bytes(0x00, 0xa4, 0x04, 0x00, 0x02, 0x3f, 0x00);

test('encodes a 2-byte big-endian length then the payload', () => {
  assert.equal([...encodeVpcdFrame(bytes(0x90, 0x00))], [0x00, 0x02, 0x90, 0x00]);
  assert.equal([...encodeVpcdFrame(new Uint8Array(0x1234)).subarray(0, 2)], [0x12, 0x34]);
  assert.throws(() => encodeVpcdFrame(new Uint8Array(0x10000)), RangeError);
});

test('several frames in one chunk: controls and an APDU, in order', () => {
  const parser = new VpcdFrameParser();
  const chunk = Uint8Array.from([
    ...encodeVpcdFrame(bytes(1)),
    ...encodeVpcdFrame(bytes(4)),
    ...encodeVpcdFrame(SELECT),
    ...encodeVpcdFrame(bytes(2)),
    ...encodeVpcdFrame(bytes(0)),
  ]);
  const frames = parser.push(chunk);
  assert.equal(
    frames.map((f) => (f.type === 'control' ? f.control : f.type)),
    ['power-on', 'get-atr', 'apdu', 'reset', 'power-off'],
  );
  const apdu = frames[2] as Extract<VpcdFrame, { type: 'apdu' }>;
  assert.equal([...apdu.apdu], [...SELECT]);
  assert.is(parser.buffered, 0);
});

test('split frames: the length and the body in separate chunks, and byte by byte', () => {
  const parser = new VpcdFrameParser();
  const frame = encodeVpcdFrame(SELECT);
  assert.equal(parser.push(frame.subarray(0, 2)), []);
  assert.is(parser.buffered, 2);
  const done = parser.push(frame.subarray(2));
  assert.is(done.length, 1);
  assert.equal([...(done[0] as Extract<VpcdFrame, { type: 'apdu' }>).apdu], [...SELECT]);

  const all: VpcdFrame[] = [];
  const stream = Uint8Array.from([...frame, ...encodeVpcdFrame(bytes(4)), ...frame]);
  for (const b of stream) all.push(...parser.push(bytes(b)));
  assert.equal(all.map((f) => f.type), ['apdu', 'control', 'apdu']);
});

test('a frame ending mid-header is kept for the next chunk', () => {
  const parser = new VpcdFrameParser();
  const stream = Uint8Array.from([...encodeVpcdFrame(bytes(1)), ...encodeVpcdFrame(SELECT)]);
  assert.is(parser.push(stream.subarray(0, 4)).length, 1);
  assert.is(parser.buffered, 1);
  assert.is(parser.push(stream.subarray(4)).length, 1);
});

test('zero length is fatal: frames before it are kept, everything after is ignored until reset', () => {
  const parser = new VpcdFrameParser();
  const frames = parser.push(Uint8Array.from([...encodeVpcdFrame(bytes(1)), 0, 0, ...encodeVpcdFrame(bytes(4))]));
  assert.is(frames.length, 2);
  assert.is(frames[0]!.type, 'control');
  assert.equal(frames[1], { type: 'malformed', reason: 'empty', detail: 'zero-length frame', fatal: true });
  assert.equal(parser.push(encodeVpcdFrame(bytes(4))), []);
  parser.reset();
  assert.is(parser.push(encodeVpcdFrame(bytes(4))).length, 1);
});

test('oversize is fatal before the body arrives', () => {
  const parser = new VpcdFrameParser(261);
  const frames = parser.push(bytes(0x01, 0x06)); // 262 announced
  assert.is(frames.length, 1);
  const bad = frames[0] as Extract<VpcdFrame, { type: 'malformed' }>;
  assert.is(bad.reason, 'oversize');
  assert.ok(bad.fatal);
  assert.is(parser.buffered, 0);
});

test('an unknown control byte is reported but the stream stays in step', () => {
  const parser = new VpcdFrameParser();
  const frames = parser.push(Uint8Array.from([...encodeVpcdFrame(bytes(3)), ...encodeVpcdFrame(bytes(4))]));
  assert.equal(frames[0], { type: 'malformed', reason: 'unknown-control', detail: 'control byte 03', fatal: false });
  assert.equal(frames[1], { type: 'control', control: 'get-atr' });
});

test.run();
