/**
 * Helpers for the card/gov suites (not a suite): a personalised KARTGOV card from the TEST issuer, and the
 * commands of COMMANDS.md as byte builders. Key material here is TEST ONLY.
 */
import { createHash } from 'node:crypto';
import * as assert from 'uvu/assert';
import { berTlv, concat } from '../../../card/ber-tlv.ts';
import type { CardOs, CardOsOptions } from '../../../card/card-os.ts';
import { plaintextPinBlock } from '../../../card/plaintext-pin-block.ts';
import { DEFAULT_ENTITLEMENT_PARAMS } from '../../../card/gov/entitlement-params.ts';
import { entitlementLoadCodec } from '../../../card/gov/entitlement-load.ts';
import type { EntitlementLoad } from '../../../card/gov/entitlement-load.ts';
import { monthlyRationPiastres } from '../../../card/gov/entitlement-rules.ts';
import type { GovCardPersonalization } from '../../../card/gov/gov-card-data.ts';
import { createGovCard } from '../../../card/gov/gov-card.ts';
import type { GovCardOptions } from '../../../card/gov/gov-card.ts';
import { dayToYymmdd, isoToDay, lastDayOfYears, monthOfDay } from '../../../card/gov/gov-date.ts';
import { EXAMPLE_RATION_CATALOGUE } from '../../../card/gov/issue-household.ts';
import { enrolmentReference, fingerOf } from '../../../card/gov/member-finger.ts';
import * as T from '../../../card/gov/gov-tags.ts';
import { certifyCard, createTestIssuer, scalarFrom } from '../../../card/gov/test-issuer.ts';
import type { CardIssuer } from '../../../card/gov/test-issuer.ts';
import { buildCommandApdu } from '../../../emv/apdu/command-apdu.ts';
import { decodeTlv } from '../../../emv/tlv/decode-tlv.ts';
import {
  DIFFICULTY_LEVELS, encodeCompactCard, encodeFingerMinutiaeRecord, generateImpression, toCompactMinutiae, type DifficultyLevel,
} from '../../../terminal/biometrics/index.ts';
import { certificateCodec } from '../../../terminal/schemas/certificate.ts';
import { compressedPoint, privateKeyFromScalar } from '../../../terminal/schemas/p256.ts';
import { SERVICE } from '../../../terminal/schemas/service.ts';
import type { Unsigned } from '../../../terminal/schemas/schema-codec.ts';

export const day = (iso: string): number => isoToDay(iso)!;
/** Issue day of the fixture cards: 2026-03-10 (a 31-day month). */
export const ISSUE_DAY = day('2026-03-10');
export const CARD_ID = Uint8Array.from(Buffer.from('5078030000000017', 'hex'));
export const HOUSEHOLD_ID = Uint8Array.from(Buffer.from('0000000012345678', 'hex'));
export const NATIONAL_ID = '28501011234567';
/** The fixture card's reference: the enrolment of the holder's synthetic finger (ISO compact card format). */
export const FINGERPRINT = enrolmentReference(NATIONAL_ID);

/**
 * A probe of `owner`'s enrolled finger as a scanner at the counter would capture it: impression `seed` at `level`
 * (default medium), as compact card minutiae (default) or a whole ISO/IEC 19794-2 record.
 */
export function fingerProbe(owner: string, seed: number, options: { level?: DifficultyLevel['name']; form?: 'compact' | 'record' } = {}): Uint8Array {
  const { record } = generateImpression(fingerOf(owner), DIFFICULTY_LEVELS[options.level ?? 'medium'], seed);
  return options.form === 'record' ? encodeFingerMinutiaeRecord(record) : encodeCompactCard(toCompactMinutiae(record));
}

let cachedIssuer: CardIssuer | undefined;
/** The TEST issuer, made once per suite process. */
export const issuer = (): CardIssuer => (cachedIssuer ??= createTestIssuer());
const CARD_KEY = scalarFrom(createHash('sha256').update('kart card/gov suites TEST KEY ONLY').digest());
export const CARD_PUBLIC_KEY = compressedPoint(privateKeyFromScalar(CARD_KEY));

