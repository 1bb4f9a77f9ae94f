/**
 * What a government-services card is personalised with, and the small codes it is stored under.
 */
import { SERVICE } from '../../terminal/schemas/service.ts';
import type { Service } from '../../terminal/schemas/service.ts';
import type { EntitlementParams } from './entitlement-params.ts';

export type MemberRole = 'head' | 'spouse' | 'child' | 'other';
/** Role codes on the card (tag DF23). */
export const ROLE_CODE: Readonly<Record<MemberRole, number>> = Object.freeze({ head: 1, spouse: 2, child: 3, other: 4 });

export type CardStatus = 'active' | 'blocked' | 'destroyed';
/** Status codes on the card (tag DF44). */
export const STATUS_CODE: Readonly<Record<CardStatus, number>> = Object.freeze({ active: 0, blocked: 1, destroyed: 2 });

export type ServiceName = 'payment' | 'bread' | 'ration' | 'health';
/** Service names to the schema's service numbers. */
export const SERVICE_OF: Readonly<Record<ServiceName, Service>> = Object.freeze({
  payment: SERVICE.PAYMENT, bread: SERVICE.BREAD, ration: SERVICE.RATION, health: SERVICE.HEALTH,
});

/** Everything written into a card at issue. Only `install` reads it: a loaded card image already holds it. */
export interface GovCardPersonalization {
  /** 8 bytes (the card number in BCD). */
  readonly cardId: Uint8Array;
  /** 14 digits. Sensitive: never logged, readable in full only after cardholder verification. */
  readonly nationalId: string;
  readonly nameAr: string;
  /** Latin letters, as printed (ASCII). */
  readonly nameEn: string;
  /** 8 bytes. */
  readonly householdId: Uint8Array;
  /** Digits of the household's ration card number. */
  readonly rationCardNumber: string;
  readonly role: MemberRole;
  /** Whether this card carries the ration services (bread, ration goods). */
  readonly carriesRation: boolean;
  /** Activation day (days since 1970-01-01) per service; absent or null: inactive. */
  readonly services: Readonly<Partial<Record<ServiceName, number | null>>>;
  /** Default `active`. */
  readonly status?: CardStatus;
  /** Last valid day. */
  readonly expiry: number;
  /** Day of issue: the first date the card accepts. */
  readonly issuedOn: number;
  /** Fingerprint reference: ISO/IEC 19794-2 compact card format bytes (opaque here). */
  readonly fingerprint: Uint8Array;
  /** 4 to 12 digits. */
  readonly pin: string;
  /** PIN try limit, 1 to 15 (default 3). */
  readonly pinTries?: number;
  /** Biometric try limit, 1 to 15 (default 5). */
  readonly biometricTries?: number;
  /** The card's P-256 private key as its 32-byte scalar. */
  readonly cardKey: Uint8Array;
  /** CBOR of the issuer certificate (its key verifies loads) and of the card certificate (its key is `cardKey`'s). */
  readonly issuerCertificate: Uint8Array;
  readonly cardCertificate: Uint8Array;
  /** Default `DEFAULT_ENTITLEMENT_PARAMS`. */
  readonly params?: EntitlementParams;
  /** The first signed entitlement load (beneficiaries, and the issue month's entitlements). */
  readonly load: Uint8Array;
  /** Debits kept in the card log, 1 to 32 (default 10). */
  readonly logSize?: number;
}
