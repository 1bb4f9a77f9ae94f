/**
 * Forgeries for the card-authentication suites (not a suite). TEST KEYS ONLY.
 * - `rogueIssuer`: an issuer certificate naming the TEST CA as signer but signed with another key.
 * - `issuerValidUntil`: a genuine TEST CA signature on an issuer certificate that expires on the given day.
 * - `clonedCard`: a card that answers with another card's data (certificates, ids) but holds only its own key.
 * - `replayingCard`: a card that answers every INTERNAL AUTHENTICATE after the first with the first signature.
 */
import { createHash } from 'node:crypto';
import type { CardOs } from '../../../card/card-os.ts';
import type { VirtualCard } from '../../../card/virtual-card.ts';
import { scalarFrom, type CardIssuer } from '../../../card/gov/test-issuer.ts';
import { certificateCodec, type AuthorityCertificate } from '../../../terminal/schemas/certificate.ts';
import { compressedPoint, keyIdOf, privateKeyFromScalar } from '../../../terminal/schemas/p256.ts';
import { testIssuer } from './service-fixture.ts';

const key = (label: string) => privateKeyFromScalar(scalarFrom(createHash('sha256').update(label).digest()));
/** The TEST CA key, derived as card/gov/test-issuer.ts derives it (public by design). */
const testCaKey = () => key('kart schemas-v1 TEST KEY ONLY: issuer-ca');

function issuerWith(fields: Partial<AuthorityCertificate>, signer: ReturnType<typeof key>): CardIssuer {
  const real = testIssuer();
  const issuerKey = key(`rogue issuer ${JSON.stringify(fields)}`);
  const { signature: _drop, ...unsigned } = real.issuerCertificate;
  const issuerCertificate = certificateCodec.sign(
    { ...unsigned, publicKey: compressedPoint(issuerKey), signerKeyId: keyIdOf(real.caCertificate.publicKey), ...fields },
    signer,
  ) as AuthorityCertificate;
  return { caCertificate: real.caCertificate, issuerCertificate, issuerKey };
}

/** An issuer whose certificate claims the TEST CA but is signed by a key the CA never held. */
export const rogueIssuer = (): CardIssuer => issuerWith({ serial: 666 }, key('not the CA'));

/** A genuine issuer certificate (TEST CA signature) valid only until `notAfter`. */
export const issuerValidUntil = (notAfter: number): CardIssuer => issuerWith({ serial: 11, notAfter }, testCaKey());

const isInternalAuthenticate = (c: Uint8Array): boolean => c[0] === 0x00 && c[1] === 0x88;

/** `donor`'s data on `blank`'s chip: every command goes to both; INTERNAL AUTHENTICATE is answered by `blank`'s key. */
export function clonedCard(donor: CardOs, blank: CardOs): VirtualCard {
  return {
    atr: donor.atr,
    get powered() { return donor.powered; },
    powerOn: () => (blank.powerOn(), donor.powerOn()),
    powerOff: () => (blank.powerOff(), donor.powerOff()),
    reset: () => (blank.reset(), donor.reset()),
    transmit(capdu) {
      const fromBlank = blank.transmit(capdu);
      const fromDonor = donor.transmit(capdu);
      return isInternalAuthenticate(capdu) ? fromBlank : fromDonor;
    },
  };
}

/** `card`, except that INTERNAL AUTHENTICATE answers replay the first one it gave. */
export function replayingCard(card: CardOs): VirtualCard & { readonly recorded: boolean } {
  let first: Uint8Array | undefined;
  return {
    atr: card.atr,
    get powered() { return card.powered; },
    get recorded() { return first !== undefined; },
    powerOn: () => card.powerOn(),
    powerOff: () => card.powerOff(),
    reset: () => card.reset(),
    transmit(capdu) {
      const answer = card.transmit(capdu);
      if (!isInternalAuthenticate(capdu)) return answer;
      first ??= answer;
      return first;
    },
  };
}
