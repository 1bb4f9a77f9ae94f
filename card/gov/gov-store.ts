/**
 * Typed access to the applet's persistent memory. Keys (under the applet's AID namespace):
 * `profile`, `services`, `status`, `expiry`, `fingerprint`, `pin`, `pin-tries`, `pin-try-limit`, `bio-tries`,
 * `bio-try-limit`, `card-key`, `issuer-cert`, `card-cert`, `params`, `grant` (last accepted load), `load-seq`,
 * `pending-load` (a load for a later month), `counters`, `last-date`, `log`, `log-size`.
 * Values are deterministic CBOR except the raw byte strings (PIN digits, key, certificates, fingerprint).
 * Everything is written through the command's transaction except try counters (`writeNow`).
 */
import type { AppletStore } from '../applet.ts';
import { decodeCbor, encodeCbor } from '../../terminal/codec/cbor.ts';
import type { CborValue } from '../../terminal/codec/cbor.ts';
import type { Service } from '../../terminal/schemas/service.ts';
import { decodeEntitlementParams } from './entitlement-params.ts';
import type { EntitlementParams } from './entitlement-params.ts';
import { decodeEntitlementState, encodeEntitlementState } from './entitlement-state.ts';
import type { EntitlementState } from './entitlement-state.ts';

/** The static part of the card's personalisation. */
export interface GovProfile {
  readonly cardId: Uint8Array;
  readonly nationalId: string;
  readonly nameAr: string;
  readonly nameEn: string;
  readonly householdId: Uint8Array;
  readonly rationCardNumber: string;
  readonly roleCode: number;
  readonly carriesRation: boolean;
}

/** The persistent record names. */
export const KEY = {
  PROFILE: 'profile', SERVICES: 'services', STATUS: 'status', EXPIRY: 'expiry', FINGERPRINT: 'fingerprint',
  PIN: 'pin', PIN_TRIES: 'pin-tries', PIN_TRY_LIMIT: 'pin-try-limit', BIO_TRIES: 'bio-tries', BIO_TRY_LIMIT: 'bio-try-limit',
  CARD_KEY: 'card-key', ISSUER_CERT: 'issuer-cert', CARD_CERT: 'card-cert', PARAMS: 'params', GRANT: 'grant',
  LOAD_SEQ: 'load-seq', PENDING_LOAD: 'pending-load', COUNTERS: 'counters', LAST_DATE: 'last-date', LOG: 'log', LOG_SIZE: 'log-size',
} as const;

const must = (store: AppletStore, key: string): Uint8Array => {
  const value = store.get(key);
  if (value === undefined) throw new Error(`gov applet: persistent record ${key} is missing`);
  return value;
};
const readValue = (store: AppletStore, key: string): CborValue => decodeCbor(must(store, key));
const writeValue = (store: AppletStore, key: string, value: CborValue): void => store.set(key, encodeCbor(value));

/**
 * The applet's persistent records over one command's `AppletStore`. A missing or corrupt record throws: the card OS
 * answers 6F00 and rolls the command back (a card whose memory is damaged must not debit).
 */
export class GovStore {
  constructor(readonly raw: AppletStore) {}

  profile(): GovProfile {
    const [cardId, nationalId, nameAr, nameEn, householdId, rationCardNumber, roleCode, carriesRation] = readValue(this.raw, KEY.PROFILE) as [
      Uint8Array, string, string, string, Uint8Array, string, number, boolean,
    ];
    return { cardId, nationalId, nameAr, nameEn, householdId, rationCardNumber, roleCode, carriesRation };
  }

  setProfile(p: GovProfile): void {
    writeValue(this.raw, KEY.PROFILE, [p.cardId, p.nationalId, p.nameAr, p.nameEn, p.householdId, p.rationCardNumber, p.roleCode, p.carriesRation]);
  }

  /** Activation day per service number, `null` when inactive. */
  services(): Map<Service, number | null> {
    return new Map(readValue(this.raw, KEY.SERVICES) as Array<[Service, number | null]>);
  }

  setServices(services: ReadonlyMap<Service, number | null>): void {
    writeValue(this.raw, KEY.SERVICES, [...services].sort(([a], [b]) => a - b).map(([s, d]) => [s, d]));
  }

  number(key: string): number {
    return readValue(this.raw, key) as number;
  }

  setNumber(key: string, value: number): void {
    writeValue(this.raw, key, value);
  }

  bytes(key: string): Uint8Array {
    return must(this.raw, key);
  }

  params(): EntitlementParams {
    return decodeEntitlementParams(must(this.raw, KEY.PARAMS));
  }

  counters(): EntitlementState {
    return decodeEntitlementState(must(this.raw, KEY.COUNTERS));
  }

  setCounters(state: EntitlementState): void {
    this.raw.set(KEY.COUNTERS, encodeEntitlementState(state));
  }

  /** The debit proofs in the log, oldest first. */
  log(): Uint8Array[] {
    return readValue(this.raw, KEY.LOG) as Uint8Array[];
  }

  setLog(entries: readonly Uint8Array[]): void {
    writeValue(this.raw, KEY.LOG, [...entries]);
  }
}
