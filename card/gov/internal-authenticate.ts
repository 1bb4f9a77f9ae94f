/**
 * INTERNAL AUTHENTICATE: card authentication. The card signs the terminal's random challenge with its card key;
 * the terminal verifies with the public key of the card certificate (READ DATA BF4A), itself verified up the chain.
 * The signed message is the deterministic CBOR `["kart-gov-internal-auth", 1, cardId, challenge]`, so such a
 * signature can never pass for a debit proof or any other signed item.
 *
 * @remarks See ISO/IEC 7816-4:2020, 11.5.2 (INTERNAL AUTHENTICATE).
 */
import type { AppletContext, AppletResponse } from '../applet.ts';
import type { CommandApdu } from '../command-apdu.ts';
import * as SW from '../status-word.ts';
import { encodeCbor } from '../../terminal/codec/cbor.ts';
import { privateKeyFromScalar, signP256 } from '../../terminal/schemas/p256.ts';
import { GovStore, KEY } from './gov-store.ts';

export const INTERNAL_AUTH_MAGIC = 'kart-gov-internal-auth';

/** The bytes the card signs for INTERNAL AUTHENTICATE. */
export function internalAuthenticateMessage(cardId: Uint8Array, challenge: Uint8Array): Uint8Array {
  return encodeCbor([INTERNAL_AUTH_MAGIC, 1, cardId, challenge]);
}

/** 00 88 00 00 Lc <challenge, 8 to 32 bytes> Le → ECDSA P-256 raw r||s (64 bytes). */
export function internalAuthenticate(apdu: CommandApdu, context: AppletContext): AppletResponse {
  if (apdu.p1 !== 0 || apdu.p2 !== 0) return { sw: SW.SW_6A86_WRONG_P1_P2 };
  if (apdu.data.length < 8 || apdu.data.length > 32) return { sw: SW.SW_6700_WRONG_LENGTH };
  const gov = new GovStore(context.store);
  const key = privateKeyFromScalar(gov.bytes(KEY.CARD_KEY));
  return { data: signP256(key, internalAuthenticateMessage(gov.profile().cardId, apdu.data)), sw: SW.SW_9000_NO_ERROR };
}
