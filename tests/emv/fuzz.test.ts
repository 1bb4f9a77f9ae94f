/**
 * Fuzzes the EMV data layer with one million seeded random and mutated inputs (four tests of 250 000). Every
 * input goes through the TLV decoder (recursive and flat), the tree printer, the DOL parser and builder, and the
 * command and response APDU parsers, and through one of the n / cn / a / an / ans / date / time decoders in
 * turn (all seven on every input would double the run time for little gain). Each call must return or throw an
 * `EmvError`; any other exception fails, naming the seed, input number, target and input hex. Calls are
 * synchronous, so each is timed and one over CALL_LIMIT_MS (again on two retries, to ride out a busy machine)
 * fails as a hang. Successful decodes must also round-trip (re-encoding reproduces the input or a fixed point).
 *
 * Reproduce: KART_FUZZ_SEED=<seed> node --import tsx tests/emv/fuzz.test.ts
 */
import * as assert from 'uvu/assert';
import { suite } from '../support/suite.ts';
import { EmvError } from '../../emv/errors.ts';
import { decodeTlv } from '../../emv/tlv/decode-tlv.ts';
import { encodeTlv } from '../../emv/tlv/encode-tlv.ts';
import { formatTlvTree } from '../../emv/tlv/format-tlv-tree.ts';
import { parseDol } from '../../emv/tlv/parse-dol.ts';
import { buildDolData } from '../../emv/tlv/build-dol-data.ts';
import { decodeCn, decodeN, decodeText, encodeCn, encodeN, encodeText } from '../../emv/tlv/data-format.ts';
import { decodeEmvDate, decodeEmvTime } from '../../emv/tlv/emv-date.ts';
import { fromHex, toHex } from '../../emv/tlv/hex.ts';
import { parseCommandApdu } from '../../emv/apdu/parse-command-apdu.ts';
import { buildCommandApdu } from '../../emv/apdu/command-apdu.ts';
import { buildResponseApdu, parseResponseApdu } from '../../emv/apdu/response-apdu.ts';
import { CDOL1_HEX, GPO_FORMAT1_HEX, GPO_FORMAT2_HEX, PPSE_FCI_HEX, PSE_FCI_HEX, READ_RECORD_HEX } from './emv-examples.ts';
import { createSeededRandom } from '../../terminal/journal/seeded-random.ts';

const BASE_SEED = Number(process.env['KART_FUZZ_SEED'] ?? 0x4b415254) >>> 0;
const INPUTS_PER_TEST = 250_000;
const TESTS = 4;
const CALL_LIMIT_MS = 50;

console.log(`fuzz seed: ${BASE_SEED} (set KART_FUZZ_SEED to reproduce)`);

const createRandom = createSeededRandom;

const CORPUS = [
  PSE_FCI_HEX, PPSE_FCI_HEX, GPO_FORMAT1_HEX, GPO_FORMAT2_HEX, READ_RECORD_HEX, CDOL1_HEX,
  '9F6604 DF810100 9F3704', '7006 7004 7002 5A00', '508400000001FF', '00FF5001410000FF50014200',
  '80CA9F36', '0084000000', '00A4040007A000000003101000', '0020008008241234FFFFFFFFFF', '00B00000000101',
  '00A40400000007A0000000031010', '00A40400000007A00000000310100100', '80A8000002830000',
  '9000', '6283', '611C', '6A82', '9F36020019 9000',
  '000000001500', '0818', '251231', '143005', '4761739001010010FFFF', '12345F', '56495341', '656E6672',
].map(fromHex);

/** Bytes that matter to the decoders: padding, long-form lengths, multi-byte tag starts, templates. */
const INTERESTING = [0x00, 0xff, 0x80, 0x81, 0x82, 0x83, 0x84, 0x85, 0x7f, 0x1f, 0x9f, 0x5f, 0xbf, 0xdf, 0x70, 0x77, 0x6f, 0x61, 0xa5];

