/**
 * KARTPAY on an issued government card: the card's EMV payment application (and the PSE that lists it) added to a
 * card `issueHousehold` made, the way the issuer's personalisation bureau adds it at pick-up. The PAN is made from
 * the card number under Kart's TEST Issuer Identifier (818888), the PSN is 1, the dates follow the government card
 * (effective on the issue day, expiring with the card), the PIN is the member's, and the finger reference is the
 * one enrolled in KARTGOV, so the same finger on the same scanner serves bread and payments. Every key (CA, issuer,
 * IMK-AC) is Kart's TEST key (`card/emv-pay/PAYMENT-APP.md`): never for real money.
 */
import { loadCard, serializeCard } from '../../card/card-image.ts';
import type { CardOs } from '../../card/card-os.ts';
import { createPaymentApplet, createPseApplet, personalizePaymentApplication, type PaymentPersonalization } from '../../card/emv-pay/index.ts';
import { dayToIso } from '../../card/gov/gov-date.ts';
import { createGovCardBuilders } from '../../card/gov/gov-card.ts';
import { luhnDigit, type IssuedCard } from '../../card/gov/issue-household.ts';
import { enrolmentReference } from '../../card/gov/member-finger.ts';
import type { RsaKeyPair } from '../../emv/oda/rsa.ts';

/** Kart's TEST Issuer Identifier (the issuer certificate's, `KART_TEST_ISSUER`): every test PAN starts with it. */
export const TEST_PAYMENT_IIN = '818888';

export interface PaymentCardInput {
  /** The member's PIN (KARTGOV's): KARTPAY's reference PIN too. */
  readonly pin: string;
  /** Day of issue (days since 1970-01-01): the application's effective date. */
  readonly issuedOn: number;
  /** The enrolled finger (default the member's synthetic finger, as `issueHousehold` enrols it). */
  readonly fingerReference?: Uint8Array;
  /** Offer the finger online too (Card BIT Group Template, 9F31). Default false. */
  readonly fingerOnline?: boolean;
  /** The ICC key (default a fresh 1024-bit key, exponent 3). */
  readonly iccKeyPair?: RsaKeyPair;
}

/** A government card with KARTPAY on it. */
export interface PaymentCard {
  readonly pan: string;
  readonly panSequenceNumber: number;
  /** The card OS (unpowered), with KARTGOV, the PSE and KARTPAY. */
  readonly card: CardOs;
  /** Its card image (`kart card serve --card` loads it with `createGovPaymentCardBuilders`). */
  readonly image: Uint8Array;
  /** Holds secrets (PIN, finger, ICC keys) as non-enumerable properties: never log it. */
  readonly personalization: PaymentPersonalization;
}

/** The 16-digit PAN of a government card: 818888, the 9 digits after the card number's "5078" prefix, Luhn. */
export function paymentPanFor(cardId: Uint8Array): string {
  const cardNumber = Buffer.from(cardId).toString('hex');
  if (!/^\d{16}$/.test(cardNumber)) throw new RangeError('a government card id is 16 decimal digits');
  const body = `${TEST_PAYMENT_IIN}${cardNumber.slice(4, 13)}`;
  return `${body}${luhnDigit(body)}`;
}

/** 5F20 from the Latin name: printable ASCII, 2 to 26 characters. */
function cardholderName(nameEn: string): string {
  const ascii = nameEn.toUpperCase().replace(/[^\x20-\x7e]/g, ' ').replace(/\s+/g, ' ').trim().slice(0, 26).trim();
  return ascii.length >= 2 ? ascii : 'CARDHOLDER';
}

const yymmdd = (day: number): string => dayToIso(day).replace(/-/g, '').slice(2);

/**
 * `issued` with KARTPAY and the PSE installed beside KARTGOV (KARTGOV's state untouched). Throws `PaymentError`
 * `PAY_PERSONALIZATION_INVALID` for a bad PIN or name.
 */
export function addPaymentApplication(issued: IssuedCard, input: PaymentCardInput): PaymentCard {
  const pan = paymentPanFor(issued.cardId);
  const panSequenceNumber = 1;
  const personalization = personalizePaymentApplication({
    pan, panSequenceNumber, effective: yymmdd(input.issuedOn), expiry: yymmdd(issued.expiry), cardholderName: cardholderName(issued.nameEn),
    pin: input.pin, fingerReference: input.fingerReference ?? enrolmentReference(issued.nationalId),
    ...(input.fingerOnline ? { fingerOnline: true } : {}), ...(input.iccKeyPair ? { iccKeyPair: input.iccKeyPair } : {}),
  });
  // The card OS installs the applets its memory has no state for: KARTPAY and the PSE, over KARTGOV's saved state.
  const card = loadCard(issued.image, createGovCardBuilders({ otherApplets: [createPseApplet(), createPaymentApplet({ personalization })] }));
  return { pan, panSequenceNumber, card, image: serializeCard(card), personalization };
}
