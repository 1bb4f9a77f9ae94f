/**
 * KARTPAY's persistent memory, under the applet's AID namespace. Raw byte strings, no codec:
 * `record/<sfi>/<n>` (70 templates), `aip`, `afl`, `pdol`, `cdol1`, `cdol2`, `pin` (digits as ASCII), `pin-tries`,
 * `pin-try-limit`, `finger` (ISO/IEC 19794-2 reference), `finger-tries`, `finger-try-limit`, `finger-preferred`,
 * `icc-key` (DER PKCS#1), `icc-mk` (ICC master key for AC), `dki`, `limits` (lower, upper), and the card risk
 * state `offline-count`, `last-online-atc` (2 bytes), `flags` ({@link RISK_FLAG}).
 * Try counters are written with `writeNow` (a tear never gives a try back); everything else goes through the
 * command's transaction (a tear leaves the old state).
 */
import type { AppletStore } from '../applet.ts';
import { decodeRsaKeyPair, encodeRsaKeyPair } from '../../emv/oda/rsa.ts';
import type { RsaKeyPair } from '../../emv/oda/rsa.ts';
import type { PaymentPersonalization } from './payment-personalization.ts';

export const KEY = {
  AIP: 'aip', AFL: 'afl', PDOL: 'pdol', CDOL1: 'cdol1', CDOL2: 'cdol2',
  PIN: 'pin', PIN_TRIES: 'pin-tries', PIN_TRY_LIMIT: 'pin-try-limit',
  FINGER: 'finger', FINGER_TRIES: 'finger-tries', FINGER_TRY_LIMIT: 'finger-try-limit', FINGER_PREFERRED: 'finger-preferred',
  ICC_KEY: 'icc-key', ICC_MK: 'icc-mk', DKI: 'dki', LIMITS: 'limits',
  OFFLINE_COUNT: 'offline-count', LAST_ONLINE_ATC: 'last-online-atc', FLAGS: 'flags',
} as const;

export const recordKey = (sfi: number, record: number): string => `record/${sfi}/${record}`;

/** Bits of the `flags` record: card risk state carried from one transaction to the next. */
export const RISK_FLAG = {
  /** Issuer authentication failed (or was missing) in the last online transaction. */
  ISSUER_AUTH_FAILED_LAST_ONLINE: 0x01,
  /** A first GENERATE AC answered ARQC and no second GENERATE AC followed yet. */
  ONLINE_PENDING: 0x02,
} as const;

/** Writes a checked personalisation (the applet's `install`). */
export function installPayment(store: AppletStore, p: PaymentPersonalization): void {
  for (const record of p.records) store.set(recordKey(record.sfi, record.number), record.body);
  store.set(KEY.AIP, p.aip);
  store.set(KEY.AFL, p.afl);
  store.set(KEY.PDOL, p.pdol);
  store.set(KEY.CDOL1, p.cdol1);
  store.set(KEY.CDOL2, p.cdol2);
  store.set(KEY.PIN, new TextEncoder().encode(p.pin));
  store.set(KEY.PIN_TRY_LIMIT, Uint8Array.of(p.pinTries));
  store.set(KEY.PIN_TRIES, Uint8Array.of(p.pinTries));
  store.set(KEY.FINGER, p.fingerReference);
  store.set(KEY.FINGER_TRY_LIMIT, Uint8Array.of(p.fingerTries));
  store.set(KEY.FINGER_TRIES, Uint8Array.of(p.fingerTries));
  store.set(KEY.FINGER_PREFERRED, Uint8Array.of(p.preferredFingerAttempts));
  store.set(KEY.ICC_KEY, encodeRsaKeyPair(p.iccKeyPair));
  store.set(KEY.ICC_MK, p.iccMasterKey);
  store.set(KEY.DKI, Uint8Array.of(p.derivationKeyIndex));
  store.set(KEY.LIMITS, Uint8Array.of(p.lowerConsecutiveOfflineLimit, p.upperConsecutiveOfflineLimit));
  store.set(KEY.OFFLINE_COUNT, Uint8Array.of(0));
  store.set(KEY.LAST_ONLINE_ATC, Uint8Array.of(0, 0));
  store.set(KEY.FLAGS, Uint8Array.of(0));
}

/** Typed reads and writes over one command's store. A missing record throws (the card OS answers 6F00, rolls back). */
export class PaymentStore {
  constructor(readonly raw: AppletStore) {}

  bytes(key: string): Uint8Array {
    const value = this.raw.get(key);
    if (value === undefined) throw new Error(`payment applet: persistent record ${key} is missing`);
    return value;
  }

  byte(key: string): number {
    return this.bytes(key)[0] ?? 0;
  }

  setByte(key: string, value: number): void {
    this.raw.set(key, Uint8Array.of(value));
  }

  iccKey(): RsaKeyPair {
    return decodeRsaKeyPair(this.bytes(KEY.ICC_KEY));
  }

  limits(): { lower: number; upper: number } {
    const [lower, upper] = this.bytes(KEY.LIMITS);
    return { lower: lower ?? 0, upper: upper ?? 0 };
  }

  lastOnlineAtc(): number {
    const b = this.bytes(KEY.LAST_ONLINE_ATC);
    return ((b[0] ?? 0) << 8) | (b[1] ?? 0);
  }

  setLastOnlineAtc(atc: number): void {
    this.raw.set(KEY.LAST_ONLINE_ATC, Uint8Array.of(atc >> 8, atc & 0xff));
  }

  flag(bit: number): boolean {
    return (this.byte(KEY.FLAGS) & bit) !== 0;
  }

  setFlag(bit: number, on: boolean): void {
    const flags = this.byte(KEY.FLAGS);
    this.setByte(KEY.FLAGS, on ? flags | bit : flags & ~bit);
  }
}
