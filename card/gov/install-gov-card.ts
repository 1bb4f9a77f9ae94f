/**
 * Writes a personalisation into the applet's persistent memory (the applet's `install`), after checking it: a card
 * is never issued half-valid. Throws `GovError` `GOV_PERSONALIZATION_INVALID` naming the field (never its value).
 */
import type { AppletStore } from '../applet.ts';
import { plaintextPinBlock } from '../plaintext-pin-block.ts';
import { CERT_KIND, decodeCertificate } from '../../terminal/schemas/certificate.ts';
import type { Certificate } from '../../terminal/schemas/certificate.ts';
import { compressedPoint, privateKeyFromScalar } from '../../terminal/schemas/p256.ts';
import { DEFAULT_ENTITLEMENT_PARAMS, encodeEntitlementParams } from './entitlement-params.ts';
import { entitlementLoadCodec } from './entitlement-load.ts';
import { applyMonthLoad } from './entitlement-rules.ts';
import { emptyEntitlementState } from './entitlement-state.ts';
import type { GovCardPersonalization, ServiceName } from './gov-card-data.ts';
import { ROLE_CODE, SERVICE_OF, STATUS_CODE } from './gov-card-data.ts';
import { monthOfDay } from './gov-date.ts';
import { GovError } from './gov-error.ts';
import { GovStore, KEY } from './gov-store.ts';

const sameBytes = (a: Uint8Array, b: Uint8Array): boolean => a.length === b.length && a.every((x, i) => x === b[i]);

/** Checks `p` and writes it into `store`. */
export function installGovCard(store: AppletStore, p: GovCardPersonalization): void {
  const invalid = (field: string, problem: string): never => {
    throw new GovError('GOV_PERSONALIZATION_INVALID', `${field}: ${problem}`);
  };
  if (p.cardId.length !== 8) invalid('cardId', 'must be 8 bytes');
  if (p.householdId.length !== 8) invalid('householdId', 'must be 8 bytes');
  if (!/^[0-9]{14}$/.test(p.nationalId)) invalid('nationalId', 'must be 14 digits');
  if (p.nameAr.trim() === '' || p.nameEn.trim() === '') invalid('name', 'Arabic and Latin names are required');
  if (!/^[\x20-\x7e]+$/.test(p.nameEn)) invalid('nameEn', 'must be printable ASCII');
  if (!/^[0-9]{1,20}$/.test(p.rationCardNumber)) invalid('rationCardNumber', 'must be 1 to 20 digits');
  if (!Number.isInteger(p.expiry) || !Number.isInteger(p.issuedOn) || p.expiry < p.issuedOn) invalid('expiry', 'must be a day on or after issuedOn');
  try {
    plaintextPinBlock(p.pin);
  } catch {
    invalid('pin', 'must be 4 to 12 digits');
  }
  const pinTries = p.pinTries ?? 3;
  const bioTries = p.biometricTries ?? 5;
  const logSize = p.logSize ?? 10;
  if (!Number.isInteger(pinTries) || pinTries < 1 || pinTries > 15) invalid('pinTries', 'must be 1 to 15');
  if (!Number.isInteger(bioTries) || bioTries < 1 || bioTries > 15) invalid('biometricTries', 'must be 1 to 15');
  if (!Number.isInteger(logSize) || logSize < 1 || logSize > 32) invalid('logSize', 'must be 1 to 32');
  if (p.fingerprint.length === 0 || p.fingerprint.length > 1024) invalid('fingerprint', 'must be 1 to 1024 bytes');

  let cardPoint: Uint8Array | undefined;
  try {
    cardPoint = compressedPoint(privateKeyFromScalar(p.cardKey));
  } catch {
    invalid('cardKey', 'not a P-256 private scalar');
  }
  const issuerCert = parseCertificate(p.issuerCertificate, 'issuerCertificate', invalid);
  const cardCert = parseCertificate(p.cardCertificate, 'cardCertificate', invalid);
  if (!sameBytes(cardCert.publicKey, cardPoint!)) invalid('cardCertificate', 'does not certify the card key');
  if (cardCert.kind !== CERT_KIND.CARD || !sameBytes(cardCert.subject.cardId, p.cardId) || !sameBytes(cardCert.subject.householdId, p.householdId)) {
    invalid('cardCertificate', 'subject is not this card and household');
  }
  let load;
  try {
    load = entitlementLoadCodec.decode(p.load);
  } catch (cause) {
    throw new GovError('GOV_PERSONALIZATION_INVALID', 'load: not an entitlement load', { cause });
  }
  if (!entitlementLoadCodec.verify(load, issuerCert.publicKey)) invalid('load', 'not signed by the issuer');
  if (!sameBytes(load.cardId, p.cardId)) invalid('load', 'is for another card');

  const gov = new GovStore(store);
  gov.setProfile({
    cardId: p.cardId, nationalId: p.nationalId, nameAr: p.nameAr, nameEn: p.nameEn, householdId: p.householdId,
    rationCardNumber: p.rationCardNumber, roleCode: ROLE_CODE[p.role], carriesRation: p.carriesRation,
  });
  const services = new Map(
    (Object.keys(SERVICE_OF) as ServiceName[]).map((name) => [SERVICE_OF[name], p.services[name] ?? null] as const),
  );
  gov.setServices(services);
  gov.setNumber(KEY.STATUS, STATUS_CODE[p.status ?? 'active']);
  gov.setNumber(KEY.EXPIRY, p.expiry);
  gov.setNumber(KEY.LAST_DATE, p.issuedOn);
  store.set(KEY.FINGERPRINT, p.fingerprint);
  store.set(KEY.PIN, new TextEncoder().encode(p.pin));
  store.set(KEY.PIN_TRY_LIMIT, Uint8Array.of(pinTries));
  store.set(KEY.PIN_TRIES, Uint8Array.of(pinTries));
  store.set(KEY.BIO_TRY_LIMIT, Uint8Array.of(bioTries));
  store.set(KEY.BIO_TRIES, Uint8Array.of(bioTries));
  store.set(KEY.CARD_KEY, p.cardKey);
  store.set(KEY.ISSUER_CERT, p.issuerCertificate);
  store.set(KEY.CARD_CERT, p.cardCertificate);
  store.set(KEY.PARAMS, encodeEntitlementParams(p.params ?? DEFAULT_ENTITLEMENT_PARAMS));
  store.set(KEY.GRANT, p.load);
  gov.setNumber(KEY.LOAD_SEQ, load.sequence);
  gov.setNumber(KEY.LOG_SIZE, logSize);
  gov.setLog([]);
  const month = monthOfDay(p.issuedOn);
  if (load.month < month) invalid('load', 'is for a month before the issue');
  const counters = emptyEntitlementState(month);
  if (load.month === month) gov.setCounters(applyMonthLoad(counters, load));
  else {
    gov.setCounters(counters);
    store.set(KEY.PENDING_LOAD, p.load);
  }
}

function parseCertificate(bytes: Uint8Array, field: string, invalid: (f: string, p: string) => never): Certificate {
  try {
    return decodeCertificate(bytes);
  } catch {
    return invalid(field, 'not a certificate');
  }
}
