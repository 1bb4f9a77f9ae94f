import * as assert from 'uvu/assert';
import { CardTornError } from '../../card/card-error.ts';
import type { CardOs } from '../../card/card-os.ts';
import { createDemoCard, DEMO_CARD_KIND } from '../../card/demo-card.ts';
import { suite } from '../support/suite.ts';
import { bytes, dataOf, hex, swOf } from './hex.ts';

const test = suite('card/demo-card');

const SELECT_DEMO = '00 A4 04 00 09 F04B41525444454D4F 00';

test('a demo card powers on, selects KARTDEMO and reads its first record (T=1)', () => {
  const card = createDemoCard({ protocol: 'T=1' });
  assert.is(card.kind, DEMO_CARD_KIND);
  assert.is(card.powered, false);
  assert.is(hex(card.powerOn()), hex(card.atr));
  const fci = card.transmit(bytes(SELECT_DEMO));
  assert.is(swOf(fci), '9000');
  assert.ok(dataOf(fci).startsWith('6F'), 'FCI template 6F');
  assert.ok(dataOf(fci).includes(hex(new TextEncoder().encode('KART DEMO'))), 'application label');
  const record = card.transmit(bytes('00 B2 01 0C 00'));
  assert.is(swOf(record), '9000');
  assert.ok(dataOf(record).includes('5A089818000000000011'), 'PAN');
});

test('the default protocol is T=0, the first one the ATR offers', () => {
  const card = createDemoCard();
  card.powerOn();
  assert.is(card.protocol, 'T=0');
  assert.match(swOf(card.transmit(bytes(SELECT_DEMO))), /^61/);
});

/** mulberry32: a small seeded PRNG, so a failing fuzz run can be replayed with KART_FUZZ_SEED. */
function prng(seed: number): () => number {
  let a = seed >>> 0;
  return () => {
    a = (a + 0x6d2b79f5) >>> 0;
    let t = a;
    t = Math.imul(t ^ (t >>> 15), t | 1);
    t ^= t + Math.imul(t ^ (t >>> 7), t | 61);
    return ((t ^ (t >>> 14)) >>> 0) / 4294967296;
  };
}

const seed = Number(process.env['KART_FUZZ_SEED'] ?? 20261122);

/** A random command: pure noise, or a plausible header with right, wrong, short and extended length fields. */
function randomCommand(rand: () => number): Uint8Array {
  const int = (n: number): number => Math.floor(rand() * n);
  const noise = (n: number): number[] => Array.from({ length: n }, () => int(256));
  if (rand() < 0.3) return Uint8Array.from(noise(int(rand() < 0.5 ? 8 : 300)));
  const classes = [0x00, 0x01, 0x02, 0x03, 0x40, 0x4f, 0x80, 0x81, 0xc0, 0x0c, 0x10, 0x20, 0xff, int(256)];
  const instructions = [0xa4, 0xb2, 0xca, 0x84, 0x20, 0x32, 0x70, 0xc0, 0x60, 0x90, int(256)];
  const selectByName = rand() < 0.3; // SELECT by name with random data, to reach the AID matching
  const header = selectByName
    ? [0x00, 0xa4, 0x04, int(256)]
    : [classes[int(classes.length)]!, instructions[int(instructions.length)]!, int(256), int(256)];
  const nc = int(rand() < 0.8 ? 20 : 600);
  const data = noise(nc);
  const le = noise(rand() < 0.5 ? 1 : 2);
  const shapes: number[][] = [
    header,
    [...header, int(256)],
    [...header, nc & 0xff, ...data],
    [...header, nc & 0xff, ...data, ...le.slice(0, 1)],
    [...header, 0, nc >> 8, nc & 0xff, ...data],
    [...header, 0, nc >> 8, nc & 0xff, ...data, ...le],
    [...header, 0, ...le],
    [...header, (nc + int(3) - 1) & 0xff, ...data],
    header.slice(0, int(4)),
  ];
  return Uint8Array.from(shapes[int(shapes.length)]!);
}

const isStatusWord = (sw1: number): boolean => (sw1 >= 0x61 && sw1 <= 0x6f) || (sw1 >= 0x90 && sw1 <= 0x9f);

function fuzz(card: CardOs, rand: () => number, rounds: number): { torn: number } {
  let torn = 0;
  card.powerOn();
  for (let round = 0; round < rounds; round++) {
    if (!card.powered) card.powerOn();
    if (rand() < 0.02) card.tearAt({ apdu: 1 + Math.floor(rand() * 5), phase: rand() < 0.5 ? 'before-commit' : 'after-commit' });
    const command = rand() < 0.1 ? bytes('0070000001') : rand() < 0.1 ? bytes(SELECT_DEMO) : randomCommand(rand);
    let response: Uint8Array;
    try {
      response = card.transmit(command);
    } catch (error) {
      if (error instanceof CardTornError) {
        torn++;
        continue;
      }
      throw new Error(`seed ${seed}, round ${round}: ${hex(command)} threw ${String(error)}`);
    }
    const where = `seed ${seed}, round ${round}: ${hex(command)} -> ${hex(response)}`;
    assert.ok(response.length >= 2, where);
    assert.ok(isStatusWord(response[response.length - 2]!), where);
    if (response.length > 2) assert.match(swOf(response), /^(90|61|62|63)/, where);
  }
  card.cancelTear();
  return { torn };
}

test('fuzz: any byte string yields a status word, never an exception other than CardTornError', () => {
  for (const protocol of ['T=0', 'T=1'] as const) {
    const rand = prng(seed + (protocol === 'T=0' ? 0 : 1));
    const card = createDemoCard({ protocol, random: (n) => new Uint8Array(n) });
    const { torn } = fuzz(card, rand, 4000);
    assert.ok(torn > 0, 'the fuzz run exercised tearing');
    // The card still works afterwards.
    card.powerOn();
    assert.match(swOf(card.transmit(bytes(SELECT_DEMO))), protocol === 'T=0' ? /^61/ : /^9000$/);
  }
});

test('fuzz: short inputs of every length 0 to 4 answer 6700 or a class/instruction status word', () => {
  const card = createDemoCard();
  card.powerOn();
  assert.is(hex(card.transmit(new Uint8Array(0))), '6700');
  for (const length of [1, 2, 3]) assert.is(hex(card.transmit(new Uint8Array(length))), '6700');
  assert.is(hex(card.transmit(bytes('FF000000'))), '6E00');
});

test.run();
