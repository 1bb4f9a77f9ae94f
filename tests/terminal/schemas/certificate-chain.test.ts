import * as assert from 'uvu/assert';
import { verifyCardChain, verifyCertificate } from '../../../terminal/schemas/certificate-chain.ts';
import { CERT_KIND, certificateCodec, decodeCertificate, KEY_USAGE } from '../../../terminal/schemas/certificate.ts';
import type { Certificate } from '../../../terminal/schemas/certificate.ts';
import { keyIdOf } from '../../../terminal/schemas/p256.ts';
import { testKeyPair } from '../../fixtures/schemas-v1/test-keys.ts';
import { suite } from '../../support/suite.ts';
import { loadVector } from './vector-helpers.ts';

const test = suite('terminal/schemas/certificate-chain');
const ca = decodeCertificate(loadVector('certificate-ca.json').bytes);
const issuer = decodeCertificate(loadVector('certificate-issuer.json').bytes);
const card = decodeCertificate(loadVector('certificate-card.json').bytes);
const today = card.notBefore + 10;
const issuerKey = testKeyPair('issuer');
const resign = (c: Certificate, changes: Partial<Certificate>): Certificate => {
  const { signature: _, ...rest } = { ...c, ...changes } as Certificate;
  return certificateCodec.sign(rest, issuerKey.privateKey);
};

test('the vector chain verifies and yields the card certificate', () => {
  const result = verifyCardChain(issuer, card, [ca], today);
  assert.ok(result.ok);
  if (result.ok) assert.equal(result.card, card);
});

test('verifyCertificate checks the signer key id and the signature', () => {
  assert.ok(verifyCertificate(issuer, ca.publicKey));
  assert.ok(verifyCertificate(ca, ca.publicKey));
  assert.not.ok(verifyCertificate(card, ca.publicKey));
  assert.not.ok(verifyCertificate({ ...card, serial: card.serial + 1 }, issuer.publicKey));
});

const failures: [string, () => ReturnType<typeof verifyCardChain>, string, string][] = [
  ['no trusted CA', () => verifyCardChain(issuer, card, [], today), 'CHAIN_UNKNOWN_CA', 'issuer'],
  ['issuer where the card goes', () => verifyCardChain(issuer, issuer, [ca], today), 'CHAIN_WRONG_KIND', 'card'],
  ['card signed by another key', () => verifyCardChain(issuer, { ...card, signerKeyId: keyIdOf(testKeyPair('x').publicKey) }, [ca], today), 'CHAIN_SIGNER_MISMATCH', 'card'],
  ['card certificate altered', () => verifyCardChain(issuer, { ...card, notAfter: card.notAfter + 365 }, [ca], today), 'CHAIN_BAD_SIGNATURE', 'card'],
  ['before the card is valid', () => verifyCardChain(issuer, card, [ca], card.notBefore - 1), 'CHAIN_NOT_YET_VALID', 'card'],
  ['after the card expired', () => verifyCardChain(issuer, card, [ca], card.notAfter + 1), 'CHAIN_EXPIRED', 'card'],
  ['card key without debit usage', () => verifyCardChain(issuer, resign(card, { keyUsage: KEY_USAGE.LIST_SIGN }), [ca], today), 'CHAIN_KEY_USAGE', 'card'],
  ['card key that may sign certificates', () => verifyCardChain(issuer, resign(card, { keyUsage: KEY_USAGE.DEBIT_SIGN | KEY_USAGE.CERT_SIGN }), [ca], today), 'CHAIN_KEY_USAGE', 'card'],
  ['CA certificate kind wrong', () => verifyCardChain(issuer, card, [{ ...ca, kind: CERT_KIND.ISSUER } as Certificate], today), 'CHAIN_UNKNOWN_CA', 'issuer'],
];
for (const [name, run, reason, at] of failures) {
  test(`${name} → ${reason} at ${at}`, () => {
    const result = run();
    assert.equal(result, { ok: false, reason, at });
  });
}

test('the last valid day is still valid', () => {
  assert.ok(verifyCardChain(issuer, card, [ca], card.notAfter).ok);
});

test.run();
