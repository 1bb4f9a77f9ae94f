/**
 * The card payment record (journal type 6): the vectors in ./vectors encode and decode byte for byte, each rule of
 * the schema refuses its bad field with `SCHEMA_INVALID` at that field's path, and seeded random damage to the
 * vectors' bytes never gives anything but a value or a `SchemaError`.
 */
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import * as assert from 'uvu/assert';
import { createSeededRandom } from '../../../terminal/journal/seeded-random.ts';
import { maskPan, panDigits, panToken } from '../../../terminal/payment/pan-protection.ts';
import { PaymentError } from '../../../terminal/payment/payment-error.ts';
import {
  cidType, CRYPTOGRAM_TYPE, decodeCardPaymentRecord, encodeCardPaymentRecord, type CardPaymentRecord,
} from '../../../terminal/schemas/card-payment-record.ts';
import { SchemaError } from '../../../terminal/schemas/schema-error.ts';
import { fromVectorJson, unhex } from '../../fixtures/schemas-v1/vector-json.ts';
import { suite } from '../../support/suite.ts';
import { mutated, throwsSchemaError } from '../schemas/vector-helpers.ts';
import { VECTOR_PAN, VECTOR_TOKEN_KEY, VECTORS } from './make-card-payment-vectors.ts';

const test = suite('terminal/schemas/card-payment-record');

function load(file: string): { value: CardPaymentRecord; bytes: Uint8Array } {
  const vector = JSON.parse(readFileSync(join(import.meta.dirname, 'vectors', file), 'utf8')) as { value: unknown; cbor: string };
  return { value: fromVectorJson(vector.value) as CardPaymentRecord, bytes: unhex(vector.cbor) };
}

for (const file of Object.keys(VECTORS)) {
  test(`${file}: encode gives the vector bytes, decode gives the value, the generator agrees`, () => {
    const { value, bytes } = load(file);
    assert.equal(encodeCardPaymentRecord(value), bytes);
    assert.equal(decodeCardPaymentRecord(bytes), value);
    assert.equal(encodeCardPaymentRecord(VECTORS[file]!.value), bytes, 'vectors are stale: rerun make-card-payment-vectors.ts');
  });
}

test('the journaled PAN: masked 6 + 4, token = HMAC-SHA-256 under the key; 5A padding read off', () => {
  assert.is(maskPan(VECTOR_PAN), '628001******0017');
  assert.is(maskPan('4761739001010010123'), '476173*********0123');
  assert.is(load('card-payment-offline-tc.json').value.panMasked, '628001******0017');
  assert.equal(load('card-payment-offline-tc.json').value.panToken, panToken(VECTOR_PAN, VECTOR_TOKEN_KEY));
  assert.not.equal(panToken(VECTOR_PAN, VECTOR_TOKEN_KEY), panToken(VECTOR_PAN, new Uint8Array(16)), 'another key, another token');
  assert.is(panDigits(unhex('4761739001010010123f')), '4761739001010010123');
  for (const bad of [unhex('12345678901f'), unhex('47617390010100a0'), new Uint8Array(0)]) {
    try {
      panDigits(bad);
      assert.unreachable('a bad PAN was read');
    } catch (error) {
      assert.instance(error, PaymentError);
      assert.is((error as PaymentError).code, 'PAY_CARD_DATA_INVALID');
      assert.not.match((error as Error).message, /4761|1234/, 'no PAN digits in the error');
    }
  }
});

test('CID to cryptogram type (Book 3, Table 14): AAC 00, TC 40, ARQC 80, RFU C0 none', () => {
  assert.equal([cidType(0x00), cidType(0x40), cidType(0x80), cidType(0xc0), cidType(0x41)], [CRYPTOGRAM_TYPE.AAC, CRYPTOGRAM_TYPE.TC, CRYPTOGRAM_TYPE.ARQC, undefined, CRYPTOGRAM_TYPE.TC]);
});

