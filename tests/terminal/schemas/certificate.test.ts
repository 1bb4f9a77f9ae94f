import * as assert from 'uvu/assert';
import { decodeCbor } from '../../../terminal/codec/cbor.ts';
import type { CborValue } from '../../../terminal/codec/cbor.ts';
import { certificateCodec, decodeCertificate, encodeCertificate } from '../../../terminal/schemas/certificate.ts';
import type { Certificate } from '../../../terminal/schemas/certificate.ts';
import { verifyP256 } from '../../../terminal/schemas/p256.ts';
import { unhex } from '../../fixtures/schemas-v1/vector-json.ts';
import { suite } from '../../support/suite.ts';
import { flipped, loadVector, mutated, throwsSchemaError } from './vector-helpers.ts';

const test = suite('terminal/schemas/certificate');
const files = ['certificate-ca.json', 'certificate-issuer.json', 'certificate-card.json'];

for (const file of files) {
  test(`${file}: encode gives the vector bytes, decode gives the value`, () => {
    const { value, bytes } = loadVector(file);
    assert.equal(encodeCertificate(value as Certificate), bytes);
    assert.equal(decodeCertificate(bytes), value);
  });

  test(`${file}: the signature verifies over tbs, and a changed byte fails`, () => {
    const { vector, value } = loadVector(file);
    const tbs = unhex(vector.tbs!);
    const key = unhex(vector.signerPublicKey!);
    const signature = unhex(vector.signature!);
    assert.equal(certificateCodec.tbs(value as Certificate), tbs);
    assert.ok(verifyP256(key, tbs, signature));
    assert.ok(certificateCodec.verify(value as Certificate, key));
    for (const i of [0, 5, tbs.length - 1]) assert.not.ok(verifyP256(key, flipped(tbs, i), signature), `tbs byte ${i}`);
    assert.not.ok(verifyP256(key, tbs, flipped(signature, 10)));
    assert.not.ok(certificateCodec.verify({ ...(value as Certificate), serial: 2 }, key));
  });
}

test('a card certificate is compact', () => {
  assert.ok(loadVector('certificate-card.json').bytes.length < 160);
});

const card = loadVector('certificate-card.json').bytes;
const ca = loadVector('certificate-ca.json').bytes;
const cases: [string, Uint8Array, string, string?][] = [
  ['wrong version', mutated(card, (r) => (r[0] = 2)), 'certificate[0].version', 'unsupported version 2'],
  ['extra field', mutated(card, (r) => r.push(0)), 'certificate', 'expected array of 10 items, got 11'],
  ['missing field', mutated(card, (r) => r.pop()), 'certificate', 'got 9'],
  ['unknown kind', mutated(card, (r) => (r[1] = 7)), 'certificate[1].kind', 'not one of'],
  ['serial as text', mutated(card, (r) => (r[2] = '1')), 'certificate[2].serial', 'expected unsigned integer'],
  ['negative serial', mutated(card, (r) => (r[2] = -1)), 'certificate[2].serial', 'expected unsigned integer'],
  ['card subject as a number', mutated(card, (r) => (r[3] = 5)), 'certificate[3].subject', 'cardId, householdId'],
  ['short card id', mutated(card, (r) => ((r[3] as CborValue[])[0] = new Uint8Array(7))), 'certificate[3].subject[0].cardId', '8 bytes, got 7'],
  ['household id as int', mutated(card, (r) => ((r[3] as CborValue[])[1] = 3)), 'certificate[3].subject[1].householdId', 'byte string'],
  ['CA subject as an array', mutated(ca, (r) => (r[3] = [1])), 'certificate[3].subject', 'unsigned integer'],
  ['notAfter before notBefore', mutated(card, (r) => (r[5] = 1)), 'certificate[5].notAfter', 'before'],
  ['no key usage', mutated(card, (r) => (r[6] = 0)), 'certificate[6].keyUsage'],
  ['unknown key usage bit', mutated(card, (r) => (r[6] = 16)), 'certificate[6].keyUsage'],
  ['uncompressed key', mutated(card, (r) => (r[7] = new Uint8Array(65).fill(4))), 'certificate[7].publicKey', '33 bytes'],
  ['point not on the curve', mutated(card, (r) => (r[7] = Uint8Array.of(2, ...new Uint8Array(32).fill(0xff)))), 'certificate[7].publicKey', 'P-256'],
  ['short key id', mutated(card, (r) => (r[8] = new Uint8Array(4))), 'certificate[8].signerKeyId'],
  ['DER signature length', mutated(card, (r) => (r[9] = new Uint8Array(70))), 'certificate[9].signature', '64 bytes'],
  ['not an array', Uint8Array.of(0x01), 'certificate', 'expected array'],
  ['truncated', card.subarray(0, 40), 'certificate', 'not well-formed'],
  ['trailing byte', Uint8Array.of(...card, 0), 'certificate', 'not well-formed'],
  ['non-shortest integer head', Uint8Array.of(0x8a, 0x18, 0x01, ...card.subarray(2)), 'certificate'],
];
for (const [name, bytes, path, hint] of cases) {
  test(`malformed: ${name} → SCHEMA_INVALID at ${path}`, () => {
    throwsSchemaError(() => decodeCertificate(bytes), path, hint);
  });
}

test('encode validates too: an invalid value is never written', () => {
  const value = decodeCertificate(card);
  throwsSchemaError(() => encodeCertificate({ ...value, notBefore: -5 }), 'certificate[4].notBefore');
  throwsSchemaError(() => encodeCertificate({ ...value, subject: undefined } as unknown as Certificate), 'certificate');
});

test('decoded byte strings are fresh copies, not views of the input', () => {
  const bytes = card.slice();
  const value = decodeCertificate(bytes);
  bytes.fill(0);
  assert.is(value.publicKey[0] === 2 || value.publicKey[0] === 3, true);
  assert.ok(Array.isArray(decodeCbor(card)));
});

test.run();
