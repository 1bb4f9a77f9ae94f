/**
 * Issues the cards of a whole household: one card per member, each with its own P-256 key pair and card
 * certificate (signed by the issuer), its own fingerprint reference, and a first signed entitlement load. The
 * reference is the household file's `fingerprint` when it gives one, else the enrolment of the member's synthetic
 * finger (`member-finger.ts`: seeded from the national ID, ISO/IEC 19794-2 compact card format), which the card's
 * default matcher compares with what a (simulated) scanner captures of that finger. Head,
 * spouse and children over 16 get cards that carry the ration services (bread, ration goods) besides health
 * insurance and payments; the others get health insurance and payments only. Payments are active from pick-up (the
 * issue day); bread, ration goods and health from their announced dates in the household file, else from issue.
 * Validity: three years from the issue day.
 */
import { createHash, randomBytes } from 'node:crypto';
import type { CardOs, CardProtocol } from '../card-os.ts';
import { serializeCard } from '../card-image.ts';
import type { CardCertificate } from '../../terminal/schemas/certificate.ts';
import { certificateCodec } from '../../terminal/schemas/certificate.ts';
import { compressedPoint, privateKeyFromScalar } from '../../terminal/schemas/p256.ts';
import { DEFAULT_ENTITLEMENT_PARAMS } from './entitlement-params.ts';
import type { EntitlementParams } from './entitlement-params.ts';
import { entitlementLoadCodec } from './entitlement-load.ts';
import { monthlyRationPiastres } from './entitlement-rules.ts';
import type { RationItemRule } from './entitlement-rules.ts';
import type { GovCardPersonalization, MemberRole, ServiceName } from './gov-card-data.ts';
import { createGovCard } from './gov-card.ts';
import { lastDayOfYears, monthOfDay } from './gov-date.ts';
import type { HouseholdDescription, HouseholdMember } from './household-description.ts';
import { enrolmentReference } from './member-finger.ts';
import { certifyCard, createTestIssuer, scalarFrom } from './test-issuer.ts';
import type { CardIssuer } from './test-issuer.ts';

/**
 * An EXAMPLE ration catalogue (codes, prices in piastres per unit, caps in units per person and per card): sugar
 * 1 kg per person, at most 6 kg per card, as in DOMAIN.md; the other lines are placeholders until the ministry's
 * monthly catalogue is downloaded.
 */
export const EXAMPLE_RATION_CATALOGUE: readonly RationItemRule[] = Object.freeze([
  { code: 1, pricePiastres: 1260, perPerson: 1, perCard: 6 }, // sugar, 1 kg
  { code: 2, pricePiastres: 3000, perPerson: 1, perCard: 4 }, // oil, 1 l
  { code: 3, pricePiastres: 1200, perPerson: 2, perCard: 10 }, // rice, 1 kg
]);

export interface IssueHouseholdOptions {
  /** Default: the TEST issuer (`createTestIssuer`). */
  readonly issuer?: CardIssuer;
  /** Day of issue (days since 1970-01-01). Default: today (UTC). */
  readonly issuedOn?: number;
  /** Random bytes for the card keys. Default `crypto.randomBytes`. */
  readonly random?: (length: number) => Uint8Array;
  readonly params?: EntitlementParams;
  /** The issue month's catalogue. Default `EXAMPLE_RATION_CATALOGUE`. */
  readonly catalogue?: readonly RationItemRule[];
  readonly protocol?: CardProtocol;
  /** Members (by national ID) whose card certificate also carries the `SUPERVISE` usage: supervisors' cards. */
  readonly supervisors?: readonly string[];
}

/** One issued card. */
export interface IssuedCard {
  readonly role: MemberRole;
  /** The holder's national ID: `fingerOf(card)` gives the holder's synthetic finger. */
  readonly nationalId: string;
  readonly nameEn: string;
  readonly carriesRation: boolean;
  /** Services active at some date on this card. */
  readonly services: readonly ServiceName[];
  readonly cardId: Uint8Array;
  readonly certificate: CardCertificate;
  readonly expiry: number;
  /** The card, unpowered. */
  readonly card: CardOs;
  /** Its card image (`serializeCard`). */
  readonly image: Uint8Array;
}

/** Whether a member's card carries the ration services: head, spouse, and children over 16. */
export function carriesRationServices(role: MemberRole, age: number): boolean {
  return role === 'head' || role === 'spouse' || (role === 'child' && age > 16);
}

