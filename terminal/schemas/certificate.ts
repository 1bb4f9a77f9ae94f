/**
 * Version 1 of the card certificate chain (issuer CA → issuer → card): a positional CBOR array signed by the
 * signer's ECDSA P-256 key. Validity in whole days since 1970-01-01 UTC (the card has no clock; a day is the
 * finest grain the chain needs). See SCHEMAS.md, "certificate".
 */
import type { CborValue } from '../codec/cbor.ts';
import { CARD_ID_LENGTH, HOUSEHOLD_ID_LENGTH } from './card-id.ts';
import type { CardId, HouseholdId } from './card-id.ts';
import { isP256Point, KEY_ID_LENGTH, P256_POINT_LENGTH, P256_SIGNATURE_LENGTH } from './p256.ts';
import { signedSchemaCodec } from './schema-codec.ts';
import { SchemaError } from './schema-error.ts';
import { bytes, check, oneOf, tuple, uint, version } from './schema-fields.ts';

export const CERTIFICATE_VERSION = 1;

/** What a certificate is for; the subject's shape follows it. */
export const CERT_KIND = { CA: 0, ISSUER: 1, CARD: 2 } as const;
export type CertKind = (typeof CERT_KIND)[keyof typeof CERT_KIND];

/** Key-usage bits; a certificate carries only the bits its key may be used for. */
export const KEY_USAGE = {
  /** Signs certificates (CA and issuer keys). */
  CERT_SIGN: 1,
  /** Signs debit proofs (card keys). */
  DEBIT_SIGN: 2,
  /** Signs lists the terminal downloads: blocklist deltas, parameters (CA or ledger keys). */
  LIST_SIGN: 4,
  /**
   * Signs supervisor authorizations (a supervisor's card key, beside DEBIT_SIGN): a household card accepts a
   * supervised exception only from a card certificate of its own issuer carrying this bit. Added within version 1:
   * no earlier certificate changes meaning, and a decoder that predates the bit refuses such a certificate.
   */
  SUPERVISE: 8,
} as const;
const KNOWN_USAGE_BITS = KEY_USAGE.CERT_SIGN | KEY_USAGE.DEBIT_SIGN | KEY_USAGE.LIST_SIGN | KEY_USAGE.SUPERVISE;

/** The subject of a card certificate: the card and the household it draws entitlements for. */
export interface CardSubject {
  readonly cardId: CardId;
  readonly householdId: HouseholdId;
}

interface CertificateFields {
  readonly version: typeof CERTIFICATE_VERSION;
  /** Unique per signer. */
  readonly serial: number;
  /** First valid day, days since 1970-01-01 UTC. */
  readonly notBefore: number;
  /** Last valid day (inclusive), days since 1970-01-01 UTC; ≥ notBefore. */
  readonly notAfter: number;
  /** `KEY_USAGE` bits, at least one. */
  readonly keyUsage: number;
  /** The subject's public key: compressed P-256 point, 33 bytes. */
  readonly publicKey: Uint8Array;
  /** Key id (`keyIdOf`) of the signer's public key; a CA certificate names its own key. */
  readonly signerKeyId: Uint8Array;
  /** ECDSA P-256 raw r||s over the to-be-signed bytes (items 0..8). */
  readonly signature: Uint8Array;
}

/** A CA or issuer certificate: the subject is the authority's number (uint32). */
export interface AuthorityCertificate extends CertificateFields {
  readonly kind: typeof CERT_KIND.CA | typeof CERT_KIND.ISSUER;
  readonly subject: number;
}

/** A card certificate: the subject is [card id, household id]. */
export interface CardCertificate extends CertificateFields {
  readonly kind: typeof CERT_KIND.CARD;
  readonly subject: CardSubject;
}

export type Certificate = AuthorityCertificate | CardCertificate;

const FIELDS = [
  'version', 'kind', 'serial', 'subject', 'notBefore', 'notAfter', 'keyUsage', 'publicKey', 'signerKeyId', 'signature',
] as const;

function toArray(c: Certificate): CborValue[] {
  const subject: CborValue =
    c.kind === CERT_KIND.CARD ? [c.subject.cardId, c.subject.householdId] : (c.subject as CborValue);
  return [c.version, c.kind, c.serial, subject, c.notBefore, c.notAfter, c.keyUsage, c.publicKey, c.signerKeyId, c.signature];
}

function fromArray(raw: unknown, root: string): Certificate {
  const { items, at } = tuple(raw, root, FIELDS);
  const v = version(items[0], at(0), CERTIFICATE_VERSION);
  const kind = oneOf(items[1], at(1), Object.values(CERT_KIND));
  const serial = uint(items[2], at(2));
  const notBefore = uint(items[4], at(4), 0xffff_ffff);
  const notAfter = uint(items[5], at(5), 0xffff_ffff);
  check(notAfter >= notBefore, at(5), `notAfter ${notAfter} is before notBefore ${notBefore}`);
  const keyUsage = uint(items[6], at(6), 0xff);
  check(keyUsage !== 0 && (keyUsage & ~KNOWN_USAGE_BITS) === 0, at(6), `key usage ${keyUsage} has no or unknown bits`);
  const publicKey = bytes(items[7], at(7), P256_POINT_LENGTH);
  check(isP256Point(publicKey), at(7), 'not a compressed point on P-256');
  const signerKeyId = bytes(items[8], at(8), KEY_ID_LENGTH);
  const signature = bytes(items[9], at(9), P256_SIGNATURE_LENGTH);
  const rest = { notBefore, notAfter, keyUsage, publicKey, signerKeyId, signature };
  if (kind === CERT_KIND.CARD) {
    if (!Array.isArray(items[3])) throw new SchemaError(at(3), 'expected [cardId, householdId] for a card certificate');
    const sub = tuple(items[3], at(3), ['cardId', 'householdId']);
    const cardId = bytes(sub.items[0], sub.at(0), CARD_ID_LENGTH);
    const householdId = bytes(sub.items[1], sub.at(1), HOUSEHOLD_ID_LENGTH);
    return { version: v, kind, serial, subject: { cardId, householdId }, ...rest };
  }
  return { version: v, kind, serial, subject: uint(items[3], at(3), 0xffff_ffff), ...rest };
}

/**
 * Codec for `certificate`: `encode`, `decode`, `tbs`, `sign`, `verify` (the signature alone; `verifyCertificate`
 * also matches the signer's key id).
 */
export const certificateCodec = signedSchemaCodec<Certificate>('certificate', toArray, fromArray);

/** Deterministic CBOR of a certificate; throws `SchemaError` naming the bad field. */
export const encodeCertificate = (value: Certificate): Uint8Array => certificateCodec.encode(value);
/** A certificate from its CBOR; throws `SchemaError` (code `SCHEMA_INVALID`) naming the bad field. */
export const decodeCertificate = (bytes: Uint8Array): Certificate => certificateCodec.decode(bytes);
