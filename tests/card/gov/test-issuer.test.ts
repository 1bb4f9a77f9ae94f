import * as assert from 'uvu/assert';
import { createTestIssuer, P256_ORDER, scalarFrom } from '../../../card/gov/test-issuer.ts';
import { verifyCertificate } from '../../../terminal/schemas/certificate-chain.ts';
import { testKeyPair } from '../../fixtures/schemas-v1/test-keys.ts';
import { suite } from '../../support/suite.ts';

const test = suite('card/gov/test-issuer');

test('the TEST CA and issuer keys are the schema vectors\' test keys, and the chain links', () => {
  const issuer = createTestIssuer();
  assert.equal(issuer.caCertificate.publicKey, testKeyPair('issuer-ca').publicKey);
  assert.equal(issuer.issuerCertificate.publicKey, testKeyPair('issuer').publicKey);
  assert.ok(verifyCertificate(issuer.caCertificate, issuer.caCertificate.publicKey));
  assert.ok(verifyCertificate(issuer.issuerCertificate, issuer.caCertificate.publicKey));
  assert.not.ok(verifyCertificate(issuer.issuerCertificate, issuer.issuerCertificate.publicKey));
});

test('scalarFrom maps any 32 bytes into 1..n-1', () => {
  const n = (b: Uint8Array): bigint => BigInt(`0x${Buffer.from(b).toString('hex')}`);
  assert.is(n(scalarFrom(new Uint8Array(32))), 1n);
  assert.is(n(scalarFrom(new Uint8Array(32).fill(0xff))), ((1n << 256n) - 1n) % (P256_ORDER - 1n) + 1n);
  assert.is(scalarFrom(new Uint8Array(32).fill(0xff)).length, 32);
});

test.run();