/** A signed entitlement load for the fixture card. */
export function signedLoad(fields: Partial<Unsigned<EntitlementLoad>> = {}): Uint8Array {
  const beneficiaries = fields.beneficiaries ?? 4;
  return entitlementLoadCodec.encode(
    entitlementLoadCodec.sign(
      {
        magic: 'kart-gov-load', version: 1, cardId: CARD_ID, sequence: 1, month: monthOfDay(ISSUE_DAY), beneficiaries,
        rationPiastres: monthlyRationPiastres(DEFAULT_ENTITLEMENT_PARAMS, beneficiaries), pointsPiastres: null,
        items: [...EXAMPLE_RATION_CATALOGUE], ...fields,
      },
      issuer().issuerKey,
    ),
  );
}

/** The fixture personalisation: head of a 4-beneficiary household, every service active from the issue day. */
export function personalization(overrides: Partial<GovCardPersonalization> & { beneficiaries?: number } = {}): GovCardPersonalization {
  const { beneficiaries, ...rest } = overrides;
  const certificate = certifyCard(issuer(), {
    cardId: CARD_ID, householdId: HOUSEHOLD_ID, publicKey: CARD_PUBLIC_KEY, serial: 17, notBefore: ISSUE_DAY,
    notAfter: lastDayOfYears(ISSUE_DAY, 3),
  });
  return {
    cardId: CARD_ID, nationalId: NATIONAL_ID, nameAr: 'أمل سيد', nameEn: 'AMAL SAYED', householdId: HOUSEHOLD_ID,
    rationCardNumber: '1234567890', role: 'head', carriesRation: true,
    services: { payment: ISSUE_DAY, bread: ISSUE_DAY, ration: ISSUE_DAY, health: ISSUE_DAY },
    expiry: lastDayOfYears(ISSUE_DAY, 3), issuedOn: ISSUE_DAY, fingerprint: FINGERPRINT, pin: '1234', cardKey: CARD_KEY,
    issuerCertificate: certificateCodec.encode(issuer().issuerCertificate), cardCertificate: certificateCodec.encode(certificate),
    load: signedLoad(beneficiaries === undefined ? {} : { beneficiaries }),
    ...rest,
  };
}

/** A powered fixture card with KARTGOV selected (T=1, so answers come whole). */
export function govCard(
  overrides: Partial<GovCardPersonalization> & { beneficiaries?: number } = {},
  options: Partial<GovCardOptions & CardOsOptions> = {},
): CardOs {
  const card = createGovCard({ protocol: 'T=1', ...options, personalization: personalization(overrides) });
  card.powerOn();
  const selected = send(card, cmd.select());
  assert.ok(selected.sw === 0x9000 || selected.sw === 0x6283, `SELECT answered ${selected.sw.toString(16)}`);
  return card;
}

/** A response split into data and status word. */
export interface Answer {
  readonly data: Uint8Array;
  readonly sw: number;
}

export function send(card: CardOs, apdu: Uint8Array): Answer {
  const r = card.transmit(apdu);
  return { data: r.slice(0, -2), sw: (r[r.length - 2]! << 8) | r[r.length - 1]! };
}

/** The value of the one top-level data object `tag` in `data`. */
export function valueOf(data: Uint8Array, tag: number): Uint8Array {
  const node = decodeTlv(data, { recurse: false }).find((n) => n.tag === tag);
  assert.ok(node, `no tag ${tag.toString(16)} in answer`);
  return node.value;
}

const u32 = (n: number): Uint8Array => Uint8Array.of(n >>> 24, (n >>> 16) & 0xff, (n >>> 8) & 0xff, n & 0xff);
const apdu = (cla: number, ins: number, p1: number, p2: number, data?: Uint8Array, le?: number): Uint8Array =>
  buildCommandApdu({ cla, ins, p1, p2, ...(data && data.length ? { data } : {}), ...(le ? { le } : {}) });

/** A fixed 16-byte terminal challenge (or one made from `label`). */
export const challenge = (label = 'c1'): Uint8Array => new Uint8Array(createHash('sha256').update(label).digest().subarray(0, 16));
export const TERMINAL_ID = 0x00a1b2c3;

