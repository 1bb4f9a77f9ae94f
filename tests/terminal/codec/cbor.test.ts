import * as assert from 'uvu/assert';
import { suite } from '../../support/suite.ts';
import { CborMalformedError, CborShapeError, decodeCbor, encodeCbor, type CborValue } from '../../../terminal/codec/cbor.ts';

const test = suite('terminal/codec/cbor');
const hex = (bytes: Uint8Array): string => Buffer.from(bytes).toString('hex');
const unhex = (text: string): Uint8Array => new Uint8Array(Buffer.from(text, 'hex'));

// See RFC 8949, Appendix A (examples of encoded CBOR data items), the entries inside the deterministic subset.
const RFC8949_EXAMPLES: ReadonlyArray<readonly [CborValue, string]> = [
  [0, '00'], [1, '01'], [10, '0a'], [23, '17'], [24, '1818'], [25, '1819'], [100, '1864'], [1000, '1903e8'],
  [1000000, '1a000f4240'], [1000000000000, '1b000000e8d4a51000'], [18446744073709551615n, '1bffffffffffffffff'],
  [-1, '20'], [-10, '29'], [-100, '3863'], [-1000, '3903e7'],
  [false, 'f4'], [true, 'f5'], [null, 'f6'],
  [new Uint8Array(0), '40'], [unhex('01020304'), '4401020304'],
  ['', '60'], ['a', '6161'], ['IETF', '6449455446'], ['"\\', '62225c'], ['\u00fc', '62c3bc'], ['\u6c34', '63e6b0b4'],
  ['\u{10151}', '64f0908591'],
  [[], '80'], [[1, 2, 3], '83010203'], [[1, [2, 3], [4, 5]], '8301820203820405'],
  [Array.from({ length: 25 }, (_, i) => i + 1), '98190102030405060708090a0b0c0d0e0f101112131415161718181819'],
];

test('encodes the RFC 8949 Appendix A examples of its subset byte for byte, and decodes them back', () => {
  for (const [value, expected] of RFC8949_EXAMPLES) {
    assert.is(hex(encodeCbor(value)), expected, `encode ${String(value)}`);
    assert.equal(decodeCbor(unhex(expected)), value, `decode ${expected}`);
  }
});

test('integers take the shortest head at every width boundary and never a float', () => {
  const cases: ReadonlyArray<readonly [number | bigint, string]> = [
    [23, '17'], [24, '1818'], [255, '18ff'], [256, '190100'], [65535, '19ffff'], [65536, '1a00010000'],
    [2 ** 31, '1a80000000'], [2 ** 32 - 1, '1affffffff'], [2 ** 32, '1b0000000100000000'],
    [Number.MAX_SAFE_INTEGER, '1b001fffffffffffff'],
    [-24, '37'], [-25, '3818'], [-256, '38ff'], [-257, '390100'], [-(2 ** 31) - 1, '3a80000000'],
    [-(2 ** 32), '3affffffff'], [-(2 ** 32) - 1, '3b0000000100000000'], [Number.MIN_SAFE_INTEGER, '3b001ffffffffffffe'],
    [-(2n ** 64n) + 1n, '3bfffffffffffffffe'],
    // A BigInt takes the same shortest head as the number of the same value.
    [5n, '05'], [255n, '18ff'], [2n ** 32n - 1n, '1affffffff'], [-(2n ** 32n), '3affffffff'], [2n ** 32n, '1b0000000100000000'],
  ];
  for (const [value, expected] of cases) {
    assert.is(hex(encodeCbor(value)), expected, String(value));
    const back = decodeCbor(unhex(expected));
    assert.is(typeof back === 'bigint' ? back : BigInt(back as number), BigInt(value), `round trip ${value}`);
  }
  assert.is(hex(encodeCbor(-0)), '00');
});

test('integers beyond safe range decode as BigInt, safe ones as numbers', () => {
  assert.is(decodeCbor(unhex('1b0020000000000000')), 2n ** 53n);
  assert.is(decodeCbor(unhex('1b001fffffffffffff')), Number.MAX_SAFE_INTEGER);
  assert.is(typeof decodeCbor(encodeCbor(2n ** 40n)), 'number');
});

test('refuses values without a deterministic encoding here, naming the path', () => {
  const refused: ReadonlyArray<readonly [unknown, string]> = [
    [1.5, '$'], [Number.NaN, '$'], [Infinity, '$'], [2 ** 53, '$'], [undefined, '$'], [new Map(), '$'], [{}, '$'],
    [[1, [2, 0.5]], '$[1][1]'], [new Uint16Array(2), '$'], [2n ** 64n, '$'], [-(2n ** 64n), '$'], [Symbol('x'), '$'],
  ];
  for (const [value, path] of refused) {
    try {
      encodeCbor(value as CborValue);
      assert.unreachable(`encoded ${String(value)}`);
    } catch (error) {
      assert.instance(error, CborShapeError, String(value));
      assert.is((error as CborShapeError).code, 'CBOR_SHAPE_INVALID');
      assert.ok((error as Error).message.startsWith(path + ':'), (error as Error).message);
    }
  }
});

