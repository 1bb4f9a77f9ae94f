import * as assert from 'uvu/assert';
import { createCipheriv, createHash, createHmac } from 'node:crypto';
import { suite } from '../../support/suite.ts';
import { generateRsaKeyPair, rsaPublic, type RsaKeyPair, type RsaPublicKey } from '../../../emv/oda/rsa.ts';
import {
  BiometricDataError,
  buildBiometricVerificationData,
  onlineBiometricUnpredictableNumber,
  openBiometricVerificationData,
  type BiometricCheck,
  type BiometricPlaintext,
} from '../../../emv/biometric/biometric-verification-data.ts';
import { BIOMETRIC_TYPE_FINGER, BIOMETRIC_TYPE_PALM } from '../../../emv/biometric/biometric-data-objects.ts';
import { decodeTlv } from '../../../emv/tlv/decode-tlv.ts';
import { encodeTlv } from '../../../emv/tlv/encode-tlv.ts';
import { fromHex, toHex } from '../../../emv/tlv/hex.ts';
import type { Tlv } from '../../../emv/tlv/tlv-node.ts';
import { assertEmvError } from '../assert-emv-error.ts';

const test = suite('emv/biometric/biometric-verification-data');

// A fixed 1024-bit public key (exponent 3) generated once for this test; only its public half is needed here.
const FIXED_KEY: RsaPublicKey = {
  modulus: fromHex(
    'F75E05B90F2DEC4E675E5A7D32BFF6C0A6A530BE99858E8343ABDF6232BE605728E0290C8EE5DE9B1D20FCC8C4FF148D' +
      'C091D78A4B171DDC2F31F674D00AF3D8149281FF6D55C711A56048F219D0D49383203832DD673A10F630CE1F76348738' +
      '5437027D9C3D9DF49BF718A8E13A416AD94FA0C3BF5149BAC14CF23E8098267B',
  ),
  exponent: Uint8Array.of(0x03),
};

const UN = fromHex('0123456789ABCDEF');
const SOLUTION_ID = fromHex('4B415254');
// Right index finger: b6 = 1 finger, b5..b3 = 010 index, b2..b1 = 01 right. See EMV 4.4 Book 3, Table 50.
const RIGHT_INDEX = 0x29;
const PLAIN: BiometricPlaintext = {
  biometricType: BIOMETRIC_TYPE_FINGER,
  solutionId: SOLUTION_ID,
  subtype: RIGHT_INDEX,
  bdb: Uint8Array.from({ length: 61 }, (_, i) => (i * 7 + 3) & 0xff),
};
/** A fixed "random" source: byte i of every draw is (37 i + 11) mod 256. */
const fixedRandom = (n: number): Uint8Array => Uint8Array.from({ length: n }, (_, i) => (i * 37 + 11) & 0xff);

// Keys are generated once per file: RSA key generation is the slow part.
const KEY: RsaKeyPair = generateRsaKeyPair(1024, 3);
const OTHER_KEY: RsaKeyPair = generateRsaKeyPair(1024, 3);
const BIGGER_KEY: RsaKeyPair = generateRsaKeyPair(1152, 65537);

const build = (overrides: Partial<Parameters<typeof buildBiometricVerificationData>[0]> = {}): Uint8Array =>
  buildBiometricVerificationData({
    ...PLAIN,
    unpredictableNumber: UN,
    recipientKey: KEY.publicKey,
    random: fixedRandom,
    ...overrides,
  });

function assertCheck(fn: () => unknown, check: BiometricCheck): void {
  const error = assertEmvError(fn, 'EMV_BIOMETRIC_DATA_INVALID');
  assert.instance(error, BiometricDataError);
  assert.is((error as BiometricDataError).check, check);
}

// ---- An independent rendering of EMV 4.4 Book 2, 7.3, used for the known-answer test and to forge inputs. ----

