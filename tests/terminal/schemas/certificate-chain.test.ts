import { createRequire, syncBuiltinESMExports } from 'node:module';
import * as assert from 'uvu/assert';
import { certificateBytes, IssuerCache, verifyCardChain, verifyCertificate } from '../../../terminal/schemas/certificate-chain.ts';
import type { ChainOptions, ChainResult } from '../../../terminal/schemas/certificate-chain.ts';
import { CERT_KIND, certificateCodec, decodeCertificate, encodeCertificate, KEY_USAGE } from '../../../terminal/schemas/certificate.ts';
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

// The issuer cache (IssuerCache): the same verdict with and without it, whatever the cache already holds.
const caKey = testKeyPair('issuer-ca');
const forger = testKeyPair('forger');
const byCa = (c: Certificate, changes: Partial<Certificate>, key = caKey.privateKey): Certificate => {
  const { signature: _, ...rest } = { ...c, ...changes } as Certificate;
  return certificateCodec.sign(rest, key);
};
/** The issuer again, signed by the CA with other dates: the card (signed by the same issuer key) verifies under it. */
const shortIssuer = byCa(issuer, { serial: 11, notAfter: card.notBefore + 20 });
const lateIssuer = byCa(issuer, { serial: 12, notBefore: card.notBefore + 5 });
/** Same subject, serial and key as the real issuer, naming the CA as signer, but signed by another key. */
const forgedIssuer = byCa(issuer, {}, forger.privateKey);
/** The forger's own issuer key under the real issuer's subject, and a card it signed. */
const forgersIssuer = byCa(issuer, { publicKey: forger.publicKey }, forger.privateKey);
const forgersCard = (() => {
  const { signature: _, ...rest } = { ...card, signerKeyId: keyIdOf(forger.publicKey) };
  return certificateCodec.sign(rest, forger.privateKey);
})();
const issuerRevoked = [keyIdOf(issuer.publicKey)];

interface Case {
  readonly name: string;
  readonly issuer: Certificate;
  readonly card: Certificate;
  readonly day: number;
  readonly revoked?: readonly Uint8Array[];
  readonly verdict: { ok: true } | { ok: false; reason: string; at: string };
  /** Days on which this case's issuer verifies (to warm the cache with it first), if any. */
  readonly warmDay?: number;
}
const cases: Case[] = [
  { name: 'valid', issuer, card, day: today, verdict: { ok: true }, warmDay: today },
  { name: 'last valid day of the card', issuer, card, day: card.notAfter, verdict: { ok: true }, warmDay: today },
  { name: 'card expired', issuer, card, day: card.notAfter + 1, verdict: { ok: false, reason: 'CHAIN_EXPIRED', at: 'card' }, warmDay: today },
  { name: 'card not yet valid', issuer, card, day: card.notBefore - 1, verdict: { ok: false, reason: 'CHAIN_NOT_YET_VALID', at: 'card' }, warmDay: today },
  { name: 'issuer expired', issuer: shortIssuer, card, day: shortIssuer.notAfter + 1, verdict: { ok: false, reason: 'CHAIN_EXPIRED', at: 'issuer' }, warmDay: today },
  { name: 'issuer not yet valid', issuer: lateIssuer, card, day: lateIssuer.notBefore - 1, verdict: { ok: false, reason: 'CHAIN_NOT_YET_VALID', at: 'issuer' }, warmDay: today },
  { name: 'CA expired (checked before the issuer and the card)', issuer, card, day: ca.notAfter + 1, verdict: { ok: false, reason: 'CHAIN_EXPIRED', at: 'ca' }, warmDay: today },
  { name: 'issuer revoked', issuer, card, day: today, revoked: issuerRevoked, verdict: { ok: false, reason: 'CHAIN_KEY_REVOKED', at: 'issuer' }, warmDay: today },
  { name: 'card revoked', issuer, card, day: today, revoked: [keyIdOf(card.publicKey)], verdict: { ok: false, reason: 'CHAIN_KEY_REVOKED', at: 'card' }, warmDay: today },
  { name: 'forged issuer (same subject and key, other signer)', issuer: forgedIssuer, card, day: today, verdict: { ok: false, reason: 'CHAIN_BAD_SIGNATURE', at: 'issuer' } },
  { name: "forged issuer (the forger's key) and its card", issuer: forgersIssuer, card: forgersCard, day: today, verdict: { ok: false, reason: 'CHAIN_BAD_SIGNATURE', at: 'issuer' } },
  { name: 'forged card (altered after signing)', issuer, card: { ...card, notAfter: card.notAfter + 365 }, day: today, verdict: { ok: false, reason: 'CHAIN_BAD_SIGNATURE', at: 'card' }, warmDay: today },
  { name: 'forged card (signed by another key naming the issuer)', issuer, card: byCa(card, {}, forger.privateKey), day: today, verdict: { ok: false, reason: 'CHAIN_BAD_SIGNATURE', at: 'card' }, warmDay: today },
  { name: "the forger's card under the real issuer", issuer, card: forgersCard, day: today, verdict: { ok: false, reason: 'CHAIN_SIGNER_MISMATCH', at: 'card' }, warmDay: today },
];

