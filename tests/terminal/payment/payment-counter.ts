/**
 * Helpers for the terminal/payment suites and the EMV finger suites of terminal/biometrics-verify (not a suite):
 * a household head's government card with KARTPAY and the PSE beside KARTGOV (the same synthetic finger enrolled
 * in both applications), a scripted PIN pad, the reference issuer host in process (its online-finger check opens
 * the BVDT with the issuer's biometric key and compares the probe with the matcher the card uses), and an
 * in-memory journal. Key material is TEST ONLY (Kart's public test CA, issuer, IMK-AC; generated RSA keys).
 */
import { loadCard } from '../../../card/card-image.ts';
import type { CardOs } from '../../../card/card-os.ts';
import { createPaymentApplet, createPseApplet, KARTPAY_AID, personalizePaymentApplication, type PaymentPersonalization } from '../../../card/emv-pay/index.ts';
import { createGovCardBuilders } from '../../../card/gov/gov-card.ts';
import { issueHousehold, type IssuedCard } from '../../../card/gov/issue-household.ts';
import { isoTemplateMatcher } from '../../../card/gov/iso-matcher.ts';
import { enrolmentReference } from '../../../card/gov/member-finger.ts';
import { createTestIssuer } from '../../../card/gov/test-issuer.ts';
import { parseBiometricTryCounters } from '../../../emv/biometric/biometric-data-objects.ts';
import { openBiometricVerificationData, onlineBiometricUnpredictableNumber } from '../../../emv/biometric/biometric-verification-data.ts';
import { generateRsaKeyPair, type RsaKeyPair } from '../../../emv/oda/rsa.ts';
import { decodeTlv } from '../../../emv/tlv/decode-tlv.ts';
import { createIssuerHost, type AuthorisationRequest, type IssuerAccount, type IssuerHost, type ReversalRequest } from '../../../issuer/issuer-host.ts';
import { KART_TEST_ISSUER_MASTER_KEY_AC } from '../../../issuer/test-issuer.ts';
import { isoDay } from '../../../terminal/auth/calendar.ts';
import { HalError } from '../../../terminal/hal/errors.ts';
import { PinBlock } from '../../../terminal/hal/pin-block.ts';
import type { PinEntry } from '../../../terminal/hal/pin-entry.ts';
import { Journal } from '../../../terminal/journal/journal.ts';
import { PowerLossStorage } from '../../../terminal/journal/power-loss-storage.ts';

export const ISSUE_DAY = isoDay('2026-03-10');
/** A PAN under Kart's test issuer (Issuer Identifier 818888), one per suite: `pan(n)`. */
export const pan = (n: number): string => {
  const body = `81888800000${String(n).padStart(4, '0')}`;
  return body + luhn(body);
};
export const CARD_PIN = '4321';

function luhn(digits: string): string {
  let sum = 0;
  for (let i = 0; i < digits.length; i++) {
    let d = Number(digits[digits.length - 1 - i]);
    if (i % 2 === 0) d = d * 2 > 9 ? d * 2 - 9 : d * 2;
    sum += d;
  }
  return String((10 - (sum % 10)) % 10);
}

let iccKey: RsaKeyPair | undefined;
let issuerBiometric: RsaKeyPair | undefined;
/** One 1024-bit ICC key per process (TEST ONLY). */
export const testIccKey = (): RsaKeyPair => (iccKey ??= generateRsaKeyPair(1024, 3));
/** The issuer's biometric encipherment key pair (TEST ONLY; the terminal holds the public half). */
export const issuerBiometricKey = (): RsaKeyPair => (issuerBiometric ??= generateRsaKeyPair(1024, 65537));

/** A household head and their government card with KARTPAY beside KARTGOV. */
export interface PaymentHolder {
  readonly nationalId: string;
  readonly pan: string;
  readonly issued: IssuedCard;
  readonly personalization: PaymentPersonalization;
  /** A fresh card OS from the issued image (all tries left): every call is the same card as issued. */
  card(): CardOs;
}

let govIssuer: ReturnType<typeof createTestIssuer> | undefined;

/**
 * Issues holder `n`'s card: KARTGOV (household `n`) and KARTPAY (PAN `pan(n)`, PIN 4321, 5 finger tries, 3 preferred
 * attempts, the default CVM list: finger offline, PIN, signature) with the same enrolled finger.
 */
export function paymentHolder(n: number, payment: { cvmList?: Uint8Array; fingerTries?: number; onlineFinger?: boolean } = {}): PaymentHolder {
  const nationalId = `2850101${String(n).padStart(5, '0')}31`;
  const [issued] = issueHousehold(
    {
      householdId: Uint8Array.of(0x48, 0, 0, 0, 0, 0x0e, n >> 8, n & 0xff), rationCardNumber: `50000${n}`, beneficiaries: 2, activations: {},
      members: [{ nationalId, nameAr: 'رب الأسرة', nameEn: `PAYER ${n}`, role: 'head', age: 44 }],
    },
    { issuer: (govIssuer ??= createTestIssuer()), issuedOn: ISSUE_DAY, protocol: 'T=1' },
  ) as [IssuedCard];
  const personalization = personalizePaymentApplication({
    pan: pan(n), panSequenceNumber: 1, expiry: '301231', effective: '260101', cardholderName: `PAYER/${n}`, pin: CARD_PIN,
    fingerReference: enrolmentReference(nationalId), iccKeyPair: testIccKey(),
    ...(payment.cvmList ? { cvmList: payment.cvmList } : {}),
    ...(payment.fingerTries ? { fingerTries: payment.fingerTries } : {}),
    ...(payment.onlineFinger ? { fingerOnline: true } : {}),
  });
  const builders = createGovCardBuilders({ otherApplets: [createPseApplet(), createPaymentApplet({ personalization })] });
  return { nationalId, pan: pan(n), issued, personalization, card: () => loadCard(issued.image, builders) };
}