function debitData(service: number, date: number, rest: Uint8Array, label: string): Uint8Array {
  return concat([
    berTlv(T.TAG_DF31_CHALLENGE, challenge(label)), berTlv(T.TAG_DF32_TERMINAL_ID, u32(TERMINAL_ID)),
    berTlv(T.TAG_9A_DATE, dayToYymmdd(date)), berTlv(T.TAG_DF33_SERVICE, Uint8Array.of(service)), rest,
  ]);
}

/** The commands of COMMANDS.md. */
export const cmd = {
  select: () => apdu(0x00, 0xa4, 0x04, 0x00, T.GOV_AID, 256),
  verifyPin: (pin: string) => apdu(0x00, 0x20, 0x00, 0x80, plaintextPinBlock(pin)),
  verifyPinStatus: () => apdu(0x00, 0x20, 0x00, 0x80),
  verifyBiometric: (template: Uint8Array) =>
    apdu(0x00, 0x21, 0x00, 0x91, berTlv(T.TAG_7F2E_BIOMETRIC_DATA_TEMPLATE, berTlv(T.TAG_81_BIOMETRIC_DATA, template))),
  getBiometricReference: () => apdu(0x00, 0xcb, 0x3f, 0xff, berTlv(T.TAG_5C_TAG_LIST, Uint8Array.of(0x7f, 0x2e)), 65536),
  readData: (tag: number) => apdu(0x80, 0xca, tag >> 8, tag & 0xff, undefined, 65536),
  internalAuthenticate: (c: Uint8Array) => apdu(0x00, 0x88, 0x00, 0x00, c, 256),
  setDate: (date: number) => apdu(0x80, 0xda, 0x00, 0x00, berTlv(T.TAG_9A_DATE, dayToYymmdd(date))),
  debitBread: (date: number, loaves: number, label = 'c1') =>
    apdu(0x80, 0xde, 0x00, 0x00, debitData(SERVICE.BREAD, date, berTlv(T.TAG_DF34_QUANTITY, u32(loaves)), label), 65536),
  debitQuantity: (service: number, date: number, quantity: number, label = 'c1') =>
    apdu(0x80, 0xde, 0x00, 0x00, debitData(service, date, berTlv(T.TAG_DF34_QUANTITY, u32(quantity)), label), 65536),
  debitHealth: (date: number, label = 'c1') =>
    apdu(0x80, 0xde, 0x00, 0x00, debitData(SERVICE.HEALTH, date, berTlv(T.TAG_DF34_QUANTITY, u32(1)), label), 65536),
  debitRation: (date: number, lines: ReadonlyArray<readonly [number, number]>, label = 'c1') =>
    apdu(0x80, 0xde, 0x00, 0x00, debitData(SERVICE.RATION, date, berTlv(T.TAG_DF35_ITEM_LINES, concat(lines.map(([c, q]) => concat([u32(c), u32(q)])))), label), 65536),
  /** A debit of `service` with `rest` (its data objects after DF31, DF32, 9A, DF33) as given. */
  debitRaw: (service: number, date: number, rest: Uint8Array, label = 'c1') =>
    apdu(0x80, 0xde, 0x00, 0x00, debitData(service, date, rest, label), 65536),
  /** A ration debit naming the bread points to spend (DF36, piastres). */
  debitRationPoints: (date: number, lines: ReadonlyArray<readonly [number, number]>, points: number | Uint8Array, label = 'c1') =>
    apdu(0x80, 0xde, 0x00, 0x00, debitData(SERVICE.RATION, date, concat([
      berTlv(T.TAG_DF35_ITEM_LINES, concat(lines.map(([c, q]) => concat([u32(c), u32(q)])))),
      berTlv(T.TAG_DF36_POINTS, typeof points === 'number' ? u32(points) : points),
    ]), label), 65536),
  readLog: (n: number) => apdu(0x80, 0xb2, n, 0x00, undefined, 65536),
  load: (bytes: Uint8Array) => apdu(0x80, 0xd4, 0x00, 0x00, berTlv(T.TAG_DF52_ENTITLEMENT_LOAD, bytes)),
};

/** Verifies the PIN and asserts 9000. */
export function verified(card: CardOs): CardOs {
  assert.is(send(card, cmd.verifyPin('1234')).sw, 0x9000);
  return card;
}