function generate(random: ReturnType<typeof createRandom>): Uint8Array {
  const byte = () => (random.next() < 0.3 ? INTERESTING[random.int(INTERESTING.length)]! : random.int(256));
  if (random.next() < 0.3) return Uint8Array.from({ length: random.int(48) }, byte);
  let bytes: number[] = [...CORPUS[random.int(CORPUS.length)]!];
  const mutations = 1 + random.int(3);
  for (let m = 0; m < mutations; m++) {
    const at = random.int(bytes.length + 1);
    switch (random.int(6)) {
      case 0: // bit flip
        if (bytes.length) bytes[at % bytes.length]! ^= 1 << random.int(8);
        break;
      case 1: // truncation
        bytes = bytes.slice(0, at);
        break;
      case 2: // length-byte (or any byte) corruption with an interesting value
        if (bytes.length) bytes[at % bytes.length] = byte();
        break;
      case 3: // insertion
        bytes.splice(at, 0, ...Array.from({ length: 1 + random.int(4) }, byte));
        break;
      case 4: // deletion
        bytes.splice(at, 1 + random.int(3));
        break;
      default: // duplicate a slice (nests templates, repeats objects)
        bytes.splice(at, 0, ...bytes.slice(random.int(bytes.length + 1), random.int(bytes.length + 1)));
    }
  }
  return Uint8Array.from(bytes.slice(0, 600));
}

const DOL_SOURCE = new Map<number, Uint8Array>([
  [0x9f02, fromHex('000000001500')],
  [0x5a, fromHex('4761739001010010')],
  [0x9f37, fromHex('1A2B3C4D')],
  [0x70, fromHex('5A0112')],
]);

const same = (a: Uint8Array, b: Uint8Array) => a.length === b.length && a.every((x, i) => x === b[i]);
function check(ok: boolean, what: string): void {
  if (!ok) throw new Error(`round trip broken: ${what}`);
}

type Target = readonly [string, (input: Uint8Array) => void];

/** Each target returns normally or throws; an `EmvError` counts as a proper rejection. Every input meets all of these. */
const STRUCTURE_TARGETS: readonly Target[] = [
  ['decodeTlv', (x) => {
    const first = encodeTlv(decodeTlv(x));
    check(same(encodeTlv(decodeTlv(first)), first), 'decodeTlv/encodeTlv not a fixed point');
  }],
  ['decodeTlv flat, depth 2', (x) => void decodeTlv(x, { recurse: false, maxDepth: 2 })],
  ['formatTlvTree', (x) => void formatTlvTree(x, { redact: (tag) => tag === 0x5a })],
  ['parseDol + buildDolData', (x) => {
    const dol = parseDol(x);
    const data = buildDolData(dol, DOL_SOURCE);
    check(data.length === dol.reduce((n, e) => n + e.length, 0), 'DOL data length');
  }],
  ['parseCommandApdu', (x) => {
    const parsed = parseCommandApdu(x);
    check(same(buildCommandApdu(parsed, { extended: parsed.extended }), x), 'command APDU re-encoding');
  }],
  ['parseResponseApdu', (x) => {
    const r = parseResponseApdu(x);
    check(same(buildResponseApdu(r.data, r.sw), x), 'response APDU re-encoding');
  }],
];

/** The format decoders take turns: input i meets FORMAT_TARGETS[i % 7] (about 140 000 inputs each). */
const FORMAT_TARGETS: readonly Target[] = [
  ['decodeN', (x) => check(same(encodeN(decodeN(x), x.length), x), 'n')],
  ['decodeCn', (x) => check(same(encodeCn(decodeCn(x), x.length), x), 'cn')],
  ['decodeText a', (x) => check(same(encodeText('a', decodeText('a', x), x.length), x), 'a')],
  ['decodeText an', (x) => check(same(encodeText('an', decodeText('an', x), x.length), x), 'an')],
  ['decodeText ans', (x) => check(same(encodeText('ans', decodeText('ans', x), x.length), x), 'ans')],
  ['decodeEmvDate', (x) => void decodeEmvDate(x)],
  ['decodeEmvTime', (x) => void decodeEmvTime(x)],
];

