import * as assert from 'uvu/assert';
import { createPaymentApplet, KARTPAY_AID } from '../../../card/emv-pay/index.ts';
import { createCardOs } from '../../../card/card-os.ts';
import { biometricVerifyCommands, VERIFY_P2_BIOMETRIC } from '../../../emv/biometric/biometric-commands.ts';
import { buildBiometricVerificationData } from '../../../emv/biometric/biometric-verification-data.ts';
import { BIOMETRIC_TYPE_FINGER, BIOMETRIC_TYPE_IRIS } from '../../../emv/biometric/biometric-data-objects.ts';
import { decodeCvr, decodeIssuerApplicationData } from '../../../emv/cryptogram/issuer-application-data.ts';
import { buildCommandApdu } from '../../../emv/apdu/command-apdu.ts';
import { arpcMethod1 } from '../../../emv/cryptogram/application-cryptogram.ts';
import { deriveIccMasterKey, deriveSessionKey } from '../../../emv/cryptogram/keys.ts';
import { KART_TEST_ISSUER_MASTER_KEY_AC } from '../../../issuer/test-issuer.ts';
import { decodeTlv } from '../../../emv/tlv/decode-tlv.ts';
import { suite } from '../../support/suite.ts';
import { fingerProbe } from '../gov/gov-fixture.ts';
import {
  bytes, cdol1Data, challenge, fingerVerify, generateAc, hex, HOLDER_ID, ok, PAN, paymentCard, paymentPersonalization, PIN, PSN, SELECT_KARTPAY,
  startTransaction, STRANGER_ID, swOf, testIccKey, valueAt, verifyPin,
} from './payment-fixture.ts';

const test = suite('card/emv-pay/verify-cardholder');

const fingerTries = (card: ReturnType<typeof paymentCard>): string => hex(card.transmit(bytes('80CABF4C00')));
const pinTries = (card: ReturnType<typeof paymentCard>): string => hex(card.transmit(bytes('80CA9F1700')));

test('plaintext PIN: right 9000 (VERIFY without data then says 9000); wrong 63C2, 63C1, 63C0; blocked 6983', () => {
  const card = paymentCard();
  ok(card, SELECT_KARTPAY);
  assert.is(swOf(card.transmit(bytes('00200080'))), '63C3', 'status: not verified, 3 tries');
  assert.is(swOf(card.transmit(verifyPin(PIN))), '9000');
  assert.is(swOf(card.transmit(bytes('00200080'))), '9000', 'status: verified');
  assert.is(swOf(card.transmit(verifyPin('0000'))), '63C2');
  assert.is(swOf(card.transmit(verifyPin('0000'))), '63C1');
  assert.is(swOf(card.transmit(verifyPin('0000'))), '63C0');
  assert.is(swOf(card.transmit(verifyPin(PIN))), '6983', 'blocked: even the right PIN');
  assert.is(pinTries(card), '9F1701009000');
  assert.is(swOf(card.transmit(bytes('00200080080000000000000000'))), '6983');
});

test('PIN block errors: not a plaintext block 6A80 (no try spent); P1 or P2 wrong 6A86', () => {
  const card = paymentCard();
  ok(card, SELECT_KARTPAY);
  assert.is(swOf(card.transmit(bytes('0020008008FFFFFFFFFFFFFFFF'))), '6A80');
  assert.is(swOf(card.transmit(bytes('00200180082412345FFFFFFFFF'))), '6A86');
  assert.is(swOf(card.transmit(bytes('00200081082412345FFFFFFFFF'))), '6A86');
  assert.is(pinTries(card), '9F1701039000');
});

test('a blocked PIN makes the card decline offline (AAC) with "PIN try limit exceeded" in the CVR', () => {
  const card = paymentCard();
  startTransaction(card);
  for (let i = 0; i < 3; i++) card.transmit(verifyPin('9999'));
  const answer = ok(card, generateAc('ARQC', cdol1Data()));
  assert.is(hex(valueAt(answer, [0x77, 0x9f27])), '00');
  const cvr = decodeCvr(decodeIssuerApplicationData(valueAt(answer, [0x77, 0x9f10])).cvr);
  assert.ok(cvr.pinTryLimitExceeded && cvr.offlinePinPerformed && cvr.offlinePinFailed);
  assert.is(cvr.pinTryCounter, 0);
});