const big = (bytes: Uint8Array): bigint => BigInt('0x' + (toHex(bytes) || '0'));
const bytesOf = (value: bigint, length: number): Uint8Array => fromHex(value.toString(16).padStart(length * 2, '0'));
function powMod(base: bigint, exponent: bigint, modulus: bigint): bigint {
  let result = 1n;
  for (let b = base % modulus, e = exponent; e > 0n; e >>= 1n, b = (b * b) % modulus) if (e & 1n) result = (result * b) % modulus;
  return result;
}
const sha256 = (...parts: Uint8Array[]): Uint8Array => {
  const hash = createHash('sha256');
  for (const part of parts) hash.update(part);
  return new Uint8Array(hash.digest());
};
/** Step 3c: K = KDF1(R, 48) = SHA-256(R || 00000000) || first 16 bytes of SHA-256(R || 00000001). */
function referenceKeys(r: Uint8Array): { bek: Uint8Array; bmk: Uint8Array } {
  const k = new Uint8Array([...sha256(r, fromHex('00000000')), ...sha256(r, fromHex('00000001')).subarray(0, 16)]);
  return { bek: k.subarray(0, 16), bmk: k.subarray(16) };
}
/** Step 3f: SC1 = AES-128-CBC, zero IV, PKCS#7-style padding (Node's own padding, not the code under test). */
function referenceEncrypt(bek: Uint8Array, plaintext: Uint8Array): Uint8Array {
  const cipher = createCipheriv('aes-128-cbc', bek, new Uint8Array(16));
  return new Uint8Array([...cipher.update(plaintext), ...cipher.final()]);
}
/** Step 3f without padding, to forge ciphertexts whose padding is wrong. */
function referenceEncryptRaw(bek: Uint8Array, blocks: Uint8Array): Uint8Array {
  const cipher = createCipheriv('aes-128-cbc', bek, new Uint8Array(16)).setAutoPadding(false);
  return new Uint8Array([...cipher.update(blocks), ...cipher.final()]);
}
/** Step 3g: HMAC-SHA-256 over the Enciphered Biometric Data followed by 8 zero bytes, leftmost 8 bytes. */
const referenceMac = (bmk: Uint8Array, data: Uint8Array): Uint8Array =>
  new Uint8Array(createHmac('sha256', bmk).update(data).update(new Uint8Array(8)).digest()).subarray(0, 8);
/** Table 26, field by field. */
function referenceTable26(un: Uint8Array, p: BiometricPlaintext): Uint8Array {
  return new Uint8Array([
    ...un,
    p.solutionId.length,
    ...p.solutionId,
    p.biometricType.length,
    ...p.biometricType,
    p.subtype,
    p.bdb.length >> 8,
    p.bdb.length & 0xff,
    ...p.bdb,
  ]);
}
/** A BER length on the minimum number of bytes (lengths here stay under 65 536). */
const lengthHex = (n: number): string =>
  n < 0x80 ? toHex(Uint8Array.of(n)) : n < 0x100 ? '81' + toHex(Uint8Array.of(n)) : '82' + toHex(Uint8Array.of(n >> 8, n & 0xff));
const tlvHex = (tagHex: string, value: Uint8Array | string): string => {
  const hex = typeof value === 'string' ? value : toHex(value);
  return tagHex + lengthHex(hex.length / 2) + hex;
};
/** Forges a template around a chosen key seed and plaintext bytes (padded or raw) for `key`. */
function forge(
  key: RsaPublicKey,
  options: { plaintext?: Uint8Array; rawBlocks?: Uint8Array; type?: Uint8Array; solutionId?: Uint8Array },
): Uint8Array {
  const r = Uint8Array.from(key.modulus);
  r[r.length - 1]! ^= 0x01; // r < n (n is odd, so n xor 1 = n - 1), same bit length
  const { bek, bmk } = referenceKeys(r);
  const data = options.rawBlocks ? referenceEncryptRaw(bek, options.rawBlocks) : referenceEncrypt(bek, options.plaintext!);
  const seed = bytesOf(powMod(big(r), big(key.exponent), big(key.modulus)), key.modulus.length);
  const inner =
    tlvHex('81', options.type ?? PLAIN.biometricType) +
    tlvHex('90', options.solutionId ?? PLAIN.solutionId) +
    tlvHex('DF50', seed) +
    tlvHex('DF51', data) +
    tlvHex('DF52', referenceMac(bmk, data));
  return fromHex(tlvHex('BF4E', inner));
}

// ---- Tests ----