const verdictOf = (r: ChainResult): Case['verdict'] => (r.ok ? { ok: true } : { ok: false, reason: r.reason, at: r.at });
const run = (c: Case, options: ChainOptions): Case['verdict'] =>
  verdictOf(verifyCardChain(c.issuer, c.card, [ca], c.day, { ...options, ...(c.revoked ? { revokedKeyIds: c.revoked } : {}) }));

for (const c of cases) {
  test(`issuer cache, ${c.name}: the same verdict without it, cold, warm, and again`, () => {
    assert.equal(run(c, {}), c.verdict, 'no cache');
    const cold = new IssuerCache();
    assert.equal(run(c, { issuers: cold }), c.verdict, 'cold cache');
    assert.equal(run(c, { issuers: cold }), c.verdict, 'the same cache again');
    // Warm: the genuine issuer (and this case's issuer, where it verifies on some day) already verified.
    const warm = new IssuerCache();
    assert.ok(verifyCardChain(issuer, card, [ca], today, { issuers: warm }).ok);
    if (c.warmDay !== undefined) assert.ok(verifyCardChain(c.issuer, card, [ca], c.warmDay, { issuers: warm }).ok);
    const before = warm.size;
    assert.equal(run(c, { issuers: warm }), c.verdict, 'warm cache');
    assert.equal(warm.size, before, 'nothing new remembered');
  });
}

test('issuer cache: a failed issuer link is never remembered', () => {
  const cache = new IssuerCache();
  for (const c of cases.filter((x) => !x.verdict.ok && (x.verdict.at === 'issuer' || x.verdict.at === 'ca') && x.revoked === undefined)) {
    run(c, { issuers: cache });
  }
  assert.is(cache.size, 0);
  // A card that fails leaves its verified issuer remembered (the issuer link did verify); the card is checked each time.
  run(cases.find((x) => x.name === 'forged card (altered after signing)')!, { issuers: cache });
  assert.is(cache.size, 1);
});

test('issuer cache: a forged issuer with the same subject is not accepted because the real one was remembered', () => {
  const cache = new IssuerCache();
  assert.ok(verifyCardChain(issuer, card, [ca], today, { issuers: cache }).ok);
  assert.equal(forgedIssuer.subject, issuer.subject);
  assert.equal(forgedIssuer.publicKey, issuer.publicKey);
  assert.equal(forgedIssuer.signerKeyId, issuer.signerKeyId);
  assert.equal(verdictOf(verifyCardChain(forgedIssuer, card, [ca], today, { issuers: cache })), { ok: false, reason: 'CHAIN_BAD_SIGNATURE', at: 'issuer' });
  assert.equal(verdictOf(verifyCardChain(forgersIssuer, forgersCard, [ca], today, { issuers: cache })), { ok: false, reason: 'CHAIN_BAD_SIGNATURE', at: 'issuer' });
  assert.is(cache.size, 1);
  // An issuer remembered under one CA is verified again under another trust anchor (another CA certificate).
  const otherCa = byCa(ca, { serial: 2 });
  assert.ok(verifyCardChain(issuer, card, [otherCa], today, { issuers: cache }).ok);
  assert.is(cache.size, 2);
});

test('issuer cache: certificateBytes are the encoded certificate, so the key is the exact bytes', () => {
  for (const c of [ca, issuer, card, shortIssuer, forgedIssuer]) assert.equal(certificateBytes(c), encodeCertificate(c));
  assert.not.equal(certificateBytes(forgedIssuer), certificateBytes(issuer));
});

test('issuer cache: a card of a remembered issuer costs one ECDSA verification instead of three', () => {
  const crypto = createRequire(import.meta.url)('node:crypto') as typeof import('node:crypto');
  const original = crypto.verify;
  let calls = 0;
  crypto.verify = ((...args: Parameters<typeof original>) => {
    calls++;
    return original(...args);
  }) as typeof original;
  syncBuiltinESMExports();
  try {
    const count = (f: () => void): number => {
      calls = 0;
      f();
      return calls;
    };
    const cache = new IssuerCache();
    assert.is(count(() => assert.ok(verifyCardChain(issuer, card, [ca], today).ok)), 3, 'without a cache: CA, issuer, card');
    assert.is(count(() => assert.ok(verifyCardChain(issuer, card, [ca], today, { issuers: cache }).ok)), 3, 'cold');
    assert.is(count(() => assert.ok(verifyCardChain(issuer, card, [ca], today, { issuers: cache }).ok)), 1, 'issuer remembered');
  } finally {
    crypto.verify = original;
    syncBuiltinESMExports();
  }
});

test('issuer cache: bounded, starts over when full', () => {
  const cache = new IssuerCache(2);
  for (const i of [issuer, shortIssuer, lateIssuer]) verifyCardChain(i, card, [ca], lateIssuer.notBefore + 1, { issuers: cache });
  assert.is(cache.size, 1);
});

test.run();
