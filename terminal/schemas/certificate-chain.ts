/**
 * Checks a card's chain: trusted CA → issuer → card. A chain that fails is an outcome for the caller (the card is
 * not authentic or not valid today), not a fault; the reason is a stable code.
 *
 * An `IssuerCache` lets a caller that checks many cards of few issuers (the ledger) verify the CA → issuer link
 * once per issuer: see `IssuerCache` for what it remembers and what is still checked on every call.
 */
import type { KeyObject } from 'node:crypto';
import { encodeCbor } from '../codec/cbor.ts';
import { CERT_KIND, certificateCodec, KEY_USAGE } from './certificate.ts';
import type { AuthorityCertificate, CardCertificate, Certificate } from './certificate.ts';
import { keyIdOf, publicKeyFromPoint } from './p256.ts';

export type ChainFailure =
  | 'CHAIN_UNKNOWN_CA'
  | 'CHAIN_WRONG_KIND'
  | 'CHAIN_SIGNER_MISMATCH'
  | 'CHAIN_BAD_SIGNATURE'
  | 'CHAIN_KEY_USAGE'
  | 'CHAIN_NOT_YET_VALID'
  | 'CHAIN_EXPIRED'
  /** The issuer's or the card's key is on the revocation list the caller passed (`ChainOptions.revokedKeyIds`). */
  | 'CHAIN_KEY_REVOKED';

export type ChainResult =
  | { readonly ok: true; readonly card: CardCertificate }
  | { readonly ok: false; readonly reason: ChainFailure; readonly at: 'ca' | 'issuer' | 'card' };

export interface ChainOptions {
  /** Issuer certificates already verified under their CA (one cache per verifier); none: every link is verified. */
  readonly issuers?: IssuerCache;
  /** Key ids (`keyIdOf`) of revoked issuer or card keys, consulted on every call (never cached). */
  readonly revokedKeyIds?: readonly Uint8Array[];
}

const sameBytes = (a: Uint8Array, b: Uint8Array): boolean => a.length === b.length && a.every((x, i) => x === b[i]);

/** True if `cert` names `signerPublicKey` (compressed point) as its signer and its signature verifies under it. */
export function verifyCertificate(cert: Certificate, signerPublicKey: Uint8Array): boolean {
  return sameBytes(cert.signerKeyId, keyIdOf(signerPublicKey)) && certificateCodec.verify(cert, signerPublicKey);
}

/**
 * The certificate's bytes as `encodeCertificate` writes them (deterministic CBOR of the positional array, SCHEMAS.md
 * "certificate"), without its validation (which imports the public key: the cost the cache avoids). Every field,
 * the signature included, is in them: two certificates with the same bytes are the same certificate.
 */
export function certificateBytes(c: Certificate): Uint8Array {
  const subject = c.kind === CERT_KIND.CARD ? [c.subject.cardId, c.subject.householdId] : c.subject;
  return encodeCbor([c.version, c.kind, c.serial, subject, c.notBefore, c.notAfter, c.keyUsage, c.publicKey, c.signerKeyId, c.signature]);
}

/** Reads an `IssuerCache`'s entries (set by the class's static block; no state of its own). */
let entriesOf: (cache: IssuerCache) => Map<string, KeyObject>;

/**
 * Issuer certificates whose CA → issuer link verified, keyed by the exact bytes of the issuer certificate and of the
 * trust anchor (the CA certificate it was verified under), each with the issuer's key object. A hit skips the CA's
 * self-signature and the issuer's signature (and their kinds, signer ids and key usage, which are fixed by the
 * bytes); validity dates are still checked against the day asked and revocation on every call. Only a link that
 * verified completely is added: a failure is never remembered. A forged issuer certificate, even with the same
 * subject and key, has other bytes and is verified in full. Instance-based: one per verifier (one per `Ledger`).
 */
export class IssuerCache {
  readonly #entries = new Map<string, KeyObject>();
  readonly #maxEntries: number;

  static {
    // verifyCardChain alone reads and adds entries: no caller can put an issuer here that did not verify.
    entriesOf = (cache) => cache.#entries;
  }

  /** `maxEntries`: issuer links kept before the cache starts over (a bound on memory; there are few issuers). */
  constructor(maxEntries = 4096) {
    this.#maxEntries = maxEntries;
  }

  /** How many issuer links are remembered. */
  get size(): number {
    return this.#entries.size;
  }

  /** The bound given to the constructor. */
  get maxEntries(): number {
    return this.#maxEntries;
  }
}

