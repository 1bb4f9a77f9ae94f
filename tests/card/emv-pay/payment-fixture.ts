/**
 * Helpers for the card/emv-pay suites (not a suite): a personalised KARTPAY (on a government card beside
 * KARTGOV, or alone on a card OS), the cardholder's synthetic finger, and the commands as byte builders.
 * Key material here is TEST ONLY (Kart's public test CA, issuer and IMK-AC).
 */
import { randomBytes } from 'node:crypto';
import * as assert from 'uvu/assert';
import { createCardOs, type CardOs, type CardOsOptions } from '../../../card/card-os.ts';
import { createGovCard } from '../../../card/gov/gov-card.ts';
import { enrolmentReference } from '../../../card/gov/member-finger.ts';
import { plaintextPinBlock } from '../../../card/plaintext-pin-block.ts';
import { createPaymentApplet, createPseApplet, personalizePaymentApplication, KARTPAY_AID } from '../../../card/emv-pay/index.ts';
import type { PaymentPersonalization, PaymentPersonalizationInput } from '../../../card/emv-pay/index.ts';
import { buildCommandApdu } from '../../../emv/apdu/command-apdu.ts';
import { buildBiometricVerificationData } from '../../../emv/biometric/biometric-verification-data.ts';
import { BIOMETRIC_TYPE_FINGER } from '../../../emv/biometric/biometric-data-objects.ts';
import { VERIFY_P2_BIOMETRIC } from '../../../emv/biometric/biometric-commands.ts';
import { generateRsaKeyPair, type RsaKeyPair } from '../../../emv/oda/rsa.ts';
import { decodeTlv } from '../../../emv/tlv/decode-tlv.ts';
import { findTlv } from '../../../emv/tlv/find-tlv.ts';
import type { Tlv } from '../../../emv/tlv/tlv-node.ts';
import { fingerProbe, personalization as govPersonalization } from '../gov/gov-fixture.ts';
import { bytes, hex, swOf } from '../hex.ts';

export { bytes, hex, swOf };
export { dataOf } from '../hex.ts';

/** The cardholder: the national ID seeds the synthetic finger (as on the KARTGOV test card). */
export const HOLDER_ID = '28501011234567';
export const STRANGER_ID = '29001011234599';
/** A PAN under Kart's test issuer (Issuer Identifier 818888). */
export const PAN = '8188880000000017';
export const PSN = 1;
export const PIN = '4321';

let iccKey: RsaKeyPair | undefined;
/** One ICC key per suite process (a 1024-bit RSA key takes a moment). TEST ONLY. */
export const testIccKey = (): RsaKeyPair => (iccKey ??= generateRsaKeyPair(1024));

/** The fixture personalisation input; `overrides` replace fields. */
export function paymentInput(overrides: Partial<PaymentPersonalizationInput> = {}): PaymentPersonalizationInput {
  return {
    pan: PAN, panSequenceNumber: PSN, expiry: '301231', effective: '260101', cardholderName: 'SAYED/AMAL', pin: PIN,
    fingerReference: enrolmentReference(HOLDER_ID), iccKeyPair: testIccKey(), ...overrides,
  };
}

const cache = new Map<string, PaymentPersonalization>();
/** The fixture personalisation (cached per set of overrides that are plain numbers). */
export function paymentPersonalization(overrides: Partial<PaymentPersonalizationInput> = {}): PaymentPersonalization {
  const key = JSON.stringify(overrides);
  let p = cache.get(key);
  if (!p) cache.set(key, (p = personalizePaymentApplication(paymentInput(overrides))));
  return p;
}

/** KARTPAY and the PSE alone on a card OS, powered (T=1 unless told). */
export function paymentCard(overrides: Partial<PaymentPersonalizationInput> = {}, os: Partial<CardOsOptions> = {}): CardOs {
  const card = createCardOs({
    applets: [createPseApplet(), createPaymentApplet({ personalization: paymentPersonalization(overrides) })], protocol: 'T=1', ...os,
  });
  card.powerOn();
  return card;
}

/** The government card with KARTPAY and the PSE beside KARTGOV, powered (T=1 unless told). */
export function govCardWithPayment(protocol: 'T=0' | 'T=1' = 'T=1'): CardOs {
  const card = createGovCard({
    personalization: govPersonalization(), protocol,
    otherApplets: [createPseApplet(), createPaymentApplet({ personalization: paymentPersonalization() })],
  });
  card.powerOn();
  return card;
}

