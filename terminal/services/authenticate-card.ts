/**
 * Offline card authentication: reads the issuer and card certificates from the card (READ DATA BF4A), verifies
 * the chain to the CA keys the terminal trusts (its parameters) on today's date, refuses an issuer or card key the
 * terminal's parameters revoke, then sends a fresh random challenge with INTERNAL AUTHENTICATE and verifies the
 * card's signature with the certified card key. A card past its own certificate's last day is still authenticated
 * (its chain checked as of that day) so that the rules engine declines it as CARD_EXPIRED. Only a card that holds the certified private key passes; what no
 * offline check can catch is in CARD-AUTH.md.
 *
 * A failure is an outcome (`CARD_NOT_GENUINE` with its `reason`), not a fault; a card that breaks the command
 * contract is `SVC_CARD_PROTOCOL`, a reader fault a `HalError`.
 */
import { randomBytes } from 'node:crypto';
import { encodeCbor } from '../codec/cbor.ts';
import type { CardCertificate, Certificate } from '../schemas/certificate.ts';
import { decodeCertificate } from '../schemas/certificate.ts';
import { verifyCardChain } from '../schemas/certificate-chain.ts';
import type { ChainFailure } from '../schemas/certificate-chain.ts';
import { keyIdOf, verifyP256 } from '../schemas/p256.ts';
import { GovApdu } from './gov-apdu.ts';
import { TAG_BF4A_CERTIFICATES, TAG_DF4B_ISSUER_CERTIFICATE, TAG_DF4C_CARD_CERTIFICATE } from '../schemas/kartgov-tags.ts';
import type { GovCardChannel } from './gov-card-channel.ts';
import { valueOf } from './gov-card-channel.ts';

/** Why a card is not genuine. */
export type CardAuthFailure =
  | ChainFailure
  /** A certificate on the card does not decode. */
  | 'CERTIFICATE_MALFORMED'
  /** The card certificate names another card than the one that answered SELECT. */
  | 'CARD_ID_MISMATCH'
  /** The terminal's parameters revoke the issuer's (or the card's) key. */
  | 'KEY_REVOKED'
  /** The card refused INTERNAL AUTHENTICATE or gave no 64-byte signature. */
  | 'AUTHENTICATE_REFUSED'
  /** The signature over the fresh challenge does not verify with the certified card key. */
  | 'SIGNATURE_INVALID';

export type CardAuthResult =
  | { readonly ok: true; readonly card: CardCertificate; readonly issuer: Certificate }
  | { readonly ok: false; readonly reason: CardAuthFailure; readonly at?: 'ca' | 'issuer' | 'card' };

export interface CardAuthOptions {
  /** The CA certificates the terminal trusts (parameter download). */
  readonly trustedCas: readonly Certificate[];
  /** Key ids (`keyIdOf`) of issuer or card keys revoked by the parameter download. */
  readonly revokedKeyIds?: readonly Uint8Array[];
  /** Today, days since 1970-01-01. */
  readonly today: number;
  /** The card id the card gave at SELECT. */
  readonly cardId: Uint8Array;
  /** Random bytes for the challenge (default `crypto.randomBytes`). */
  readonly random?: (length: number) => Uint8Array;
}

/** Length of the INTERNAL AUTHENTICATE challenge (8 to 32 allowed; 16 as the debit challenge). */
export const AUTH_CHALLENGE_LENGTH = 16;
const same = (a: Uint8Array, b: Uint8Array): boolean => a.length === b.length && a.every((x, i) => x === b[i]);

/**
 * Authenticates the card on `channel` (KARTGOV selected).
 * @remarks See card/gov/COMMANDS.md, READ DATA BF4A and INTERNAL AUTHENTICATE; terminal/schemas/SCHEMAS.md, certificate.
 */
export async function authenticateCard(channel: GovCardChannel, options: CardAuthOptions): Promise<CardAuthResult> {
  // See COMMANDS.md, READ DATA BF4A: DF4B issuer certificate, DF4C card certificate.
  const chainData = await channel.expectOk(GovApdu.readData(TAG_BF4A_CERTIFICATES), 'READ DATA BF4A');
  let issuer: Certificate;
  let card: Certificate;
  try {
    issuer = decodeCertificate(valueOf(chainData, TAG_DF4B_ISSUER_CERTIFICATE, 'READ DATA BF4A'));
    card = decodeCertificate(valueOf(chainData, TAG_DF4C_CARD_CERTIFICATE, 'READ DATA BF4A'));
  } catch {
    return { ok: false, reason: 'CERTIFICATE_MALFORMED' };
  }
  let chain = verifyCardChain(issuer, card, options.trustedCas, options.today);
  // An expired card is still authenticated (as of its last valid day), so the decline says CARD_EXPIRED, not forged.
  if (!chain.ok && chain.reason === 'CHAIN_EXPIRED' && chain.at === 'card') {
    const asOfExpiry = verifyCardChain(issuer, card, options.trustedCas, card.notAfter);
    if (asOfExpiry.ok) chain = asOfExpiry;
  }
  if (!chain.ok) return { ok: false, reason: chain.reason, at: chain.at };
  if (!same(chain.card.subject.cardId, options.cardId)) return { ok: false, reason: 'CARD_ID_MISMATCH', at: 'card' };
  const revoked = options.revokedKeyIds ?? [];
  for (const [cert, at] of [[issuer, 'issuer'], [card, 'card']] as const) {
    const id = keyIdOf(cert.publicKey);
    if (revoked.some((r) => same(r, id))) return { ok: false, reason: 'KEY_REVOKED', at };
  }
  // See COMMANDS.md, INTERNAL AUTHENTICATE: signature over SHA-256 of CBOR ["kart-gov-internal-auth", 1, cardId, challenge].
  const challenge = (options.random ?? ((n) => new Uint8Array(randomBytes(n))))(AUTH_CHALLENGE_LENGTH);
  const answer = await channel.send(GovApdu.internalAuthenticate(challenge), 'INTERNAL AUTHENTICATE');
  if (answer.sw !== 0x9000 || answer.data.length !== 64) return { ok: false, reason: 'AUTHENTICATE_REFUSED', at: 'card' };
  const signed = encodeCbor(['kart-gov-internal-auth', 1, chain.card.subject.cardId, challenge]);
  if (!verifyP256(chain.card.publicKey, signed, answer.data)) return { ok: false, reason: 'SIGNATURE_INVALID', at: 'card' };
  return { ok: true, card: chain.card, issuer };
}