test('known answer: every step of Book 2 7.3 recomputed independently gives the exact template', () => {
  const random = fixedRandom(128);
  // Step 3b: r has n's bit length (1024 bits: top bit set) and r < n; here the draw only needs its top bit set.
  const r = Uint8Array.from(random);
  r[0] = r[0]! | 0x80;
  assert.ok(big(r) < big(FIXED_KEY.modulus));
  const { bek, bmk } = referenceKeys(r);
  // Step 3e: C = r^e mod n.
  const seed = bytesOf(powMod(big(r), 3n, big(FIXED_KEY.modulus)), 128);
  const data = referenceEncrypt(bek, referenceTable26(UN, PLAIN));
  const mac = referenceMac(bmk, data);
  const expected =
    tlvHex(
      'BF4E',
      tlvHex('81', '08') + tlvHex('90', '4B415254') + tlvHex('DF50', seed) + tlvHex('DF51', data) + tlvHex('DF52', mac),
    );
  const actual = build({ recipientKey: FIXED_KEY });
  assert.is(toHex(actual), expected);
  // Table 26 is 8 + 1 + 4 + 1 + 1 + 1 + 2 + 61 = 79 bytes, padded to 80: one padding byte 01.
  assert.is(data.length, 80);
  assert.is(actual.length, 4 + 3 + 6 + 4 + 128 + 3 + 80 + 3 + 8);
});

test('round trip: what the terminal builds the card opens, for several keys, types and BDB sizes', () => {
  const cases: [RsaKeyPair, BiometricPlaintext][] = [
    [KEY, PLAIN],
    [BIGGER_KEY, { ...PLAIN, bdb: Uint8Array.of(0x42) }],
    [KEY, { ...PLAIN, biometricType: BIOMETRIC_TYPE_PALM, subtype: 0x00, solutionId: new Uint8Array(255).fill(7) }],
    [BIGGER_KEY, { ...PLAIN, bdb: new Uint8Array(65535).fill(0x5a) }],
    [KEY, { ...PLAIN, bdb: new Uint8Array(15) }], // Table 26 of exactly 32 bytes: a whole padding block
  ];
  for (const [key, plain] of cases) {
    const bvdt = buildBiometricVerificationData({ ...plain, unpredictableNumber: UN, recipientKey: key.publicKey, random: fixedRandom });
    const opened = openBiometricVerificationData(bvdt, { unpredictableNumber: UN, recipientKey: key });
    assert.equal(opened, { ...plain });
    // The card reassembles the VERIFY data fields, i.e. the value field only: accepted too.
    const value = decodeTlv(bvdt, { recurse: false })[0]!.value;
    assert.equal(openBiometricVerificationData(value, { unpredictableNumber: UN, recipientKey: key }), { ...plain });
  }
});

test('the key seed is drawn again until it is below the modulus, with the modulus bit length', () => {
  const draws: number[] = [];
  let count = 0;
  const random = (n: number): Uint8Array => {
    draws.push(n);
    // First draw all FF (masked, still above n), then all 00 (masked: 80 00 .. 00, below n).
    return new Uint8Array(n).fill(count++ === 0 ? 0xff : 0x00);
  };
  const bvdt = build({ recipientKey: FIXED_KEY, random });
  assert.equal(draws, [128, 128]);
  const seed = decodeTlv(decodeTlv(bvdt)[0]!.value, { recurse: false })[2]!.value;
  const r = new Uint8Array(128);
  r[0] = 0x80;
  assert.is(toHex(seed), toHex(rsaPublic(FIXED_KEY, r)));
});

test('a random source that never gives a usable seed, or the wrong length, is refused', () => {
  assertEmvError(() => build({ random: (n) => new Uint8Array(n).fill(0xff) }), 'EMV_BIOMETRIC_DATA_INVALID');
  assertEmvError(() => build({ random: (n) => new Uint8Array(n - 1) }), 'EMV_BIOMETRIC_DATA_INVALID');
});

test('bad terminal inputs are refused with codes', () => {
  const bad: Partial<Parameters<typeof buildBiometricVerificationData>[0]>[] = [
    { unpredictableNumber: new Uint8Array(7) },
    { unpredictableNumber: new Uint8Array(9) },
    { biometricType: new Uint8Array(0) },
    { biometricType: new Uint8Array(4) },
    { solutionId: new Uint8Array(0) },
    { solutionId: new Uint8Array(256) },
    { subtype: 256 },
    { subtype: -1 },
    { subtype: 1.5 },
    { bdb: new Uint8Array(0) },
    { bdb: new Uint8Array(65536) },
  ];
  for (const overrides of bad) assertEmvError(() => build(overrides), 'EMV_BIOMETRIC_DATA_INVALID');
  assertEmvError(() => build({ recipientKey: { modulus: KEY.publicKey.modulus, exponent: Uint8Array.of(5) } }), 'EMV_KEY_INVALID');
  assertEmvError(() => build({ recipientKey: { modulus: new Uint8Array(32).fill(0xff), exponent: Uint8Array.of(3) } }), 'EMV_KEY_INVALID');
});