const TARGETS = [...STRUCTURE_TARGETS, ...FORMAT_TARGETS];

/**
 * Runs one target on one input; returns the duration in ms, or throws with everything needed to reproduce.
 * The loop runs with `Error.stackTraceLimit = 0` (capturing stacks for a million expected rejections would
 * cost more than the decoding); a foreign exception is re-run with stacks on, so the report carries one.
 */
function runOne(name: string, fn: (x: Uint8Array) => void, input: Uint8Array, where: string): number {
  const started = performance.now();
  try {
    fn(input);
  } catch (error) {
    if (!(error instanceof EmvError)) {
      let cause: unknown = error;
      const limit = Error.stackTraceLimit;
      Error.stackTraceLimit = 10;
      try {
        fn(input);
      } catch (again) {
        cause = again;
      } finally {
        Error.stackTraceLimit = limit;
      }
      throw new Error(`${where} ${name}(${toHex(input)}) threw ${String(error)}`, { cause });
    }
  }
  return performance.now() - started;
}

function runTimed(target: Target, input: Uint8Array, where: string): void {
  const [name, fn] = target;
  let ms = runOne(name, fn, input, where);
  // A busy machine can stall any call; a real hang or blow-up stays slow when retried.
  for (let retry = 0; retry < 2 && ms > CALL_LIMIT_MS; retry++) ms = runOne(name, fn, input, where);
  if (ms > CALL_LIMIT_MS) assert.unreachable(`${where} ${name}(${toHex(input)}) took ${ms.toFixed(1)} ms`);
}

function fuzz(testIndex: number): { accepted: Record<string, number> } {
  const limit = Error.stackTraceLimit;
  Error.stackTraceLimit = 0;
  try {
    return fuzzLoop(testIndex);
  } finally {
    Error.stackTraceLimit = limit;
  }
}

function fuzzLoop(testIndex: number): { accepted: Record<string, number> } {
  const seed = (BASE_SEED + testIndex) >>> 0;
  const random = createRandom(seed);
  const accepted: Record<string, number> = {};
  for (let i = 0; i < INPUTS_PER_TEST; i++) {
    const input = generate(random);
    const where = `[seed ${seed}, input ${i}]`;
    for (const target of STRUCTURE_TARGETS) runTimed(target, input, where);
    runTimed(FORMAT_TARGETS[i % FORMAT_TARGETS.length]!, input, where);
    if (i < 2_000) {
      // Count successes on a sample so the test proves the generator reaches the accepting paths too.
      for (const [name, fn] of TARGETS) {
        try {
          fn(input);
          accepted[name] = (accepted[name] ?? 0) + 1;
        } catch {
          // rejections were already checked above
        }
      }
    }
  }
  return { accepted };
}

const test = suite('emv/fuzz', { timeoutMs: 120_000 });

for (let t = 0; t < TESTS; t++) {
  test(`${INPUTS_PER_TEST} inputs, seed ${BASE_SEED}+${t}: values or EmvError, none slow`, () => {
    const { accepted } = fuzz(t);
    for (const [name] of TARGETS) assert.ok((accepted[name] ?? 0) > 0, `${name} never accepted an input`);
  });
}

test('the harness fails on a non-EmvError and reports where', () => {
  try {
    runOne('boom', () => {
      throw new TypeError('x');
    }, fromHex('01'), '[seed 1, input 2]');
    assert.unreachable('runOne swallowed a TypeError');
  } catch (error) {
    assert.is((error as Error).message, '[seed 1, input 2] boom(01) threw TypeError: x');
  }
});

test.run();
