/**
 * VerifyCache remembers only what cannot change the outcome of a check: a point's key object (the same
 * verification), a certificate by its exact bytes, a body's decoding; failures are never remembered.
 */
import * as assert from 'uvu/assert';
import { suite } from '../support/suite.ts';
import { certificateCodec, decodeCertificate, type Certificate } from '../../terminal/schemas/certificate.ts';
import { testKeyPair } from '../fixtures/schemas-v1/test-keys.ts';
import { checkCardProof, type CardContext, type RegisteredCard } from '../../ledger/foreign-debit.ts';
import { debitProofCodec, decodeDebitProof } from '../../terminal/schemas/debit-proof.ts';
import { decodeJournalRecord } from '../../terminal/schemas/journal-record.ts';
import { VerifyCache } from '../../ledger/verify-cache.ts';
import { breadSale, CA_CERT, DAY, testCard } from './ledger-fixtures.ts';

const test = suite('ledger/verify-cache');

test('a point gives one key object that verifies as the point does; a non-point gives none', () => {
  const cache = new VerifyCache();
  const card = testCard(9401, 9401);
  const other = testCard(9402, 9402);
  const point = decodeCertificate(card.cardBytes).publicKey;
  const key = cache.publicKey(point);
  assert.ok(key);
  assert.is(cache.publicKey(point.slice()), key, 'by value, not by identity');
  const proof = decodeDebitProof(decodeJournalRecord(breadSale({ terminalId: 1, seq: 1, card, atc: 1 })).debitProof!);
  assert.is(debitProofCodec.verify(proof, key), true);
  assert.is(debitProofCodec.verify(proof, key), debitProofCodec.verify(proof, point));
  const forged = decodeDebitProof(decodeJournalRecord(breadSale({ terminalId: 1, seq: 1, card, atc: 1, signingKey: other.key.privateKey })).debitProof!);
  assert.is(debitProofCodec.verify(forged, key), false, 'a signature by another key still fails');
  const notAPoint = Uint8Array.of(0x02, ...new Uint8Array(32).fill(0xff));
  assert.is(cache.publicKey(notAPoint), undefined);
  assert.is(cache.publicKey(notAPoint), undefined, 'and again');
});

test('certificates by their bytes; decoding failures are thrown every time', () => {
  const cache = new VerifyCache();
  const card = testCard(9403, 9403);
  const first = cache.certificate(card.cardBytes);
  assert.is(cache.certificate(card.cardBytes.slice()), first);
  assert.equal(first, decodeCertificate(card.cardBytes));
  assert.is.not(cache.certificate(card.issuerBytes), first, 'other bytes, another certificate');
  const broken = card.cardBytes.slice(0, -3);
  assert.throws(() => cache.certificate(broken));
  assert.throws(() => cache.certificate(broken), undefined, 'not remembered as good');
});

test('a body is decoded once while it lives; a malformed one throws each time', () => {
  const cache = new VerifyCache();
  const body = breadSale({ terminalId: 7, seq: 3, card: testCard(9404, 9404), atc: 2 });
  const sale = cache.sale(body);
  assert.is(cache.sale(body), sale);
  assert.equal(sale, decodeJournalRecord(body));
  assert.is(cache.proof(sale.debitProof!), cache.proof(sale.debitProof!));
  const malformed = Uint8Array.of(0x82, 1, 2);
  assert.throws(() => cache.sale(malformed));
  assert.throws(() => cache.sale(malformed));
  assert.throws(() => cache.proof(malformed));
});

test('card proofs: the issuer link is verified once per issuer, and a forged or expired issuer still fails', () => {
  const cache = new VerifyCache();
  const cards = [testCard(9405, 9405), testCard(9406, 9406), testCard(9407, 9407)];
  const issuer = decodeCertificate(cards[0]!.issuerBytes);
  const resigned = (changes: Partial<Certificate>, label: string): Certificate => {
    const { signature: _, ...rest } = { ...issuer, ...changes } as Certificate;
    return certificateCodec.sign(rest, testKeyPair(label).privateKey);
  };
  const registered = new Map<string, RegisteredCard>();
  const ctx = (issuerOf: (hex: string) => Certificate): CardContext => {
    for (const c of cards) {
      const hex = Buffer.from(c.cardId).toString('hex');
      registered.set(hex, { householdId: Buffer.from(c.householdId).toString('hex'), issuer: issuerOf(hex), card: decodeCertificate(c.cardBytes) });
    }
    return { trustedCas: [CA_CERT], cards: registered, chainCache: new Map(), verifyCache: cache };
  };
  const proofOf = (i: number, day = DAY) => decodeDebitProof(decodeJournalRecord(breadSale({ terminalId: 1, seq: i + 1, card: cards[i]!, atc: 1, day })).debitProof!);
  const genuine = ctx(() => issuer);
  for (let i = 0; i < cards.length; i++) assert.equal(checkCardProof(proofOf(i), genuine), { ok: true, householdId: registered.get(Buffer.from(cards[i]!.cardId).toString('hex'))!.householdId });
  assert.is(cache.issuers.size, 1, 'one issuer link for three cards');
  // Same subject, key and signer key id as the remembered issuer, but not signed by the CA.
  const forged = ctx(() => resigned({}, 'forger'));
  assert.equal(checkCardProof(proofOf(0), forged), { ok: false, code: 'CHAIN_BAD_SIGNATURE' });
  // The genuine CA's signature on an issuer that expired before the proof's date: dates are checked per day asked.
  const expired = ctx(() => resigned({ serial: 11, notAfter: DAY - 1 }, 'issuer-ca'));
  assert.equal(checkCardProof(proofOf(1), expired), { ok: false, code: 'CHAIN_EXPIRED' });
  assert.is(cache.issuers.size, 1, 'failed links are not remembered');
});

test.run();
