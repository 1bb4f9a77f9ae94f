import * as assert from 'uvu/assert';
import { suite } from '../../../support/suite.ts';
import { encodeR30xPacket, r30xChecksum, R30xPacketParser, R30X_PID, type R30xPacket } from '../../../../terminal/hal/uart/r30x-packet.ts';
import { createSeededRandom } from '../../../../terminal/biometrics/index.ts';

const test = suite('terminal/hal/uart/r30x-packet');

const hex = (bytes: Uint8Array): string => Buffer.from(bytes).toString('hex');

test('GenImg command packet, as the user manuals print it', () => {
  // See the R30x/AS608 manuals, GenImg: EF01 FFFFFFFF 01 0003 01 0005.
  assert.is(hex(encodeR30xPacket({ address: 0xffffffff, pid: R30X_PID.COMMAND, contents: Uint8Array.of(0x01) })), 'ef01ffffffff010003010005');
  // Img2Tz with CharBuffer 1: EF01 FFFFFFFF 01 0004 02 01 0008.
  assert.is(hex(encodeR30xPacket({ address: 0xffffffff, pid: R30X_PID.COMMAND, contents: Uint8Array.of(0x02, 0x01) })), 'ef01ffffffff01000402010008');
  assert.is(r30xChecksum(0x07, 3, Uint8Array.of(0)), 0x0a);
});

const ack: R30xPacket = { address: 0xffffffff, pid: R30X_PID.ACK, contents: Uint8Array.of(0x00) };
const data: R30xPacket = { address: 0x12345678, pid: R30X_PID.END_DATA, contents: Uint8Array.from({ length: 128 }, (_, i) => i) };

test('packets split anywhere are reassembled', () => {
  const wire = Buffer.concat([encodeR30xPacket(ack), encodeR30xPacket(data)]);
  for (let cut = 0; cut <= wire.length; cut++) {
    const parser = new R30xPacketParser();
    const out = [...parser.push(wire.subarray(0, cut)).packets, ...parser.push(wire.subarray(cut)).packets];
    assert.equal(out, [ack, data], `cut at ${cut}`);
  }
});

test('noise before, between and inside is skipped; a corrupted packet is counted and dropped', () => {
  const bad = encodeR30xPacket(ack);
  bad[9] = bad[9]! ^ 1;
  const wire = Buffer.concat([Buffer.from([0, 0xef, 0xef, 0x02, 0x55]), bad, Buffer.from([0xef, 0x01, 0xff]), encodeR30xPacket(data)]);
  const result = new R30xPacketParser().push(wire);
  assert.equal(result.packets, [data]);
  assert.is(result.checksumErrors, 1);
  assert.ok(result.discarded >= 8);
});

test('a false header with an impossible length or packet id is skipped at once', () => {
  const wire = Buffer.concat([Buffer.from([0xef, 0x01, 1, 2, 3, 4, 0x09, 0, 3]), Buffer.from([0xef, 0x01, 1, 2, 3, 4, 0x07, 0xff, 0xff]), encodeR30xPacket(ack)]);
  assert.equal(new R30xPacketParser().push(wire).packets, [ack]);
});

test('fuzz: random and mutated streams never throw, never hang, and clean packets after noise are found', () => {
  const rng = createSeededRandom(0xf1a9);
  const clean = Buffer.concat([encodeR30xPacket(ack), encodeR30xPacket(data)]);
  let found = 0;
  for (let i = 0; i < 5_000; i++) {
    const parser = new R30xPacketParser();
    const noise = Uint8Array.from({ length: rng.int(0, 300) }, () => (rng.next() < 0.1 ? 0xef : rng.int(0, 255)));
    const mutated = Uint8Array.from(clean);
    for (let k = rng.int(0, 4); k > 0; k--) mutated[rng.int(0, mutated.length - 1)] = rng.int(0, 255);
    const stream = Buffer.concat([noise, mutated, noise.subarray(0, rng.int(0, 20)), clean, clean]);
    const packets: R30xPacket[] = [];
    for (let at = 0; at < stream.length; ) {
      const n = rng.int(1, 64);
      packets.push(...parser.push(stream.subarray(at, at + n)).packets);
      at += n;
    }
    for (const p of packets) assert.ok(p.contents.length <= 256 && [1, 2, 7, 8].includes(p.pid));
    // The final two clean copies: at least the last one always comes out whole (a false header in the noise can
    // swallow at most one packet's length of what follows it).
    assert.equal(packets.at(-1), data);
    found += packets.length;
  }
  assert.ok(found > 10_000);
});

test.run();
