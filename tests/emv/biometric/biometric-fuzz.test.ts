/**
 * Seeded fuzz of the card side of biometric verification and of the biometric data-object parsers. Inputs are
 * mutations of valid encodings (bit flips, byte changes, insertions, deletions, truncations, length bytes pushed
 * around), structurally valid templates with random object values (so the RSA, MAC and padding checks are reached),
 * and random bytes. Each call must return or throw `EMV_BIOMETRIC_DATA_INVALID`; any other exception fails, naming
 * the seed, case number and input. A call slower than CALL_LIMIT_MS fails as a hang. Whatever opens must be the
 * plaintext that was enciphered; whatever parses must round-trip through its encoder.
 *
 * Reproduce: KART_FUZZ_SEED=<seed> node --import tsx tests/emv/biometric/biometric-fuzz.test.ts
 */
import * as assert from 'uvu/assert';
import { suite } from '../../support/suite.ts';
import { EmvError } from '../../../emv/errors.ts';
import { generateRsaKeyPair } from '../../../emv/oda/rsa.ts';
import {
  buildBiometricVerificationData,
  openBiometricVerificationData,
  type BiometricPlaintext,
} from '../../../emv/biometric/biometric-verification-data.ts';
import { biometricVerifyCommands } from '../../../emv/biometric/biometric-commands.ts';
import {
  BIOMETRIC_TYPE_FINGER,
  BIOMETRIC_TYPE_PALM,
  FORMAT_OWNER_ISO_SC37,
  FORMAT_TYPE_ISO_19794_2_COMPACT_CARD,
  encodeBiometricTerminalCapabilities,
  encodeBiometricTryCounters,
  encodeCardBitGroupTemplate,
  encodePreferredAttempts,
  parseBiometricTerminalCapabilities,
  parseBiometricTryCounters,
  parseCardBitGroupTemplate,
  parsePreferredAttempts,
} from '../../../emv/biometric/biometric-data-objects.ts';
import { encodeTlv } from '../../../emv/tlv/encode-tlv.ts';
import { toHex } from '../../../emv/tlv/hex.ts';
import { createSeededRandom, type SeededRandom } from '../../../terminal/journal/seeded-random.ts';

const test = suite('emv/biometric/biometric-fuzz');

const BASE_SEED = Number(process.env['KART_FUZZ_SEED'] ?? 0x42494f4d) >>> 0;
const OPEN_CASES = 8_000;
const PARSER_CASES = 40_000;
const CALL_LIMIT_MS = 50;
console.log(`fuzz seed: ${BASE_SEED} (set KART_FUZZ_SEED to reproduce)`);

const KEY = generateRsaKeyPair(1024, 3);
const UN = Uint8Array.of(1, 2, 3, 4, 5, 6, 7, 8);
const PLAIN: BiometricPlaintext = {
  biometricType: BIOMETRIC_TYPE_FINGER,
  solutionId: Uint8Array.of(0x4b, 0x41),
  subtype: 0x29,
  bdb: Uint8Array.from({ length: 90 }, (_, i) => i),
};
const VALID_BVDT = buildBiometricVerificationData({
  ...PLAIN,
  unpredictableNumber: UN,
  recipientKey: KEY.publicKey,
  random: (n) => Uint8Array.from({ length: n }, (_, i) => (i * 91 + 7) & 0xff),
});

const INTERESTING = [0x00, 0xff, 0x80, 0x81, 0x82, 0x83, 0x84, 0x7f, 0x1f, 0x9f, 0xbf, 0xdf, 0x4e, 0x50, 0x51, 0x52, 0x60, 0xa1, 0x02, 0x90, 0x08];

function mutate(random: SeededRandom, source: Uint8Array): Uint8Array {
  const byte = () => (random.next() < 0.4 ? INTERESTING[random.int(INTERESTING.length)]! : random.int(256));
  const bytes = [...source];
  const mutations = 1 + random.int(3);
  for (let m = 0; m < mutations; m++) {
    const at = random.int(bytes.length + 1);
    switch (random.int(7)) {
      case 0:
        if (bytes.length) bytes[at % bytes.length]! ^= 1 << random.int(8);
        break;
      case 1:
        if (bytes.length) bytes[at % bytes.length] = byte();
        break;
      case 2:
        bytes.splice(at, 0, ...Array.from({ length: 1 + random.int(4) }, byte));
        break;
      case 3:
        bytes.splice(at, 1 + random.int(8));
        break;
      case 4:
        bytes.length = Math.min(bytes.length, at);
        break;
      case 5: // a length-looking byte nudged
        if (bytes.length) bytes[at % bytes.length] = (bytes[at % bytes.length]! + (random.next() < 0.5 ? 1 : 255)) & 0xff;
        break;
      default: // a slice repeated
        bytes.splice(at, 0, ...bytes.slice(random.int(bytes.length + 1), random.int(bytes.length + 1)));
    }
  }
  return Uint8Array.from(bytes);
}

const randomBytes = (random: SeededRandom, max: number): Uint8Array =>
  Uint8Array.from({ length: random.int(max) }, () => random.int(256));

/** A template with the right objects in the right order but random values, so the checks past parsing run. */
function structured(random: SeededRandom): Uint8Array {
  const pick = (good: Uint8Array, max: number) => (random.next() < 0.5 ? good : randomBytes(random, max));
  return encodeTlv({
    tag: 0xbf4e,
    value: new Uint8Array(),
    children: [
      { tag: 0x81, value: pick(PLAIN.biometricType, 5) },
      { tag: 0x90, value: pick(PLAIN.solutionId, 5) },
      // Mostly the modulus length, so that the RSA step and the MAC check run.
      { tag: 0xdf50, value: random.next() < 0.7 ? Uint8Array.from({ length: 128 }, () => random.int(256)) : randomBytes(random, 140) },
      { tag: 0xdf51, value: Uint8Array.from({ length: 16 * (1 + random.int(8)) }, () => random.int(256)) },
      { tag: 0xdf52, value: pick(new Uint8Array(8), 10) },
    ],
  });
}

