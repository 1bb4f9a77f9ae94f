/**
 * Version 1 of the supervisor authorization: what a supervisor's card signs, after its holder's own PIN, so that a
 * household card accepts one debit as a supervised exception (the holder's fingerprint and PIN failed or are
 * blocked). It names the household card, that card's ATC before the debit (so it is good for one debit only), the
 * terminal's debit challenge, the date and the terminal, the reason, and the supervisor's card; the household card
 * verifies it with the supervisor's card certificate, which its own issuer must have signed with the `SUPERVISE`
 * usage. Signed with the supervisor's card key. See SCHEMAS.md and card/gov/COMMANDS.md.
 */
import type { CborValue } from '../codec/cbor.ts';
import { CARD_ID_LENGTH } from './card-id.ts';
import type { CardId } from './card-id.ts';
import { P256_SIGNATURE_LENGTH } from './p256.ts';
import { signedSchemaCodec } from './schema-codec.ts';
import { bytes, check, oneOf, tuple, uint, version } from './schema-fields.ts';

export const SUPERVISOR_AUTHORIZATION_VERSION = 1;

/** Why the exception was needed. Numbers are never reused. */
export const SUPERVISION_REASON = {
  /** The fingerprint and then the PIN failed their tries. */
  VERIFICATION_FAILED: 1,
  /** The PIN is blocked on the card (or no method is left to try). */
  METHOD_BLOCKED: 2,
} as const;
export type SupervisionReason = (typeof SUPERVISION_REASON)[keyof typeof SUPERVISION_REASON];

export interface SupervisorAuthorization {
  readonly version: typeof SUPERVISOR_AUTHORIZATION_VERSION;
  /** The household card that will debit. */
  readonly cardId: CardId;
  /** That card's ATC before the debit (uint16 on today's cards, uint32 here): the authorization is for one debit. */
  readonly atc: number;
  /** The terminal's 16-byte challenge of the DEBIT ENTITLEMENT it authorizes. */
  readonly challenge: Uint8Array;
  /** The date of the debit, days since 1970-01-01 UTC. */
  readonly date: number;
  readonly terminalId: number;
  readonly reason: SupervisionReason;
  /** The supervisor's card (the subject of the certificate presented with it). */
  readonly supervisorCardId: CardId;
  /** ECDSA P-256 r||s by the supervisor's card key over items 0..7. */
  readonly signature: Uint8Array;
}

const FIELDS = ['version', 'cardId', 'atc', 'challenge', 'date', 'terminalId', 'reason', 'supervisorCardId', 'signature'] as const;

function toArray(a: SupervisorAuthorization): CborValue[] {
  return [a.version, a.cardId, a.atc, a.challenge, a.date, a.terminalId, a.reason, a.supervisorCardId, a.signature];
}

function fromArray(raw: unknown, root: string): SupervisorAuthorization {
  const { items: f, at } = tuple(raw, root, FIELDS);
  const cardId = bytes(f[1], at(1), CARD_ID_LENGTH);
  const supervisorCardId = bytes(f[7], at(7), CARD_ID_LENGTH);
  check(!cardId.every((b, i) => b === supervisorCardId[i]), at(7), 'a card cannot supervise itself');
  return {
    version: version(f[0], at(0), SUPERVISOR_AUTHORIZATION_VERSION),
    cardId,
    atc: uint(f[2], at(2), 0xffff_ffff),
    challenge: bytes(f[3], at(3), 16),
    date: uint(f[4], at(4), 0xffff_ffff),
    terminalId: uint(f[5], at(5), 0xffff_ffff),
    reason: oneOf(f[6], at(6), Object.values(SUPERVISION_REASON)),
    supervisorCardId,
    signature: bytes(f[8], at(8), P256_SIGNATURE_LENGTH),
  };
}

/** Codec for `supervisorAuthorization`: `encode`, `decode`, `tbs`, `sign` (the supervisor's card), `verify`. */
export const supervisorAuthorizationCodec = signedSchemaCodec<SupervisorAuthorization>('supervisorAuthorization', toArray, fromArray, 1024);