export const SELECT_KARTPAY = bytes(`00A40400${hex(Uint8Array.of(KARTPAY_AID.length))}${hex(KARTPAY_AID)}00`);
export const SELECT_PSE = bytes(`00A404000E${hex(new TextEncoder().encode('1PAY.SYS.DDF01'))}00`);
/** GPO with PDOL data: Terminal Type 22 (attended, offline with online capability), country 0818. */
export const gpo = (terminalType = 0x22): Uint8Array => bytes(`80A80000058303${hex(Uint8Array.of(terminalType))}081800`);
export const readRecord = (sfi: number, record: number): Uint8Array => bytes(`00B2${hex(Uint8Array.of(record, (sfi << 3) | 4))}00`);
export const verifyPin = (pin: string): Uint8Array => bytes(`0020008008${hex(plaintextPinBlock(pin))}`);
export const GET_CHALLENGE = bytes('0084000000');

/** The transaction data of CDOL1 (9F02 9F03 9F1A 95 5F2A 9A 9C 9F37 9F34). */
export interface TransactionData {
  readonly amount?: number;
  readonly tvr?: string;
  readonly date?: string;
  readonly un?: string;
  readonly cvmResults?: string;
}

export function cdol1Data(t: TransactionData = {}): Uint8Array {
  const amount = String(t.amount ?? 2500).padStart(12, '0');
  return bytes(`${amount}000000000000 0818 ${t.tvr ?? '0000000000'} 0818 ${t.date ?? '261122'} 00 ${t.un ?? '11223344'} ${t.cvmResults ?? '410302'}`);
}

/** GENERATE AC: type AAC / TC / ARQC, optionally with CDA, over `data`. */
export function generateAc(type: 'AAC' | 'TC' | 'ARQC', data: Uint8Array, cda = false): Uint8Array {
  const p1 = { AAC: 0x00, TC: 0x40, ARQC: 0x80 }[type] | (cda ? 0x10 : 0);
  return buildCommandApdu({ cla: 0x80, ins: 0xae, p1, p2: 0, data, le: 256 });
}

/** CDOL2 data: 8A ARC (2 ASCII), 91 (10 bytes, zeros when absent), 95 TVR, 9F37 UN. */
export function cdol2Data(arc: string, issuerAuthenticationData?: Uint8Array, tvr = '0000000000', un = '55667788'): Uint8Array {
  return bytes(`${hex(new TextEncoder().encode(arc))}${hex(issuerAuthenticationData ?? new Uint8Array(10))}${tvr}${un}`);
}

/** Sends `command`, asserts 9000, returns the decoded response data. */
export function ok(card: CardOs, command: Uint8Array, what = 'command'): Tlv[] {
  const response = card.transmit(command);
  assert.is(swOf(response), '9000', `${what}: ${hex(response)}`);
  return decodeTlv(response.subarray(0, response.length - 2));
}

/** The value of `tag` under the response template `path`, e.g. [0x77, 0x9f26]. */
export const valueAt = (nodes: Tlv[], path: number[]): Uint8Array => {
  const node = findTlv(nodes, path);
  assert.ok(node, `no ${path.map((t) => t.toString(16)).join('/')}`);
  return node.value;
};

/** Selects KARTPAY and runs GPO (terminal type `terminalType`). */
export function startTransaction(card: CardOs, terminalType = 0x22): void {
  ok(card, SELECT_KARTPAY, 'SELECT');
  ok(card, gpo(terminalType), 'GPO');
}

/**
 * A finger probe of `owner`, as a Biometric Verification Data Template enciphered for the card (ICC public key)
 * and bound to `challenge`: the VERIFY data field is the BF4E value field, sent in one extended-length VERIFY.
 */
export function fingerVerify(owner: string, challenge: Uint8Array, seed = 7): Uint8Array {
  const bvdt = buildBiometricVerificationData({
    biometricType: BIOMETRIC_TYPE_FINGER, solutionId: Uint8Array.of(0x01), subtype: 0x00, bdb: fingerProbe(owner, seed),
    unpredictableNumber: challenge, recipientKey: testIccKey().publicKey, random: (n) => new Uint8Array(randomBytes(n)),
  });
  const value = decodeTlv(bvdt, { recurse: false })[0]!.value;
  return buildCommandApdu({ cla: 0x00, ins: 0x20, p1: 0x00, p2: VERIFY_P2_BIOMETRIC, data: value }, { extended: true });
}

/** GET CHALLENGE, returning the 8 bytes. */
export function challenge(card: CardOs): Uint8Array {
  const response = card.transmit(GET_CHALLENGE);
  assert.is(swOf(response), '9000');
  assert.is(response.length, 10);
  return response.subarray(0, 8);
}