/**
 * Calls `fn`, failing on a non-EmvError or an EmvError of another code. A call slower than the limit is timed
 * again twice (to ride out a busy machine or a GC pause) and fails as a hang only if every run is slow.
 */
function guarded<T>(what: string, seed: number, index: number, input: Uint8Array, fn: () => T): T | undefined {
  const where = `${what} seed ${seed} case ${index} input ${toHex(input).slice(0, 400)}`;
  const once = (): { result: T | undefined; ms: number } => {
    const started = performance.now();
    try {
      return { result: fn(), ms: performance.now() - started };
    } catch (error) {
      if (!(error instanceof EmvError)) assert.unreachable(`${where}: ${String(error)}`);
      assert.is((error as EmvError).code, 'EMV_BIOMETRIC_DATA_INVALID', where);
      return { result: undefined, ms: performance.now() - started };
    }
  };
  let run = once();
  for (let retry = 0; run.ms > CALL_LIMIT_MS && retry < 2; retry++) run = once();
  if (run.ms > CALL_LIMIT_MS) assert.unreachable(`${where}: ${run.ms.toFixed(1)} ms`);
  return run.result;
}

test('openBiometricVerificationData: mutated, structured and random templates', () => {
  const random = createSeededRandom(BASE_SEED);
  let opened = 0;
  for (let i = 0; i < OPEN_CASES; i++) {
    const roll = random.next();
    const input = roll < 0.6 ? mutate(random, VALID_BVDT) : roll < 0.9 ? structured(random) : randomBytes(random, 64);
    const result = guarded('open', BASE_SEED, i, input, () =>
      openBiometricVerificationData(input, { unpredictableNumber: UN, recipientKey: KEY }),
    );
    if (result) {
      opened++;
      assert.equal(result, { ...PLAIN }, `open seed ${BASE_SEED} case ${i} opened to something else`);
    }
    guarded('verify commands', BASE_SEED, i, input, () => biometricVerifyCommands(input));
  }
  // Mutations that change nothing (a byte set to itself) open; anything else must not. Far fewer than all cases.
  assert.ok(opened < OPEN_CASES / 10, `${opened} of ${OPEN_CASES} opened`);
});

test('parseCardBitGroupTemplate: mutated and random values', () => {
  const random = createSeededRandom(BASE_SEED + 1);
  const valid = encodeCardBitGroupTemplate({
    offline: [
      { biometricType: BIOMETRIC_TYPE_FINGER, subtype: 0x29, solutionId: Uint8Array.of(1, 2), formatOwner: FORMAT_OWNER_ISO_SC37, formatType: FORMAT_TYPE_ISO_19794_2_COMPACT_CARD },
      { biometricType: BIOMETRIC_TYPE_PALM },
    ],
    online: [{ biometricType: BIOMETRIC_TYPE_FINGER, subtype: 0x2a }],
  });
  for (let i = 0; i < PARSER_CASES; i++) {
    const input = random.next() < 0.85 ? mutate(random, valid) : randomBytes(random, 48);
    const parsed = guarded('9F31', BASE_SEED + 1, i, input, () => parseCardBitGroupTemplate(input));
    if (parsed) assert.equal(parseCardBitGroupTemplate(encodeCardBitGroupTemplate(parsed)), normalised(parsed), `9F31 case ${i}`);
  }
});

/** What a parsed BIT becomes after one encode: the subtype is written as 00 when absent. */
function normalised(groups: ReturnType<typeof parseCardBitGroupTemplate>): ReturnType<typeof parseCardBitGroupTemplate> {
  const fix = (bits: typeof groups.offline) => bits.map((bit) => ({ ...bit, subtype: bit.subtype ?? 0 }));
  return { offline: fix(groups.offline), online: fix(groups.online) };
}

test('try counters, preferred attempts and terminal capabilities: mutated and random values', () => {
  const random = createSeededRandom(BASE_SEED + 2);
  const counters = encodeBiometricTryCounters({ facial: 1, finger: 3, iris: 0, palm: 9, voice: 255 });
  const caps = encodeBiometricTerminalCapabilities({ fingerOffline: true, fingerOnline: true, irisOnline: true });
  for (let i = 0; i < PARSER_CASES; i++) {
    const input = random.next() < 0.85 ? mutate(random, counters) : randomBytes(random, 24);
    const tries = guarded('BF4C', BASE_SEED + 2, i, input, () => parseBiometricTryCounters(input));
    if (tries) assert.equal(parseBiometricTryCounters(encodeBiometricTryCounters(tries)), tries);
    const preferred = guarded('BF4D', BASE_SEED + 2, i, input, () => parsePreferredAttempts(input));
    if (preferred) assert.equal(parsePreferredAttempts(encodePreferredAttempts(preferred)), preferred);
    const capsInput = random.next() < 0.8 ? mutate(random, caps) : randomBytes(random, 5);
    const parsedCaps = guarded('9F30', BASE_SEED + 2, i, capsInput, () => parseBiometricTerminalCapabilities(capsInput));
    if (parsedCaps) assert.is(toHex(encodeBiometricTerminalCapabilities(parsedCaps)), toHex(capsInput));
  }
});

test.run();