test('finger: the holder\'s finger, enciphered for the card and bound to a fresh challenge, is 9000; status then 9000', () => {
  const card = paymentCard();
  ok(card, SELECT_KARTPAY);
  assert.is(swOf(card.transmit(fingerVerify(HOLDER_ID, challenge(card)))), '9000');
  assert.is(swOf(card.transmit(bytes(`002000${hex(Uint8Array.of(VERIFY_P2_BIOMETRIC))}`))), '9000', 'status: verified by finger');
  assert.is(fingerTries(card), 'BF4C04DF5101059000', 'tries restored to the limit');
  ok(card, bytes('80A80000058303220818' + '00'));
  const answer = ok(card, generateAc('ARQC', cdol1Data({ cvmResults: '480302' })));
  const cvr = decodeCvr(decodeIssuerApplicationData(valueAt(answer, [0x77, 0x9f10])).cvr);
  assert.ok(cvr.offlineFingerPerformed && !cvr.offlineFingerFailed);
});

test('finger: a stranger counts down 63C4 .. 63C0, then 6983 (blocked) even for the holder', () => {
  const card = paymentCard();
  ok(card, SELECT_KARTPAY);
  const sws: string[] = [];
  for (let i = 0; i < 5; i++) sws.push(swOf(card.transmit(fingerVerify(STRANGER_ID, challenge(card), 20 + i))));
  assert.equal(sws, ['63C4', '63C3', '63C2', '63C1', '63C0']);
  assert.is(swOf(card.transmit(fingerVerify(HOLDER_ID, challenge(card)))), '6983');
  assert.is(fingerTries(card), 'BF4C04DF5101009000');
});

test('finger: a replayed template without a fresh GET CHALLENGE is refused (6985) and costs no try; a stale one is 6A80', () => {
  const card = paymentCard();
  ok(card, SELECT_KARTPAY);
  const un = challenge(card);
  const command = fingerVerify(HOLDER_ID, un);
  assert.is(swOf(card.transmit(command)), '9000');
  assert.is(swOf(card.transmit(command)), '6985', 'the challenge served once');
  challenge(card);
  assert.is(swOf(card.transmit(command)), '6A80', 'bound to the previous challenge');
  const fresh = challenge(card);
  card.transmit(bytes('80CA9F3600'));
  assert.is(swOf(card.transmit(fingerVerify(HOLDER_ID, fresh))), '6985', 'the challenge is good for the next command only');
  assert.is(fingerTries(card), 'BF4C04DF5101059000', 'no try spent on refused templates');
});

test('finger: templates that do not open are 6A80 (another key, another biometric type, garbage); no try spent', () => {
  const card = paymentCard();
  ok(card, SELECT_KARTPAY);
  const other = buildBiometricVerificationData({
    biometricType: BIOMETRIC_TYPE_IRIS, solutionId: Uint8Array.of(1), subtype: 0, bdb: fingerProbe(HOLDER_ID, 3),
    unpredictableNumber: challenge(card), recipientKey: testIccKey().publicKey, random: (n) => new Uint8Array(n).fill(7),
  });
  assert.is(swOf(card.transmit(buildCommandApdu({ cla: 0, ins: 0x20, p1: 0, p2: VERIFY_P2_BIOMETRIC, data: decodeTlv(other, { recurse: false })[0]!.value }))), '6A80');
  challenge(card);
  assert.is(swOf(card.transmit(bytes(`002000${hex(Uint8Array.of(VERIFY_P2_BIOMETRIC))}03010203`))), '6A80');
  assert.is(fingerTries(card), 'BF4C04DF5101059000');
});

test('a right PIN restores the finger tries (as KARTGOV does)', () => {
  const card = paymentCard();
  ok(card, SELECT_KARTPAY);
  for (let i = 0; i < 3; i++) card.transmit(fingerVerify(STRANGER_ID, challenge(card), 40 + i));
  assert.is(fingerTries(card), 'BF4C04DF5101029000');
  assert.is(swOf(card.transmit(verifyPin(PIN))), '9000');
  assert.is(fingerTries(card), 'BF4C04DF5101059000');
  assert.is(swOf(card.transmit(fingerVerify(HOLDER_ID, challenge(card)))), '9000');
});

