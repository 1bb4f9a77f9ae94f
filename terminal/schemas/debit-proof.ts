/**
 * Version 1 of the debit proof: what the card returns for an entitlement debit, signed with its card key (the key
 * in its card certificate). The card has no clock: it signs in the date the terminal offered, and accepts only
 * dates that never go backwards. The terminal's random challenge makes each proof fresh. See SCHEMAS.md.
 */
import type { CborValue } from '../codec/cbor.ts';
import { CARD_ID_LENGTH } from './card-id.ts';
import type { CardId } from './card-id.ts';
import { readItemLines } from './item-lines.ts';
import { P256_SIGNATURE_LENGTH } from './p256.ts';
import { signedSchemaCodec } from './schema-codec.ts';
import { bytes, oneOf, tuple, uint, version } from './schema-fields.ts';
import { SERVICES } from './service.ts';
import type { ItemLine, Service } from './service.ts';

export const DEBIT_PROOF_VERSION = 1;
/** Length of the terminal's random challenge. */
export const CHALLENGE_LENGTH = 16;

export interface DebitProof {
  readonly version: typeof DEBIT_PROOF_VERSION;
  readonly cardId: CardId;
  /** The card's transaction counter after this debit (uint32; strictly increasing per card). */
  readonly atc: number;
  readonly service: Service;
  /** The debit in the service's unit (loaves, piastres, visits). */
  readonly amount: number;
  /** Ration only: [item code, quantity] lines, codes strictly increasing; empty for other services. */
  readonly items: readonly ItemLine[];
  /** What the card holds for this service after the debit, same unit (entitlement left, or purse balance). */
  readonly balanceAfter: number;
  /** The date the card accepted, days since 1970-01-01 UTC (never before the card's last accepted date). */
  readonly date: number;
  /** The terminal that asked (uint32). */
  readonly terminalId: number;
  /** The terminal's random challenge, 16 bytes. */
  readonly challenge: Uint8Array;
  /** The card's ECDSA P-256 raw r||s over items 0..9. */
  readonly signature: Uint8Array;
}

const FIELDS = [
  'version', 'cardId', 'atc', 'service', 'amount', 'items', 'balanceAfter', 'date', 'terminalId', 'challenge', 'signature',
] as const;

function toArray(p: DebitProof): CborValue[] {
  const items = p.items.map((line) => [line[0], line[1]]);
  return [p.version, p.cardId, p.atc, p.service, p.amount, items, p.balanceAfter, p.date, p.terminalId, p.challenge, p.signature];
}

function fromArray(raw: unknown, root: string): DebitProof {
  const { items: f, at } = tuple(raw, root, FIELDS);
  const v = version(f[0], at(0), DEBIT_PROOF_VERSION);
  const cardId = bytes(f[1], at(1), CARD_ID_LENGTH);
  const atc = uint(f[2], at(2), 0xffff_ffff);
  const service = oneOf(f[3], at(3), SERVICES);
  return {
    version: v,
    cardId,
    atc,
    service,
    amount: uint(f[4], at(4), 0xffff_ffff),
    items: readItemLines(f[5], at(5), service),
    balanceAfter: uint(f[6], at(6), 0xffff_ffff),
    date: uint(f[7], at(7), 0xffff_ffff),
    terminalId: uint(f[8], at(8), 0xffff_ffff),
    challenge: bytes(f[9], at(9), CHALLENGE_LENGTH),
    signature: bytes(f[10], at(10), P256_SIGNATURE_LENGTH),
  };
}

/** Codec for `debitProof`: `encode`, `decode`, `tbs`, `sign` (card side), `verify` (with the card certificate's key). */
export const debitProofCodec = signedSchemaCodec<DebitProof>('debitProof', toArray, fromArray);

/** Deterministic CBOR of a debit proof; throws `SchemaError` naming the bad field. */
export const encodeDebitProof = (value: DebitProof): Uint8Array => debitProofCodec.encode(value);
/** A debit proof from its CBOR; throws `SchemaError` (code `SCHEMA_INVALID`) naming the bad field. */
export const decodeDebitProof = (bytes: Uint8Array): DebitProof => debitProofCodec.decode(bytes);