/** Replaces the value of one object of a built template and re-encodes it. */
function withObject(bvdt: Uint8Array, tag: number, change: (value: Uint8Array) => Uint8Array | undefined): Uint8Array {
  const inner = decodeTlv(decodeTlv(bvdt)[0]!.value, { recurse: false });
  const kept: Tlv[] = [];
  for (const node of inner) {
    if (node.tag !== tag) kept.push(node);
    else {
      const value = change(Uint8Array.from(node.value));
      if (value) kept.push({ tag, value });
    }
  }
  return encodeTlv({ tag: 0xbf4e, value: new Uint8Array(), children: kept });
}
const flip = (at: number) => (value: Uint8Array): Uint8Array => {
  value[at < 0 ? value.length + at : at]! ^= 0x01;
  return value;
};

test('every check fails with EMV_BIOMETRIC_DATA_INVALID and names itself', () => {
  const bvdt = build();
  const open = (bytes: Uint8Array, key: RsaKeyPair = KEY, un: Uint8Array = UN) => () =>
    openBiometricVerificationData(bytes, { unpredictableNumber: un, recipientKey: key });
  // Another key of the same size: the seed deciphers to something else, so the MAC fails (or the seed is >= n).
  const wrongKey = assertEmvError(open(bvdt, OTHER_KEY), 'EMV_BIOMETRIC_DATA_INVALID') as BiometricDataError;
  assert.ok(wrongKey.check === 'mac' || wrongKey.check === 'key-seed', wrongKey.check);
  assertCheck(open(bvdt, BIGGER_KEY), 'key-seed');
  assertCheck(open(bvdt, KEY, fromHex('0123456789ABCDEE')), 'unpredictable-number');
  assertCheck(open(bvdt, KEY, new Uint8Array(7)), 'unpredictable-number');
  assertCheck(open(withObject(bvdt, 0xdf52, flip(0))), 'mac');
  assertCheck(open(withObject(bvdt, 0xdf52, flip(-1))), 'mac');
  assertCheck(open(withObject(bvdt, 0xdf52, (v) => v.subarray(0, 7))), 'mac');
  assertCheck(open(withObject(bvdt, 0xdf51, flip(0))), 'mac');
  assertCheck(open(withObject(bvdt, 0xdf51, flip(-1))), 'mac');
  assertCheck(open(withObject(bvdt, 0xdf50, flip(-1))), 'mac');
  assertCheck(open(withObject(bvdt, 0xdf50, (v) => v.fill(0xff))), 'key-seed'); // not below the modulus
  assertCheck(open(withObject(bvdt, 0xdf50, (v) => v.subarray(1))), 'key-seed');
  assertCheck(open(withObject(bvdt, 0x81, () => Uint8Array.of(0x02))), 'biometric-type');
  assertCheck(open(withObject(bvdt, 0x90, () => fromHex('4B415255'))), 'solution-id');
  for (const tag of [0x81, 0x90, 0xdf50, 0xdf51, 0xdf52]) assertCheck(open(withObject(bvdt, tag, () => undefined)), 'template');
  for (const cut of [1, 2, 8, 100, bvdt.length - 1]) assertCheck(open(bvdt.subarray(0, cut)), 'template');
  assertCheck(open(new Uint8Array(0)), 'template');
});

test('the template must be exactly Table 27: order, no padding, minimal lengths, nothing more', () => {
  const bvdt = build();
  const inner = decodeTlv(decodeTlv(bvdt)[0]!.value, { recurse: false });
  const reordered = encodeTlv({ tag: 0xbf4e, value: new Uint8Array(), children: [inner[1]!, inner[0]!, ...inner.slice(2)] });
  const extra = encodeTlv({ tag: 0xbf4e, value: new Uint8Array(), children: [...inner, { tag: 0x9f37, value: new Uint8Array(4) }] });
  const twice = encodeTlv({ tag: 0xbf4e, value: new Uint8Array(), children: [...inner, inner[4]!] });
  const value = decodeTlv(bvdt)[0]!.value;
  const padded = new Uint8Array([...value, 0x00]);
  // 81 01 08 rewritten as 81 81 01 08 (a length not on the minimum number of bytes).
  const longLength = new Uint8Array([0x81, 0x81, 0x01, ...value.subarray(2)]);
  const trailing = new Uint8Array([...bvdt, 0x00]);
  const wrongOuter = new Uint8Array([0xbf, 0x4d, ...bvdt.subarray(2)]);
  for (const bytes of [reordered, extra, twice, padded, longLength, trailing, wrongOuter]) {
    assertCheck(() => openBiometricVerificationData(bytes, { unpredictableNumber: UN, recipientKey: KEY }), 'template');
  }
});