test('the same value always gives the same bytes; Buffer and Uint8Array encode alike, untagged', () => {
  const value: CborValue = [1, 'x', unhex('00ff'), [true, null, -5n]];
  assert.is(hex(encodeCbor(value)), hex(encodeCbor(structuredClone(value))));
  assert.is(hex(encodeCbor(Buffer.from([1, 2]))), '420102');
  assert.is(hex(encodeCbor('a'.repeat(300))).slice(0, 6), '79012c');
});

test('truncated input is CborMalformedError with incomplete, at every cut of an item', () => {
  const bytes = encodeCbor([7, 'journal', unhex('0102030405'), [1000000, -70000]]);
  for (let cut = 0; cut < bytes.length; cut++) {
    try {
      decodeCbor(bytes.subarray(0, cut));
      assert.unreachable(`decoded a ${cut}-byte prefix`);
    } catch (error) {
      assert.instance(error, CborMalformedError, `cut ${cut}`);
      assert.is((error as CborMalformedError).code, 'CBOR_MALFORMED');
      assert.ok((error as CborMalformedError).incomplete, `cut ${cut} incomplete`);
    }
  }
});

test('trailing bytes and reserved values are CborMalformedError, not incomplete', () => {
  for (const bad of ['0102', '1c', '5c']) {
    try {
      decodeCbor(unhex(bad));
      assert.unreachable(bad);
    } catch (error) {
      assert.instance(error, CborMalformedError, bad);
      assert.not.ok((error as CborMalformedError).incomplete, bad);
    }
  }
});

test('well-formed items outside the subset are CborShapeError: maps, tags, floats, undefined, a lone break', () => {
  for (const bad of ['a10102', 'd2830102a0', 'fb3ff8000000000000', 'f7', 'ff', '8201a0']) {
    assert.throws(() => decodeCbor(unhex(bad)), (e: unknown) => e instanceof CborShapeError, bad);
  }
});

test('decoded byte strings are copies: changing the input later does not change them', () => {
  const input = encodeCbor([unhex('aabbcc')]);
  const decoded = decodeCbor(input) as [Uint8Array];
  input.fill(0);
  assert.is(hex(decoded[0]), 'aabbcc');
  assert.is(decoded[0].byteLength, decoded[0].buffer.byteLength);
});

test('canonical decoding refuses non-shortest heads, indefinite lengths and integral floats', () => {
  for (const lax of ['1801', '190017', '9f01ff', 'f93c00', 'fb3ff0000000000000']) {
    assert.not.throws(() => decodeCbor(unhex(lax)), lax);
    assert.throws(() => decodeCbor(unhex(lax), { canonical: true }), (e: unknown) => e instanceof CborShapeError, lax);
  }
  assert.equal(decodeCbor(unhex('83010203'), { canonical: true }), [1, 2, 3]);
  assert.throws(() => decodeCbor(unhex('5f4101ff')), (e: unknown) => e instanceof CborMalformedError, 'chunked bstr');
});

test('seeded random values round-trip exactly and re-encode to the same bytes', () => {
  let state = 0x2545f491;
  const next = (): number => {
    state ^= state << 13; state ^= state >>> 17; state ^= state << 5;
    return (state >>> 0) / 2 ** 32;
  };
  const randomValue = (depth: number): CborValue => {
    const pick = Math.floor(next() * (depth > 2 ? 6 : 7));
    switch (pick) {
      case 0: return Math.floor((next() - 0.5) * 2 ** Math.floor(next() * 53));
      case 1: return BigInt.asUintN(64, BigInt(Math.floor(next() * 2 ** 32)) << 32n);
      case 2: return String.fromCharCode(...Array.from({ length: Math.floor(next() * 30) }, () => 0x20 + Math.floor(next() * 0x600)));
      case 3: return new Uint8Array(Array.from({ length: Math.floor(next() * 70) }, () => Math.floor(next() * 256)));
      case 4: return next() < 0.5;
      case 5: return null;
      default: return Array.from({ length: Math.floor(next() * 5) }, () => randomValue(depth + 1));
    }
  };
  for (let i = 0; i < 500; i++) {
    const value = randomValue(0);
    const bytes = encodeCbor(value);
    const back = decodeCbor(bytes, { canonical: true });
    const normal = (v: CborValue): CborValue =>
      typeof v === 'bigint' && v <= BigInt(Number.MAX_SAFE_INTEGER) ? Number(v) : Array.isArray(v) ? v.map(normal) : v;
    assert.equal(back, normal(value), `value ${i}`);
    assert.is(hex(encodeCbor(back)), hex(bytes), `re-encode ${i}`);
  }
});

test.run();
