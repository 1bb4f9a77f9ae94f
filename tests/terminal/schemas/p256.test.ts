import { createECDH } from 'node:crypto';
import * as assert from 'uvu/assert';
import { compressedPoint, isP256Point, keyIdOf, privateKeyFromScalar, publicKeyFromPoint, signP256, verifyP256 } from '../../../terminal/schemas/p256.ts';
import { testKeyPair } from '../../fixtures/schemas-v1/test-keys.ts';
import { suite } from '../../support/suite.ts';

const test = suite('terminal/schemas/p256');

test('a scalar gives the same public point as ECDH', () => {
  const scalar = new Uint8Array(32).fill(0x42);
  const ecdh = createECDH('prime256v1');
  ecdh.setPrivateKey(scalar);
  assert.equal(compressedPoint(privateKeyFromScalar(scalar)), new Uint8Array(ecdh.getPublicKey(undefined, 'compressed')));
});

test('signatures are raw r||s, verify, and fail for another message, key or length', () => {
  const { privateKey, publicKey } = testKeyPair('p256 test');
  const message = new TextEncoder().encode('ten loaves');
  const signature = signP256(privateKey, message);
  assert.is(signature.length, 64);
  assert.ok(verifyP256(publicKey, message, signature));
  assert.ok(verifyP256(publicKeyFromPoint(publicKey), message, signature));
  assert.not.ok(verifyP256(publicKey, message.subarray(1), signature));
  assert.not.ok(verifyP256(testKeyPair('other').publicKey, message, signature));
  assert.not.ok(verifyP256(publicKey, message, signature.subarray(0, 63)));
  assert.not.ok(verifyP256(new Uint8Array(33), message, signature), 'a bad key is false, not a throw');
});

test('points: compressed only, on the curve', () => {
  const { publicKey } = testKeyPair('p256 test');
  assert.ok(isP256Point(publicKey));
  assert.not.ok(isP256Point(publicKey.subarray(1)));
  assert.not.ok(isP256Point(Uint8Array.of(4, ...publicKey.subarray(1))));
  assert.not.ok(isP256Point(Uint8Array.of(2, ...new Uint8Array(32).fill(0xff))));
});

test('test keys are deterministic and distinct; key ids are 8 bytes of SHA-256', () => {
  assert.equal(testKeyPair('a').publicKey, testKeyPair('a').publicKey);
  assert.not.equal(testKeyPair('a').publicKey, testKeyPair('b').publicKey);
  const id = keyIdOf(testKeyPair('a').publicKey);
  assert.is(id.length, 8);
  assert.not.equal(id, keyIdOf(testKeyPair('b').publicKey));
});

test.run();
