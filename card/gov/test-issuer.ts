/**
 * TEST KEYS ONLY, public by design: the test issuer CA and issuer whose keys are derived from fixed labels exactly
 * as in tests/fixtures/schemas-v1/test-keys.ts (scalar = SHA-256("kart schemas-v1 TEST KEY ONLY: " + label)
 * mod (n - 1) + 1, labels "issuer-ca" and "issuer"), so terminals that trust the schema test vectors' CA accept
 * cards made with it. Never provision these keys; a real issuer's keys live in an HSM.
 */
import { createHash } from 'node:crypto';
import type { KeyObject } from 'node:crypto';
import { CERT_KIND, certificateCodec, KEY_USAGE } from '../../terminal/schemas/certificate.ts';
import type { AuthorityCertificate, CardCertificate } from '../../terminal/schemas/certificate.ts';
import { compressedPoint, keyIdOf, privateKeyFromScalar } from '../../terminal/schemas/p256.ts';
import { isoToDay } from './gov-date.ts';

// See SEC 2, 2.4.2: the order n of the P-256 base point.
export const P256_ORDER = 0xffffffff00000000ffffffffffffffffbce6faada7179e84f3b9cac2fc632551n;

/** Who signs card certificates and entitlement loads. */
export interface CardIssuer {
  /** The trust anchor terminals hold. */
  readonly caCertificate: AuthorityCertificate;
  /** Goes on every card (its key verifies the loads). */
  readonly issuerCertificate: AuthorityCertificate;
  readonly issuerKey: KeyObject;
}

/** A 32-byte P-256 private scalar in 1..n-1 from any 32 bytes (a hash, or random bytes). */
export function scalarFrom(seed: Uint8Array): Uint8Array {
  const value = (BigInt(`0x${Buffer.from(seed).toString('hex') || '0'}`) % (P256_ORDER - 1n)) + 1n;
  return new Uint8Array(Buffer.from(value.toString(16).padStart(64, '0'), 'hex'));
}

function testKey(label: string): KeyObject {
  return privateKeyFromScalar(scalarFrom(createHash('sha256').update(`kart schemas-v1 TEST KEY ONLY: ${label}`).digest()));
}

/** The TEST issuer: CA (serial 1, 2024–2043) and issuer 818 (serial 10, 2024–2033), as in the schema vectors. */
export function createTestIssuer(): CardIssuer {
  const caKey = testKey('issuer-ca');
  const issuerKey = testKey('issuer');
  const caPoint = compressedPoint(caKey);
  const caCertificate = certificateCodec.sign(
    {
      version: 1, kind: CERT_KIND.CA, serial: 1, subject: 1, notBefore: isoToDay('2024-01-01')!, notAfter: isoToDay('2043-12-31')!,
      keyUsage: KEY_USAGE.CERT_SIGN | KEY_USAGE.LIST_SIGN, publicKey: caPoint, signerKeyId: keyIdOf(caPoint),
    },
    caKey,
  ) as AuthorityCertificate;
  const issuerCertificate = certificateCodec.sign(
    {
      version: 1, kind: CERT_KIND.ISSUER, serial: 10, subject: 818, notBefore: isoToDay('2024-01-01')!, notAfter: isoToDay('2033-12-31')!,
      keyUsage: KEY_USAGE.CERT_SIGN, publicKey: compressedPoint(issuerKey), signerKeyId: keyIdOf(caPoint),
    },
    caKey,
  ) as AuthorityCertificate;
  return { caCertificate, issuerCertificate, issuerKey };
}

/**
 * Signs a card certificate for `publicKey` with the issuer key: debit signing only, or with `supervisor` also the
 * `SUPERVISE` usage (a supervisor's card, which may sign supervised exceptions).
 */
export function certifyCard(
  issuer: CardIssuer,
  card: { cardId: Uint8Array; householdId: Uint8Array; publicKey: Uint8Array; serial: number; notBefore: number; notAfter: number; supervisor?: boolean },
): CardCertificate {
  return certificateCodec.sign(
    {
      version: 1, kind: CERT_KIND.CARD, serial: card.serial, subject: { cardId: card.cardId, householdId: card.householdId },
      notBefore: card.notBefore, notAfter: card.notAfter,
      keyUsage: KEY_USAGE.DEBIT_SIGN | (card.supervisor ? KEY_USAGE.SUPERVISE : 0), publicKey: card.publicKey,
      signerKeyId: keyIdOf(issuer.issuerCertificate.publicKey),
    },
    issuer.issuerKey,
  ) as CardCertificate;
}
