import * as assert from 'uvu/assert';
import type { CborValue } from '../../../terminal/codec/cbor.ts';
import { debitProofCodec, decodeDebitProof, encodeDebitProof, rationSplitOf } from '../../../terminal/schemas/debit-proof.ts';
import type { DebitProof } from '../../../terminal/schemas/debit-proof.ts';
import { verifyP256 } from '../../../terminal/schemas/p256.ts';
import { SERVICE } from '../../../terminal/schemas/service.ts';
import { testKeyPair } from '../../fixtures/schemas-v1/test-keys.ts';
import { unhex } from '../../fixtures/schemas-v1/vector-json.ts';
import { suite } from '../../support/suite.ts';
import { flipped, loadVector, mutated, throwsSchemaError } from './vector-helpers.ts';

const test = suite('terminal/schemas/debit-proof');

for (const file of ['debit-proof-bread.json', 'debit-proof-ration.json', 'debit-proof-v2-ration.json', 'debit-proof-v3-supervised.json']) {
  test(`${file}: encode gives the vector bytes, decode gives the value`, () => {
    const { value, bytes } = loadVector(file);
    assert.equal(encodeDebitProof(value as DebitProof), bytes);
    assert.equal(decodeDebitProof(bytes), value);
  });

  test(`${file}: the card's signature verifies, a changed byte fails`, () => {
    const { vector, value } = loadVector(file);
    const tbs = unhex(vector.tbs!);
    const key = unhex(vector.signerPublicKey!);
    assert.equal(debitProofCodec.tbs(value as DebitProof), tbs);
    assert.ok(verifyP256(key, tbs, unhex(vector.signature!)));
    for (let i = 0; i < tbs.length; i += 7) assert.not.ok(verifyP256(key, flipped(tbs, i), unhex(vector.signature!)), `byte ${i}`);
    assert.not.ok(debitProofCodec.verify({ ...(value as DebitProof), balanceAfter: 9999 }, key));
    assert.not.ok(debitProofCodec.verify(value as DebitProof, testKeyPair('someone else').publicKey));
  });
}

test('sign then verify with the card test key; the proof is compact', () => {
  const { value } = loadVector('debit-proof-bread.json');
  const card = testKeyPair('card-1');
  const { signature: _, ...unsigned } = value as DebitProof;
  const signed = debitProofCodec.sign({ ...unsigned, atc: 44 }, card.privateKey);
  assert.ok(debitProofCodec.verify(signed, card.publicKey));
  assert.ok(encodeDebitProof(signed).length <= 120);
});

const ration = loadVector('debit-proof-ration.json').bytes;
const bread = loadVector('debit-proof-bread.json').bytes;
const items = (r: CborValue[]): CborValue[][] => r[5] as CborValue[][];
const cases: [string, Uint8Array, string, string?][] = [
  ['wrong version', mutated(ration, (r) => (r[0] = 0)), 'debitProof[0].version', 'unsupported version 0'],
  ['extra field', mutated(ration, (r) => r.splice(5, 0, 1)), 'debitProof', 'got 12'],
  ['card id as text', mutated(ration, (r) => (r[1] = '5078')), 'debitProof[1].cardId', 'byte string'],
  ['atc beyond 32 bits', mutated(ration, (r) => (r[2] = 2 ** 32)), 'debitProof[2].atc', 'exceeds'],
  ['unknown service', mutated(ration, (r) => (r[3] = 9)), 'debitProof[3].service', 'not one of'],
  ['quantity as text', mutated(ration, (r) => (items(r)[2]![1] = 'x')), 'debitProof[5].items[2][1]', 'expected unsigned integer'],
  ['zero quantity', mutated(ration, (r) => (items(r)[0]![1] = 0)), 'debitProof[5].items[0][1]', 'at least 1'],
  ['item line of 3', mutated(ration, (r) => items(r)[1]!.push(1)), 'debitProof[5].items[1]', 'itemCode, quantity'],
  ['item codes out of order', mutated(ration, (r) => (items(r)[1]![0] = 50)), 'debitProof[5].items[1][0]', 'increasing'],
  ['ration without items', mutated(ration, (r) => (r[5] = [])), 'debitProof[5].items', 'at least one'],
  ['bread with items', mutated(bread, (r) => (r[5] = [[1, 1]])), 'debitProof[5].items', 'ration service only'],
  ['items not an array', mutated(ration, (r) => (r[5] = 3)), 'debitProof[5].items', 'expected array'],
  ['33 item lines', mutated(ration, (r) => (r[5] = Array.from({ length: 33 }, (_, i) => [i, 1]))), 'debitProof[5].items', 'exceeds 32'],
  ['negative balance', mutated(ration, (r) => (r[6] = -1)), 'debitProof[6].balanceAfter'],
  ['date as bytes', mutated(ration, (r) => (r[7] = new Uint8Array(2))), 'debitProof[7].date', 'unsigned integer'],
  ['32-byte challenge', mutated(ration, (r) => (r[9] = new Uint8Array(32))), 'debitProof[9].challenge', '16 bytes, got 32'],
  ['null signature', mutated(ration, (r) => (r[10] = null)), 'debitProof[10].signature', 'byte string'],
  ['a map', Uint8Array.of(0xa1, 0x01, 0x02), 'debitProof', 'not well-formed'],
  ['empty input', new Uint8Array(0), 'debitProof', 'not well-formed'],
];
for (const [name, bytes, path, hint] of cases) {
  test(`malformed: ${name} → SCHEMA_INVALID at ${path}`, () => {
    throwsSchemaError(() => decodeDebitProof(bytes), path, hint);
  });
}