/** Makes the cards of `household`, in member order. */
export function issueHousehold(household: HouseholdDescription, options: IssueHouseholdOptions = {}): IssuedCard[] {
  const issuer = options.issuer ?? createTestIssuer();
  const issuedOn = options.issuedOn ?? Math.floor(Date.now() / 86_400_000);
  const random = options.random ?? ((n: number) => new Uint8Array(randomBytes(n)));
  return household.members.map((member) => issueMemberCard(household, member, { ...options, issuer, issuedOn, random }));
}

function issueMemberCard(
  household: HouseholdDescription,
  member: HouseholdMember,
  options: IssueHouseholdOptions & { issuer: CardIssuer; issuedOn: number; random: (n: number) => Uint8Array },
): IssuedCard {
  const { issuer, issuedOn } = options;
  const carriesRation = carriesRationServices(member.role, member.age);
  const cardNumber = cardNumberFor(household.householdId, member.nationalId, issuedOn);
  const cardId = new Uint8Array(Buffer.from(cardNumber, 'hex'));
  const cardKey = scalarFrom(options.random(32));
  const expiry = lastDayOfYears(issuedOn, 3);
  const certificate = certifyCard(issuer, {
    cardId, householdId: household.householdId, publicKey: compressedPoint(privateKeyFromScalar(cardKey)),
    serial: Number.parseInt(cardNumber.slice(6, 15), 10), notBefore: issuedOn, notAfter: expiry,
    supervisor: options.supervisors?.includes(member.nationalId) ?? false,
  });
  const params = options.params ?? DEFAULT_ENTITLEMENT_PARAMS;
  const load = entitlementLoadCodec.sign(
    {
      magic: 'kart-gov-load', version: 1, cardId, sequence: 1, month: monthOfDay(issuedOn), beneficiaries: household.beneficiaries,
      rationPiastres: carriesRation ? monthlyRationPiastres(params, household.beneficiaries) : 0, pointsPiastres: null,
      items: carriesRation ? [...(options.catalogue ?? EXAMPLE_RATION_CATALOGUE)] : [],
    },
    issuer.issuerKey,
  );
  const { activations } = household;
  const services: Partial<Record<ServiceName, number>> = carriesRation
    ? { payment: issuedOn, bread: activations.bread ?? issuedOn, ration: activations.ration ?? issuedOn, health: activations.health ?? issuedOn }
    : { payment: issuedOn, health: activations.health ?? issuedOn };
  const personalization: GovCardPersonalization = {
    cardId, nationalId: member.nationalId, nameAr: member.nameAr, nameEn: member.nameEn, householdId: household.householdId,
    rationCardNumber: household.rationCardNumber, role: member.role, carriesRation, services, expiry, issuedOn,
    fingerprint: member.fingerprint ?? enrolmentReference(member), pin: member.pin ?? '1234', cardKey, params,
    issuerCertificate: certificateCodec.encode(issuer.issuerCertificate), cardCertificate: certificateCodec.encode(certificate),
    load: entitlementLoadCodec.encode(load),
  };
  const card = createGovCard({ personalization, ...(options.protocol ? { protocol: options.protocol } : {}) });
  return {
    role: member.role, nationalId: member.nationalId, nameEn: member.nameEn, carriesRation, services: Object.keys(services) as ServiceName[], cardId, certificate,
    expiry, card, image: serializeCard(card),
  };
}

/**
 * The 16-digit card number: "5078" (test prefix), 11 digits from SHA-256 of household, national ID and issue day
 * (a replacement issued another day gets another number), and a Luhn check digit.
 */
function cardNumberFor(householdId: Uint8Array, nationalId: string, issuedOn: number): string {
  const digest = createHash('sha256').update(householdId).update(`|${nationalId}|${issuedOn}`).digest();
  const body = `5078${(BigInt(`0x${digest.toString('hex')}`) % 10n ** 11n).toString().padStart(11, '0')}`;
  return body + luhnDigit(body);
}

/** The Luhn check digit of `body`. See ISO/IEC 7812-1, Annex B. */
export function luhnDigit(body: string): number {
  let sum = 0;
  for (let i = 0; i < body.length; i++) {
    let d = Number(body[body.length - 1 - i]);
    if (i % 2 === 0) d = d * 2 > 9 ? d * 2 - 9 : d * 2;
    sum += d;
  }
  return (10 - (sum % 10)) % 10;
}