test('a valid MAC over data with bad padding or a bad Table 26 layout is still refused', () => {
  const open = (bytes: Uint8Array) => () => openBiometricVerificationData(bytes, { unpredictableNumber: UN, recipientKey: KEY });
  const good = referenceTable26(UN, PLAIN);
  // The forger's own template opens (this proves forge() matches the code under test)...
  assert.equal(openBiometricVerificationData(forge(KEY.publicKey, { plaintext: good }), { unpredictableNumber: UN, recipientKey: KEY }), {
    ...PLAIN,
  });
  // ...so each refusal below is down to the one thing changed.
  const lastByte = (value: number) => new Uint8Array([...new Uint8Array(31), value]);
  assertCheck(open(forge(KEY.publicKey, { rawBlocks: lastByte(0x00) })), 'padding');
  assertCheck(open(forge(KEY.publicKey, { rawBlocks: lastByte(0x11) })), 'padding');
  assertCheck(open(forge(KEY.publicKey, { rawBlocks: new Uint8Array([...new Uint8Array(29), 0x01, 0x03, 0x03]) })), 'padding');
  assertCheck(open(forge(KEY.publicKey, { plaintext: good.subarray(0, good.length - 1) })), 'plaintext');
  assertCheck(open(forge(KEY.publicKey, { plaintext: new Uint8Array([...good, 0x00]) })), 'plaintext');
  assertCheck(open(forge(KEY.publicKey, { plaintext: new Uint8Array(5) })), 'plaintext');
  assertCheck(open(forge(KEY.publicKey, { plaintext: good, type: Uint8Array.of(0x10) })), 'biometric-type');
});

test('errors carry no key, seed or biometric bytes', () => {
  const bvdt = build();
  const secrets = [toHex(PLAIN.bdb).slice(0, 16), toHex(SOLUTION_ID), toHex(UN)];
  const attempts = [
    () => openBiometricVerificationData(bvdt, { unpredictableNumber: new Uint8Array(8), recipientKey: KEY }),
    () => openBiometricVerificationData(withObject(bvdt, 0xdf52, flip(0)), { unpredictableNumber: UN, recipientKey: KEY }),
    () => openBiometricVerificationData(bvdt.subarray(0, 50), { unpredictableNumber: UN, recipientKey: KEY }),
  ];
  for (const attempt of attempts) {
    const error = assertEmvError(attempt, 'EMV_BIOMETRIC_DATA_INVALID');
    for (const secret of secrets) assert.not.ok(error.message.toUpperCase().includes(secret), error.message);
  }
});

test('online: the 4-byte Unpredictable Number of the request, left-padded to 8 bytes', () => {
  assert.is(toHex(onlineBiometricUnpredictableNumber(fromHex('A1B2C3D4'))), '00000000A1B2C3D4');
  assertEmvError(() => onlineBiometricUnpredictableNumber(new Uint8Array(8)), 'EMV_BIOMETRIC_DATA_INVALID');
  const un = onlineBiometricUnpredictableNumber(fromHex('A1B2C3D4'));
  const bvdt = build({ unpredictableNumber: un, recipientKey: OTHER_KEY.publicKey });
  assert.equal(openBiometricVerificationData(bvdt, { unpredictableNumber: un, recipientKey: OTHER_KEY }), { ...PLAIN });
});

test('two builds with different random draws differ, and both open', () => {
  let n = 0;
  const counting = (length: number) => Uint8Array.from({ length }, (_, i) => (i + n++) & 0xff);
  const a = build({ random: counting });
  const b = build({ random: counting });
  assert.is.not(toHex(a), toHex(b));
  for (const bvdt of [a, b]) {
    assert.instance(openBiometricVerificationData(bvdt, { unpredictableNumber: UN, recipientKey: KEY }).bdb, Uint8Array);
  }
});

test.run();