const v2 = loadVector('debit-proof-v2-ration.json').bytes;
const v2cases: [string, Uint8Array, string, string?][] = [
  ['v2 without points', mutated(v2, (r) => r.splice(10, 1)), 'debitProof', 'expected array of 12 items, got 11'],
  ['v1 with points', mutated(ration, (r) => r.splice(10, 0, 0)), 'debitProof', 'expected array of 11 items, got 12'],
  ['version 4', mutated(v2, (r) => (r[0] = 4)), 'debitProof[0].version', 'unsupported version 4'],
  ['v2 relabelled version 3 (no cvm)', mutated(v2, (r) => (r[0] = 3)), 'debitProof', 'expected array of 14 items, got 12'],
  ['points as text', mutated(v2, (r) => (r[10] = 'x')), 'debitProof[10].pointsPiastres', 'unsigned integer'],
  ['points beyond 32 bits', mutated(v2, (r) => (r[10] = 2 ** 32)), 'debitProof[10].pointsPiastres', 'exceeds'],
  ['points on bread', mutated(v2, (r) => ((r[3] = 1), (r[5] = []))), 'debitProof[10].pointsPiastres', 'ration goods only'],
  ['v2 null signature', mutated(v2, (r) => (r[11] = null)), 'debitProof[11].signature', 'byte string'],
];
for (const [name, bytes, path, hint] of v2cases) {
  test(`malformed v2: ${name} → SCHEMA_INVALID at ${path}`, () => {
    throwsSchemaError(() => decodeDebitProof(bytes), path, hint);
  });
}

test('v2 signs the split: amount is the entitlement part, pointsPiastres the points part', () => {
  const { value, vector } = loadVector('debit-proof-v2-ration.json');
  const proof = value as DebitProof;
  const key = unhex(vector.signerPublicKey!);
  assert.equal(rationSplitOf(proof), { valuePiastres: 5400, entitlementPiastres: 3900, pointsPiastres: 1500 });
  assert.ok(debitProofCodec.verify(proof, key));
  assert.not.ok(debitProofCodec.verify({ ...proof, pointsPiastres: 1499 } as DebitProof, key), 'points are signed');
  const { pointsPiastres: _, ...asV1 } = proof as DebitProof & { pointsPiastres: number };
  assert.not.ok(debitProofCodec.verify({ ...asV1, version: 1 }, key), 'a v2 signature does not pass as v1');
  assert.equal(rationSplitOf(decodeDebitProof(ration)), { valuePiastres: 4750, entitlementPiastres: null, pointsPiastres: null }, 'v1: split unsigned');
  const bread2 = { ...decodeDebitProof(bread), version: 2 as const, pointsPiastres: 0 };
  assert.is(decodeDebitProof(encodeDebitProof(bread2)).version, 2);
});

const v3 = loadVector('debit-proof-v3-supervised.json').bytes;
const v3cases: [string, Uint8Array, string, string?][] = [
  ['cvm 0', mutated(v3, (r) => (r[11] = 0)), 'debitProof[11].cvm'],
  ['supervised without the supervisor', mutated(v3, (r) => (r[12] = null)), 'debitProof[12].supervisorCardId', 'exactly'],
  ['a supervisor on a PIN debit', mutated(v3, (r) => (r[11] = 2)), 'debitProof[12].supervisorCardId', 'exactly'],
  ['supervisor id of 7 bytes', mutated(v3, (r) => (r[12] = new Uint8Array(7))), 'debitProof[12].supervisorCardId', '8 bytes'],
];
for (const [name, bytes, path, hint] of v3cases) {
  test(`malformed v3: ${name} → SCHEMA_INVALID at ${path}`, () => {
    throwsSchemaError(() => decodeDebitProof(bytes), path, hint);
  });
}

test('v3 signs the cardholder verification: a supervised debit cannot pass as a PIN one', () => {
  const { value, vector } = loadVector('debit-proof-v3-supervised.json');
  const proof = value as DebitProof;
  const key = unhex(vector.signerPublicKey!);
  assert.ok(proof.version === 3 && proof.cvm === 3 && proof.supervisorCardId !== null);
  assert.ok(debitProofCodec.verify(proof, key));
  assert.not.ok(debitProofCodec.verify({ ...proof, cvm: 2, supervisorCardId: null } as DebitProof, key));
});

test('payment and health debits carry no items', () => {
  const value = decodeDebitProof(bread);
  for (const service of [SERVICE.PAYMENT, SERVICE.HEALTH]) {
    assert.is(decodeDebitProof(encodeDebitProof({ ...value, service })).service, service);
  }
});

test('fuzz: random byte changes give a value or SCHEMA_INVALID, never another error', () => {
  let seed = 12345;
  const next = (): number => (seed = (Math.imul(seed, 1103515245) + 12345) >>> 0);
  let refused = 0;
  for (let n = 0; n < 2000; n++) {
    const bytes = ration.slice();
    for (let k = 0; k <= (next() % 3); k++) bytes[next() % bytes.length] = next() & 0xff;
    try {
      decodeDebitProof(bytes.subarray(0, bytes.length - (next() % 4 === 0 ? next() % 10 : 0)));
    } catch (error) {
      assert.is((error as { code?: string }).code, 'SCHEMA_INVALID', String(error));
      refused++;
    }
  }
  // Many changes land in the signature or challenge and still decode; the rest must be refused with the code.
  assert.ok(refused > 500, `refused ${refused}`);
});

test.run();
