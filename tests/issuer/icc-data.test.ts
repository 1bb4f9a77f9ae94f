import * as assert from 'uvu/assert';
import { suite } from '../support/suite.ts';
import { fromHex, toHex } from '../../emv/tlv/hex.ts';
import { parseIccData } from '../../issuer/icc-data.ts';
import { createSeededRandom } from '../../terminal/journal/seeded-random.ts';
import { simIccData } from './sim-icc-data.ts';

const test = suite('issuer/icc-data');
const tx = { pan: '5078031234567893', psn: 1, atc: 0x0102, amount: 12_345 };

test('reads the cryptogram, its type, the IAD fields, the amount, the date and the Table 28 input', () => {
  const { iccData, arqc, input } = simIccData(tx);
  const result = parseIccData(iccData);
  if (!result.ok) throw new Error(result.reason);
  assert.equal(result.data.cryptogram, arqc);
  assert.is(result.data.cryptogramType, 'ARQC');
  assert.is(result.data.derivationKeyIndex, 1);
  assert.is(result.data.cryptogramVersion, 1);
  assert.is(result.data.amount, 12_345);
  assert.is(result.data.transactionDate, '2026-11-22');
  assert.equal(result.data.input, input);
});

test('9F27 b8-b7 give the AC type; 11 (RFU) is refused', () => {
  for (const [cid, type] of [[0x00, 'AAC'], [0x40, 'TC'], [0x80, 'ARQC'], [0x88, 'ARQC']] as const) {
    const result = parseIccData(simIccData({ ...tx, overrides: new Map([[0x9f27, Uint8Array.of(cid)]]) }).iccData);
    assert.ok(result.ok && result.data.cryptogramType === type, `${cid}`);
  }
  const rfu = parseIccData(simIccData({ ...tx, overrides: new Map([[0x9f27, fromHex('C0')]]) }).iccData);
  assert.ok(!rfu.ok && /RFU/.test(rfu.reason));
});

test('bad values are reasons, not exceptions: non-BCD amount, impossible date, other IAD, not TLV', () => {
  const cases: Array<[Map<number, Uint8Array | null>, RegExp]> = [
    [new Map([[0x9f02, fromHex('00000000001A')]]), /malformed value/],
    [new Map([[0x9f03, fromHex('0000000000')]]), /9F03 is 5 bytes/],
    [new Map([[0x9a, fromHex('261331')]]), /malformed value/],
    [new Map([[0x9f10, null]]), /lacks tag 9F10/],
    [new Map([[0x9f10, fromHex('0F0102A0000000')]]), /malformed value/],
  ];
  for (const [overrides, reason] of cases) {
    const result = parseIccData(simIccData({ ...tx, overrides }).iccData);
    assert.ok(!result.ok, String(reason));
    if (!result.ok) assert.match(result.reason, reason);
  }
  const notTlv = parseIccData(fromHex('9F2608AABB'));
  assert.ok(!notTlv.ok && /not valid BER-TLV \(EMV_TLV_MALFORMED\)/.test(notTlv.reason));
  assert.ok(!parseIccData('9F26' as unknown as Uint8Array).ok);
});

test('reasons never carry card data: no value bytes of the request appear in them', () => {
  const { iccData, arqc } = simIccData({ ...tx, overrides: new Map([[0x9a, fromHex('261399')]]) });
  const result = parseIccData(iccData);
  assert.ok(!result.ok);
  if (!result.ok) {
    assert.not.match(result.reason, toHex(arqc));
    assert.not.match(result.reason, '261399');
  }
});

test('fuzz: 30 000 seeded inputs (random, truncated, mutated) return a result and never throw', () => {
  const random = createSeededRandom(Number(process.env['KART_FUZZ_SEED'] ?? 0x49434344) >>> 0);
  const genuine = simIccData(tx).iccData;
  for (let i = 0; i < 30_000; i++) {
    let bytes: Uint8Array;
    if (i % 3 === 0) bytes = Uint8Array.from({ length: random.int(100) }, () => random.int(256));
    else if (i % 3 === 1) bytes = genuine.subarray(0, random.int(genuine.length));
    else {
      bytes = genuine.slice();
      for (let n = 1 + random.int(4); n > 0; n--) bytes[random.int(bytes.length)] = random.int(256);
    }
    let result;
    try {
      result = parseIccData(bytes);
    } catch (error) {
      throw new Error(`input ${i} ${toHex(bytes)} threw ${String(error)}`);
    }
    assert.ok(result.ok || result.reason.length > 0, `input ${i}`);
  }
});

test.run();
