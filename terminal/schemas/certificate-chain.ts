/**
 * Checks a card's chain: trusted CA → issuer → card. A chain that fails is an outcome for the caller (the card is
 * not authentic or not valid today), not a fault; the reason is a stable code.
 */
import { CERT_KIND, certificateCodec, KEY_USAGE } from './certificate.ts';
import type { AuthorityCertificate, CardCertificate, Certificate } from './certificate.ts';
import { keyIdOf } from './p256.ts';

export type ChainFailure =
  | 'CHAIN_UNKNOWN_CA'
  | 'CHAIN_WRONG_KIND'
  | 'CHAIN_SIGNER_MISMATCH'
  | 'CHAIN_BAD_SIGNATURE'
  | 'CHAIN_KEY_USAGE'
  | 'CHAIN_NOT_YET_VALID'
  | 'CHAIN_EXPIRED';

export type ChainResult =
  | { readonly ok: true; readonly card: CardCertificate }
  | { readonly ok: false; readonly reason: ChainFailure; readonly at: 'ca' | 'issuer' | 'card' };

const sameBytes = (a: Uint8Array, b: Uint8Array): boolean => a.length === b.length && a.every((x, i) => x === b[i]);

/** True if `cert` names `signerPublicKey` (compressed point) as its signer and its signature verifies under it. */
export function verifyCertificate(cert: Certificate, signerPublicKey: Uint8Array): boolean {
  return sameBytes(cert.signerKeyId, keyIdOf(signerPublicKey)) && certificateCodec.verify(cert, signerPublicKey);
}

/**
 * Verifies issuer and card certificates against the trusted CA certificates (from the parameter download) on
 * `today` (days since 1970-01-01 UTC): kinds, signer key ids, signatures, key usage, and every validity period.
 * On success returns the card certificate, whose public key verifies the card's debit proofs.
 */
export function verifyCardChain(
  issuer: Certificate,
  card: Certificate,
  trustedCas: readonly Certificate[],
  today: number,
): ChainResult {
  const fail = (reason: ChainFailure, at: 'ca' | 'issuer' | 'card'): ChainResult => ({ ok: false, reason, at });
  const ca = trustedCas.find((c) => c.kind === CERT_KIND.CA && sameBytes(keyIdOf(c.publicKey), issuer.signerKeyId));
  if (ca === undefined) return fail('CHAIN_UNKNOWN_CA', 'issuer');
  const links: [Certificate, AuthorityCertificate['kind'] | CardCertificate['kind'], number, 'ca' | 'issuer' | 'card'][] = [
    [ca, CERT_KIND.CA, KEY_USAGE.CERT_SIGN, 'ca'],
    [issuer, CERT_KIND.ISSUER, KEY_USAGE.CERT_SIGN, 'issuer'],
    [card, CERT_KIND.CARD, KEY_USAGE.DEBIT_SIGN, 'card'],
  ];
  let signerKey = ca.publicKey;
  for (const [cert, kind, usage, at] of links) {
    if (cert.kind !== kind) return fail('CHAIN_WRONG_KIND', at);
    if (!sameBytes(cert.signerKeyId, keyIdOf(signerKey))) return fail('CHAIN_SIGNER_MISMATCH', at);
    if (!certificateCodec.verify(cert, signerKey)) return fail('CHAIN_BAD_SIGNATURE', at);
    if ((cert.keyUsage & usage) === 0) return fail('CHAIN_KEY_USAGE', at);
    if (today < cert.notBefore) return fail('CHAIN_NOT_YET_VALID', at);
    if (today > cert.notAfter) return fail('CHAIN_EXPIRED', at);
    signerKey = cert.publicKey;
  }
  // A card key signs debits only: it must never vouch for another certificate.
  if ((card.keyUsage & KEY_USAGE.CERT_SIGN) !== 0) return fail('CHAIN_KEY_USAGE', 'card');
  return { ok: true, card: card as CardCertificate };
}