const tc = load('card-payment-offline-tc.json').bytes;
const online = load('card-payment-online-approved.json').bytes;
const declined = load('card-payment-declined.json').bytes;
const cases: [string, Uint8Array, string, string?][] = [
  ['version 2', mutated(tc, (r) => (r[0] = 2)), 'cardPaymentRecord[0].version', 'unsupported version 2'],
  ['missing field', mutated(tc, (r) => r.pop()), 'cardPaymentRecord', 'expected array of 23 items, got 22'],
  ['approval with a decline code', mutated(tc, (r) => (r[5] = 'CARD_DECLINED')), 'cardPaymentRecord[5].code', 'does not fit'],
  ['decline coded APPROVED', mutated(declined, (r) => (r[5] = 'APPROVED')), 'cardPaymentRecord[5].code', 'does not fit'],
  ['AID of 4 bytes', mutated(tc, (r) => (r[6] = new Uint8Array(4))), 'cardPaymentRecord[6].aid', '5 to 16'],
  ['the PAN in clear', mutated(tc, (r) => (r[7] = VECTOR_PAN)), 'cardPaymentRecord[7].panMasked', 'does not match'],
  ['token of 16 bytes', mutated(tc, (r) => (r[8] = new Uint8Array(16))), 'cardPaymentRecord[8].panToken', '32 bytes'],
  ['PSN 100', mutated(tc, (r) => (r[9] = 100)), 'cardPaymentRecord[9].panSequenceNumber', 'exceeds'],
  ['amount over n 12', mutated(tc, (r) => (r[10] = 1_000_000_000_000)), 'cardPaymentRecord[10].amount', 'exceeds'],
  ['currency 1000', mutated(tc, (r) => (r[11] = 1000)), 'cardPaymentRecord[11].currency', 'exceeds'],
  ['ATC over 2 bytes', mutated(tc, (r) => (r[12] = 0x10000)), 'cardPaymentRecord[12].atc', 'exceeds'],
  ['cryptogram without ATC', mutated(tc, (r) => (r[12] = null)), 'cardPaymentRecord[12].atc', 'ATC'],
  ['cryptogram without its type', mutated(tc, (r) => (r[13] = null)), 'cardPaymentRecord[13].cryptogramType', 'together'],
  ['CID saying ARQC for a TC', mutated(tc, (r) => (r[15] = 0x80)), 'cardPaymentRecord[15].cid', 'does not give'],
  ['approval on an ARQC', mutated(tc, (r) => ((r[13] = 2), (r[15] = 0x80))), 'cardPaymentRecord[13].cryptogramType', 'TC'],
  ['cryptogram of 7 bytes', mutated(tc, (r) => (r[14] = new Uint8Array(7))), 'cardPaymentRecord[14].cryptogram', '8 bytes'],
  ['TVR of 4 bytes', mutated(tc, (r) => (r[16] = new Uint8Array(4))), 'cardPaymentRecord[16].tvr', '5 bytes'],
  ['TSI of 3 bytes', mutated(tc, (r) => (r[17] = new Uint8Array(3))), 'cardPaymentRecord[17].tsi', '2 bytes'],
  ['CVM Results of 2 bytes', mutated(tc, (r) => (r[18] = new Uint8Array(2))), 'cardPaymentRecord[18].cvmResults', '3 bytes'],
  ['IAD of 33 bytes', mutated(tc, (r) => (r[19] = new Uint8Array(33))), 'cardPaymentRecord[19].iad', 'at most 32'],
  ['UN of 8 bytes', mutated(tc, (r) => (r[20] = new Uint8Array(8))), 'cardPaymentRecord[20].unpredictableNumber', '4 bytes'],
  ['online as 1', mutated(tc, (r) => (r[21] = 1)), 'cardPaymentRecord[21].online', 'boolean'],
  ['online approval without ARC', mutated(online, (r) => (r[22] = null)), 'cardPaymentRecord[22].arc', 'response code'],
  ['ARC of 3 characters', mutated(online, (r) => (r[22] = '000')), 'cardPaymentRecord[22].arc', 'does not match'],
  ['ARC with a control character', mutated(online, (r) => (r[22] = '0\n')), 'cardPaymentRecord[22].arc', 'does not match'],
];
for (const [name, bytes, path, hint] of cases) {
  test(`malformed: ${name} → SCHEMA_INVALID at ${path}`, () => {
    throwsSchemaError(() => decodeCardPaymentRecord(bytes), path, hint);
  });
}

test('fuzz: 20 000 seeded damages of the vectors decode or throw SchemaError, nothing else', () => {
  const rng = createSeededRandom(0x6b617274);
  const random = rng.next;
  const seeds = [tc, online, declined];
  let refused = 0;
  for (let i = 0; i < 20_000; i++) {
    const bytes = Uint8Array.from(seeds[i % 3]!);
    const edits = 1 + Math.floor(random() * 3);
    let damaged: Uint8Array = bytes;
    for (let e = 0; e < edits; e++) {
      const kind = random();
      const at = Math.floor(random() * damaged.length);
      if (kind < 0.6) damaged[at] = Math.floor(random() * 256);
      else if (kind < 0.8) damaged = damaged.subarray(0, at);
      else damaged = Uint8Array.of(...damaged.subarray(0, at), Math.floor(random() * 256), ...damaged.subarray(at));
    }
    try {
      decodeCardPaymentRecord(damaged);
    } catch (error) {
      if (!(error instanceof SchemaError)) throw error;
      refused++;
    }
  }
  assert.ok(refused > 15_000, `most damage is refused (${refused})`);
});

test.run();
