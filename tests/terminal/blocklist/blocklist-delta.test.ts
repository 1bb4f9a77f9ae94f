import * as assert from 'uvu/assert';
import { blocklistDeltaCodec, decodeBlocklistDelta, encodeBlocklistDelta, verifyBlocklistDelta } from '../../../terminal/blocklist/blocklist-delta.ts';
import type { BlocklistDelta } from '../../../terminal/blocklist/blocklist-delta.ts';
import { Blocklist } from '../../../terminal/blocklist/blocklist.ts';
import { keyIdOf, verifyP256 } from '../../../terminal/schemas/p256.ts';
import { testKeyPair } from '../../fixtures/schemas-v1/test-keys.ts';
import { unhex } from '../../fixtures/schemas-v1/vector-json.ts';
import { suite } from '../../support/suite.ts';
import { flipped, loadVector, mutated, throwsSchemaError } from '../schemas/vector-helpers.ts';

const test = suite('terminal/blocklist/blocklist-delta');
const { vector, value, bytes } = loadVector('blocklist-delta.json');
const ledger = testKeyPair('ledger');

test('vector: encode gives the bytes, decode gives the value', () => {
  assert.equal(encodeBlocklistDelta(value as BlocklistDelta), bytes);
  assert.equal(decodeBlocklistDelta(bytes), value);
});

test('vector: signature verifies with the ledger key only; a changed byte fails', () => {
  const delta = decodeBlocklistDelta(bytes);
  const tbs = unhex(vector.tbs!);
  assert.equal(blocklistDeltaCodec.tbs(delta), tbs);
  assert.ok(verifyBlocklistDelta(delta, ledger.publicKey));
  assert.not.ok(verifyBlocklistDelta(delta, testKeyPair('issuer-ca').publicKey));
  for (let i = 0; i < tbs.length; i += 5) assert.not.ok(verifyP256(ledger.publicKey, flipped(tbs, i), delta.signature));
  assert.not.ok(verifyBlocklistDelta({ ...delta, toVersion: 9999 }, ledger.publicKey));
});

test('a signed delta applies to a list at its base version', () => {
  const delta = decodeBlocklistDelta(bytes);
  const list = Blocklist.fromIds(1234, [unhex('5078030000000321')]);
  list.applyDelta(delta);
  assert.is(list.version, 1235);
  assert.ok(list.has(unhex('5078030000000017')));
  assert.not.ok(list.has(unhex('5078030000000321')));
});

test('sign round trip with a fresh delta', () => {
  const signed = blocklistDeltaCodec.sign(
    { version: 1, fromVersion: 0, toVersion: 1, adds: unhex('0000000000000001'), removes: new Uint8Array(0), signerKeyId: keyIdOf(ledger.publicKey) },
    ledger.privateKey,
  );
  assert.ok(verifyBlocklistDelta(decodeBlocklistDelta(encodeBlocklistDelta(signed)), ledger.publicKey));
});

const cases: [string, Uint8Array, string, string?][] = [
  ['wrong version', mutated(bytes, (r) => (r[0] = 2)), 'blocklistDelta[0].version', 'unsupported version 2'],
  ['missing signature', mutated(bytes, (r) => r.pop()), 'blocklistDelta', 'got 6'],
  ['toVersion not after fromVersion', mutated(bytes, (r) => (r[2] = 1234)), 'blocklistDelta[2].toVersion', 'not after'],
  ['adds not a multiple of 8', mutated(bytes, (r) => (r[3] = new Uint8Array(12))), 'blocklistDelta[3].adds', 'multiple of 8'],
  ['adds out of order', mutated(bytes, (r) => (r[3] = unhex('50780300000004a25078030000000017'))), 'blocklistDelta[3].adds[1]', 'ascending'],
  ['adds repeated', mutated(bytes, (r) => (r[3] = unhex('50780300000004a250780300000004a2'))), 'blocklistDelta[3].adds[1]', 'ascending'],
  ['removes as an array', mutated(bytes, (r) => (r[4] = [])), 'blocklistDelta[4].removes', 'byte string'],
  ['added and removed', mutated(bytes, (r) => (r[4] = unhex('5078030000000017'))), 'blocklistDelta[4].removes', 'both added and removed'],
  ['full list removing', mutated(bytes, (r) => (r[1] = 0)), 'blocklistDelta[4].removes', 'removes nothing'],
  ['key id of 32 bytes', mutated(bytes, (r) => (r[5] = new Uint8Array(32))), 'blocklistDelta[5].signerKeyId'],
];
for (const [name, input, path, hint] of cases) {
  test(`malformed: ${name} → SCHEMA_INVALID at ${path}`, () => {
    throwsSchemaError(() => decodeBlocklistDelta(input), path, hint);
  });
}

test.run();