/** The cache key of an issuer under a CA: both certificates' exact bytes; undefined for objects that do not encode. */
function issuerLinkKey(ca: Certificate, issuer: Certificate): string | undefined {
  try {
    return `${Buffer.from(certificateBytes(ca)).toString('base64')}/${Buffer.from(certificateBytes(issuer)).toString('base64')}`;
  } catch {
    return undefined;
  }
}

type At = 'ca' | 'issuer' | 'card';

/**
 * Verifies issuer and card certificates against the trusted CA certificates (from the parameter download) on
 * `today` (days since 1970-01-01 UTC): kinds, signer key ids, signatures, key usage, and every validity period;
 * then, if `options.revokedKeyIds` is given, that neither the issuer's nor the card's key is revoked.
 * On success returns the card certificate, whose public key verifies the card's debit proofs.
 * With `options.issuers`, an issuer certificate already verified under the same CA is not verified again (one
 * signature verification a card instead of three); the verdict is the same with or without the cache.
 */
export function verifyCardChain(
  issuer: Certificate,
  card: Certificate,
  trustedCas: readonly Certificate[],
  today: number,
  options: ChainOptions = {},
): ChainResult {
  const fail = (reason: ChainFailure, at: At): ChainResult => ({ ok: false, reason, at });
  const ca = trustedCas.find((c) => c.kind === CERT_KIND.CA && sameBytes(keyIdOf(c.publicKey), issuer.signerKeyId));
  if (ca === undefined) return fail('CHAIN_UNKNOWN_CA', 'issuer');
  const dates = (cert: Certificate, at: At): ChainResult | undefined =>
    today < cert.notBefore ? fail('CHAIN_NOT_YET_VALID', at) : today > cert.notAfter ? fail('CHAIN_EXPIRED', at) : undefined;
  const link = (cert: Certificate, kind: AuthorityCertificate['kind'] | CardCertificate['kind'], usage: number, at: At,
    signerPoint: Uint8Array, signerKey: Uint8Array | KeyObject): ChainResult | undefined => {
    if (cert.kind !== kind) return fail('CHAIN_WRONG_KIND', at);
    if (!sameBytes(cert.signerKeyId, keyIdOf(signerPoint))) return fail('CHAIN_SIGNER_MISMATCH', at);
    if (!certificateCodec.verify(cert, signerKey)) return fail('CHAIN_BAD_SIGNATURE', at);
    if ((cert.keyUsage & usage) === 0) return fail('CHAIN_KEY_USAGE', at);
    return dates(cert, at);
  };

  const cache = options.issuers;
  const cacheKey = cache === undefined ? undefined : issuerLinkKey(ca, issuer);
  let issuerKey: Uint8Array | KeyObject | undefined = cacheKey === undefined ? undefined : entriesOf(cache!).get(cacheKey);
  if (issuerKey !== undefined) {
    // The same CA and issuer bytes verified before: only the dates depend on the day asked (same order as below).
    const failure = dates(ca, 'ca') ?? dates(issuer, 'issuer');
    if (failure) return failure;
  } else {
    const failure = link(ca, CERT_KIND.CA, KEY_USAGE.CERT_SIGN, 'ca', ca.publicKey, ca.publicKey)
      ?? link(issuer, CERT_KIND.ISSUER, KEY_USAGE.CERT_SIGN, 'issuer', ca.publicKey, ca.publicKey);
    if (failure) return failure;
    issuerKey = issuer.publicKey;
    if (cacheKey !== undefined) {
      try {
        issuerKey = publicKeyFromPoint(issuer.publicKey);
        const entries = entriesOf(cache!);
        if (entries.size >= cache!.maxEntries) entries.clear();
        entries.set(cacheKey, issuerKey);
      } catch {
        // Not reached for a certificate that verified (its point was validated); the point then fails as before.
      }
    }
  }
  const failure = link(card, CERT_KIND.CARD, KEY_USAGE.DEBIT_SIGN, 'card', issuer.publicKey, issuerKey);
  if (failure) return failure;
  // A card key signs debits only: it must never vouch for another certificate.
  if ((card.keyUsage & KEY_USAGE.CERT_SIGN) !== 0) return fail('CHAIN_KEY_USAGE', 'card');
  const revoked = options.revokedKeyIds;
  if (revoked !== undefined && revoked.length > 0) {
    for (const [cert, at] of [[issuer, 'issuer'], [card, 'card']] as const) {
      const id = keyIdOf(cert.publicKey);
      if (revoked.some((r) => sameBytes(r, id))) return fail('CHAIN_KEY_REVOKED', at);
    }
  }
  return { ok: true, card: card as CardCertificate };
}