/** A PIN pad typing the queued PINs; `'cancel'` presses Cancel. A PIN asked for with none queued fails the test. */
export interface ScriptedPinPad extends PinEntry {
  readonly queue: string[];
  asked: number;
}

export function scriptedPinPad(): ScriptedPinPad {
  const pad: ScriptedPinPad = {
    queue: [],
    asked: 0,
    async collectPin() {
      pad.asked++;
      const next = pad.queue.shift();
      if (next === undefined) throw new HalError('HAL_INTERNAL', 'scripted PIN pad: no PIN queued (test bug)');
      if (next === 'cancel') throw new HalError('HAL_CANCELED', 'PIN entry canceled on the keypad');
      return PinBlock.fromDigits(next);
    },
  };
  return pad;
}

/** The issuer in process, with the online finger check; `requests` keeps what reached it. */
export interface TestIssuer {
  readonly host: IssuerHost;
  readonly accounts: IssuerAccount[];
  readonly requests: AuthorisationRequest[];
  /** Outcomes of the online finger check, in order. */
  readonly biometricChecks: string[];
  /** Reversals the terminal sent, in order. */
  readonly reversals: ReversalRequest[];
}

/**
 * The reference issuer host with accounts for `holders`. Its online finger check opens the BVDT with the issuer's
 * biometric key and the number bound into it (00000000 || the request's 9F37: the issuer host hands the check
 * only the BVDT and the PAN, so the connection notes the request's 9F37 first) and matches the probe against the
 * holder's enrolled finger with the card's own matcher.
 */
export function testIssuer(holders: readonly PaymentHolder[], balance = 1_000_000): TestIssuer {
  const accounts: IssuerAccount[] = holders.map((h) => ({ pan: h.pan, panSequenceNumber: 1, balance }));
  const references = new Map(holders.map((h) => [h.pan, enrolmentReference(h.nationalId)]));
  const requests: AuthorisationRequest[] = [];
  const biometricChecks: string[] = [];
  const reversals: ReversalRequest[] = [];
  const inner = createIssuerHost({
    issuerMasterKey: KART_TEST_ISSUER_MASTER_KEY_AC, accounts,
    verifyOnlineBiometric: async (bvdt, cardPan, { unpredictableNumber }) => {
      let result: 'match' | 'no-match' | 'invalid';
      try {
        const plain = openBiometricVerificationData(bvdt, { unpredictableNumber: onlineBiometricUnpredictableNumber(unpredictableNumber), recipientKey: issuerBiometricKey() });
        const reference = references.get(cardPan);
        result = reference && isoTemplateMatcher(plain.bdb, reference) ? 'match' : 'no-match';
      } catch {
        result = 'invalid';
      }
      biometricChecks.push(result);
      return result;
    },
  });
  const host: IssuerHost = {
    async authorise(request) {
      requests.push(request);
      return inner.authorise(request);
    },
    verifyOfflineCryptogram: (iccData, p, psn) => inner.verifyOfflineCryptogram(iccData, p, psn),
    async reverse(request) {
      reversals.push(request);
      return inner.reverse(request);
    },
  };
  return { host, accounts, requests, biometricChecks, reversals };
}

/** An in-memory journal (power-loss capable storage), opened. */
export async function memoryJournal(seed = 1): Promise<Journal> {
  return Journal.open({ storage: new PowerLossStorage({ seed }) });
}

/** SELECT KARTPAY then GET DATA BF4C: the card's finger tries left (read after a payment, on the same session). */
export async function fingerTriesLeft(transceive: (capdu: Uint8Array) => Promise<Uint8Array>): Promise<number> {
  const aid = KARTPAY_AID;
  const selected = await transceive(Uint8Array.of(0x00, 0xa4, 0x04, 0x00, aid.length, ...aid, 0x00));
  if (selected[selected.length - 2] !== 0x90) throw new Error('SELECT KARTPAY failed');
  const r = await transceive(Uint8Array.of(0x80, 0xca, 0xbf, 0x4c, 0x00));
  if (r[r.length - 2] !== 0x90) throw new Error('GET DATA BF4C failed');
  const template = decodeTlv(r.subarray(0, -2), { recurse: false })[0]!;
  const counters = parseBiometricTryCounters(template.value);
  if (counters.finger === undefined) throw new Error('no finger try counter');
  return counters.finger;
}

/** A CVM List (8E value): amounts X = Y = 0, then the CV Rules given as byte pairs. */
export const cvmList = (...rules: number[]): Uint8Array => Uint8Array.of(0, 0, 0, 0, 0, 0, 0, 0, ...rules);
/** Finger online first (49 03), then PIN (41 03), then signature (5E 03). See Book 3, Annex C3. */
export const FINGER_ONLINE_FIRST = cvmList(0x49, 0x03, 0x41, 0x03, 0x5e, 0x03);