test('a finger refused then the PIN accepted: the card answers a TC request with an ARQC; a mistyped PIN alone does not', () => {
  const card = paymentCard();
  const cid = (answer: ReturnType<typeof ok>) => hex(valueAt(answer, [0x77, 0x9f27]));
  // One online approval with a good ARPC first, so that only this transaction's CVMs decide.
  startTransaction(card);
  const arqc = valueAt(ok(card, generateAc('ARQC', cdol1Data())), [0x77, 0x9f26]);
  const sk = deriveSessionKey(deriveIccMasterKey(KART_TEST_ISSUER_MASTER_KEY_AC, PAN, PSN), 1);
  const ia = `${hex(arpcMethod1(sk, arqc, bytes('3030')))}3030`;
  assert.is(cid(ok(card, generateAc('TC', bytes(`3030${ia}0000000000` + '55667788')))), '40');
  startTransaction(card);
  assert.is(swOf(card.transmit(verifyPin('9999'))), '63C2');
  assert.is(swOf(card.transmit(verifyPin(PIN))), '9000');
  assert.is(cid(ok(card, generateAc('TC', cdol1Data()))), '40', 'a mistyped PIN then the right one: offline TC');
  startTransaction(card);
  assert.is(swOf(card.transmit(fingerVerify(STRANGER_ID, challenge(card), 61))), '63C4');
  assert.is(swOf(card.transmit(verifyPin(PIN))), '9000');
  const answer = ok(card, generateAc('TC', cdol1Data()));
  assert.is(cid(answer), '80', 'a refused finger: online');
  assert.ok(decodeCvr(decodeIssuerApplicationData(valueAt(answer, [0x77, 0x9f10])).cvr).offlineFingerFailed);
});

test('finger tries survive a power cut: the try is spent before comparing, outside the transaction', () => {
  const card = paymentCard();
  ok(card, SELECT_KARTPAY);
  const command = fingerVerify(STRANGER_ID, challenge(card), 77);
  card.tearAt({ apdu: 1, phase: 'before-commit' });
  assert.throws(() => card.transmit(command));
  card.powerOn();
  ok(card, SELECT_KARTPAY);
  assert.is(fingerTries(card), 'BF4C04DF5101049000');
});

test('a finger template sent as a VERIFY chain (CLA 10 .. 00) is assembled by the applet, through the card OS', () => {
  const card = createCardOs({ applets: [createPaymentApplet({ personalization: paymentPersonalization() })], protocol: 'T=1' });
  card.powerOn();
  const sw = (answer: Uint8Array): string => hex(answer.subarray(-2));
  assert.is(sw(card.transmit(SELECT_KARTPAY)), '9000');
  const challenge = card.transmit(bytes('0084000008'));
  assert.is(sw(challenge), '9000');
  const bvdt = buildBiometricVerificationData({
    biometricType: BIOMETRIC_TYPE_FINGER, solutionId: Uint8Array.of(1), subtype: 0, bdb: fingerProbe(HOLDER_ID, 7),
    unpredictableNumber: challenge.subarray(0, 8), recipientKey: testIccKey().publicKey, random: (n) => new Uint8Array(n).fill(3),
  });
  const commands = biometricVerifyCommands(bvdt);
  assert.ok(commands.length >= 2, 'a 1024-bit key and a compact template need a chain');
  assert.equal(commands.map((c) => c[0]), [...commands.slice(1).map(() => 0x10), 0x00]);
  const sws = commands.map((c) => sw(card.transmit(c)));
  assert.equal(sws, [...commands.slice(1).map(() => '9000'), '9000'], 'every block accepted, the whole chain verified');
  // A chain to an applet that does not assemble chains is refused by the card OS (6884), never taken block by block.
  const plain = createCardOs({ applets: [{ aid: KARTPAY_AID, select: () => ({ sw: 0x9000 }), process: () => ({ sw: 0x9000 }) }], protocol: 'T=1' });
  plain.powerOn();
  assert.is(sw(plain.transmit(SELECT_KARTPAY)), '9000');
  assert.is(sw(plain.transmit(commands[0]!)), '6884');
});

test.run();
