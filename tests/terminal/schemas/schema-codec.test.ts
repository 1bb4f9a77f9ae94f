import * as assert from 'uvu/assert';
import { schemaCodec, signedSchemaCodec } from '../../../terminal/schemas/schema-codec.ts';
import { bytes, tuple, uint, version } from '../../../terminal/schemas/schema-fields.ts';
import { testKeyPair } from '../../fixtures/schemas-v1/test-keys.ts';
import { suite } from '../../support/suite.ts';
import { throwsSchemaError } from './vector-helpers.ts';

const test = suite('terminal/schemas/schema-codec');
interface Pair { version: 1; n: number; signature: Uint8Array }
const toArray = (p: Pair) => [p.version, p.n, p.signature];
const fromArray = (raw: unknown, root: string): Pair => {
  const { items, at } = tuple(raw, root, ['version', 'n', 'signature']);
  return { version: version(items[0], at(0), 1), n: uint(items[1], at(1), 100), signature: bytes(items[2], at(2), 64) };
};

test('encode validates, decode round-trips and demands canonical bytes', () => {
  const codec = schemaCodec<Pair>('pair', toArray, fromArray);
  const value: Pair = { version: 1, n: 5, signature: new Uint8Array(64) };
  const encoded = codec.encode(value);
  assert.equal(codec.decode(encoded), value);
  throwsSchemaError(() => codec.encode({ ...value, n: 101 }), 'pair[1].n', 'exceeds');
  throwsSchemaError(() => codec.decode(Uint8Array.of(0x83, 0x01, 0x18, 0x05, ...encoded.subarray(3))), 'pair', 'deterministic');
  throwsSchemaError(() => codec.encode(null as unknown as Pair), 'pair', 'shape');
});

test('signed codec: tbs leaves the signature out; sign/verify', () => {
  const codec = signedSchemaCodec<Pair>('pair', toArray, fromArray);
  const key = testKeyPair('schema-codec');
  const signed = codec.sign({ version: 1, n: 7 }, key.privateKey);
  assert.equal(codec.tbs({ version: 1, n: 7 }), Uint8Array.of(0x82, 0x01, 0x07));
  assert.ok(codec.verify(signed, key.publicKey));
  assert.not.ok(codec.verify({ ...signed, n: 8 }, key.publicKey));
  assert.not.ok(codec.verify({ ...signed, n: 1000 }, key.publicKey), 'invalid value: false, not a throw');
  throwsSchemaError(() => codec.sign({ version: 1, n: 1000 }, key.privateKey), 'pair[1].n');
});

test.run();
