import * as assert from 'uvu/assert';
import { CardTornError } from '../../../card/card-error.ts';
import type { CardOs } from '../../../card/card-os.ts';
import { KARTPAY_AIP } from '../../../card/emv-pay/index.ts';
import { applicationCryptogram, arpcMethod1 } from '../../../emv/cryptogram/application-cryptogram.ts';
import { decodeCvr, decodeIssuerApplicationData, KART_CVN_01 } from '../../../emv/cryptogram/issuer-application-data.ts';
import { deriveIccMasterKey, deriveSessionKey } from '../../../emv/cryptogram/keys.ts';
import { transactionDataHashCode } from '../../../emv/oda/certificates.ts';
import { verifyCdaSignature } from '../../../emv/oda/verify.ts';
import { berTlv, concat } from '../../../card/ber-tlv.ts';
import { createIssuerHost } from '../../../issuer/issuer-host.ts';
import { KART_TEST_ISSUER_MASTER_KEY_AC } from '../../../issuer/test-issuer.ts';
import { decodeTlv } from '../../../emv/tlv/decode-tlv.ts';
import type { Tlv } from '../../../emv/tlv/tlv-node.ts';
import { suite } from '../../support/suite.ts';
import {
  bytes, cdol1Data, cdol2Data, generateAc, gpo, hex, ok, PAN, paymentCard, PSN, SELECT_KARTPAY, startTransaction, swOf, testIccKey,
  valueAt, type TransactionData,
} from './payment-fixture.ts';

const test = suite('card/emv-pay/generate-ac');

const NOW = () => new Date('2026-11-22T10:00:00Z');
const host = () => createIssuerHost({ issuerMasterKey: KART_TEST_ISSUER_MASTER_KEY_AC, accounts: [{ pan: PAN, panSequenceNumber: PSN, balance: 1_000_000 }], now: NOW });
const PDOL_DATA = bytes('220818');

/** The ICC data (field 55) an authorisation or clearing request carries, from the card's answer and the CDOL1 data. */
function iccData(answer: Tlv[], t: TransactionData = {}): Uint8Array {
  const d = cdol1Data(t);
  const tag = (n: number, v: Uint8Array) => berTlv(n, v);
  return concat([
    tag(0x9f26, valueAt(answer, [0x77, 0x9f26])), tag(0x9f27, valueAt(answer, [0x77, 0x9f27])), tag(0x9f10, valueAt(answer, [0x77, 0x9f10])),
    tag(0x9f37, d.subarray(25, 29)), tag(0x9f36, valueAt(answer, [0x77, 0x9f36])), tag(0x95, d.subarray(14, 19)),
    tag(0x9a, d.subarray(21, 24)), tag(0x9c, d.subarray(24, 25)), tag(0x9f02, d.subarray(0, 6)), tag(0x9f03, d.subarray(6, 12)),
    tag(0x5f2a, d.subarray(19, 21)), tag(0x82, KARTPAY_AIP), tag(0x9f1a, d.subarray(12, 14)), tag(0x9f34, d.subarray(29, 32)),
  ]);
}

const cvrOf = (answer: Tlv[]) => decodeCvr(decodeIssuerApplicationData(valueAt(answer, [0x77, 0x9f10])).cvr);
const cidOf = (answer: Tlv[]) => hex(valueAt(answer, [0x77, 0x9f27]));
const atcOf = (answer: Tlv[]) => parseInt(hex(valueAt(answer, [0x77, 0x9f36])), 16);

/** One online transaction: ARQC, the issuer host's answer (optionally tampered), second GENERATE AC for a TC. */
async function onlineTransaction(card: CardOs, options: { tamper?: boolean; t?: TransactionData } = {}): Promise<{ first: Tlv[]; second: Tlv[] }> {
  startTransaction(card);
  const first = ok(card, generateAc('ARQC', cdol1Data(options.t)), 'GEN AC 1');
  assert.is(cidOf(first), '80');
  const response = await host().authorise({ pan: PAN, panSequenceNumber: PSN, iccData: iccData(first, options.t) });
  assert.ok(response.approved, response.reason);
  const ia = response.issuerAuthenticationData.slice();
  if (options.tamper) ia[0] = ia[0]! ^ 0x01;
  const second = ok(card, generateAc('TC', cdol2Data(response.authorisationResponseCode, ia)), 'GEN AC 2');
  return { first, second };
}

test('ARQC then a good ARPC: the issuer host verifies the ARQC, the card checks the ARPC and answers TC; the TC verifies', async () => {
  const card = paymentCard();
  const { first, second } = await onlineTransaction(card);
  assert.is(atcOf(first), 1, 'the ATC counted this transaction (at GPO)');
  assert.equal(decodeIssuerApplicationData(valueAt(first, [0x77, 0x9f10])).cryptogramVersion, KART_CVN_01);
  assert.is(cvrOf(first).firstGenerateAcType, 'ARQC');
  assert.ok(cvrOf(first).lastOnlineTransactionNotCompleted === false);
  assert.is(cidOf(second), '40', 'TC');
  assert.is(atcOf(second), 1, 'the second GENERATE AC keeps the ATC');
  const cvr = cvrOf(second);
  assert.is(cvr.secondGenerateAcType, 'TC');
  assert.ok(cvr.issuerAuthenticationPerformed && !cvr.issuerAuthenticationFailed);
  // The TC checks out independently: the session key of ATC 1 over CDOL1 data with CDOL2's TVR and UN.
  const d = cdol1Data();
  const sk = deriveSessionKey(deriveIccMasterKey(KART_TEST_ISSUER_MASTER_KEY_AC, PAN, PSN), 1);
  const expected = applicationCryptogram(sk, {
    amountAuthorised: d.subarray(0, 6), amountOther: d.subarray(6, 12), terminalCountryCode: d.subarray(12, 14), tvr: bytes('0000000000'),
    transactionCurrencyCode: d.subarray(19, 21), transactionDate: d.subarray(21, 24), transactionType: 0, unpredictableNumber: bytes('55667788'),
    aip: KARTPAY_AIP, atc: 1, cvr: decodeIssuerApplicationData(valueAt(second, [0x77, 0x9f10])).cvr,
  });
  assert.is(hex(valueAt(second, [0x77, 0x9f26])), hex(expected));
  assert.is(hex(card.transmit(bytes('80CA9F1300'))), '9F130200019000', 'Last Online ATC Register');
  assert.is(swOf(card.transmit(generateAc('TC', cdol2Data('00')))), '6985', 'the transaction is over');
});

test('verifyOfflineCryptogram of the issuer host accepts the card\'s offline TC and refuses a changed amount', async () => {
  const card = paymentCard();
  await onlineTransaction(card);
  startTransaction(card);
  const t = { amount: 1999, un: 'A1B2C3D4' };
  const tc = ok(card, generateAc('TC', cdol1Data(t)));
  assert.is(cidOf(tc), '40', 'an offline approval after one online approval');
  assert.ok(cvrOf(tc).transactionApprovedOffline);
  assert.equal(host().verifyOfflineCryptogram(iccData(tc, t), PAN, PSN), { valid: true, cryptogramType: 'TC' });
  assert.equal(host().verifyOfflineCryptogram(iccData(tc, { ...t, amount: 2000 }), PAN, PSN).valid, false);
});

test('a bad ARPC: AAC with "issuer authentication failed"; the next transaction goes online and its CVR says so', async () => {
  const card = paymentCard();
  await onlineTransaction(card);
  const { second } = await onlineTransaction(card, { tamper: true });
  assert.is(cidOf(second), '00', 'AAC');
  assert.ok(cvrOf(second).issuerAuthenticationFailed);
  startTransaction(card);
  const next = ok(card, generateAc('TC', cdol1Data()));
  assert.is(cidOf(next), '80', 'TC asked, ARQC given');
  assert.ok(cvrOf(next).issuerAuthenticationFailedLastOnline);
  // A good online transaction clears the flag.
  const response = await host().authorise({ pan: PAN, panSequenceNumber: PSN, iccData: iccData(next) });
  ok(card, generateAc('TC', cdol2Data('00', response.issuerAuthenticationData)));
  startTransaction(card);
  assert.is(cvrOf(ok(card, generateAc('TC', cdol1Data()))).issuerAuthenticationFailedLastOnline, false);
});

test('EXTERNAL AUTHENTICATE is still accepted: good ARPC 9000 then TC; bad ARPC 6300 then AAC; once per transaction', () => {
  const card = paymentCard();
  const sk = (atc: number) => deriveSessionKey(deriveIccMasterKey(KART_TEST_ISSUER_MASTER_KEY_AC, PAN, PSN), atc);
  const arc = bytes('3030');
  startTransaction(card);
  assert.is(swOf(card.transmit(bytes('008200000A00000000000000003030'))), '6985', 'no ARQC yet');
  const first = ok(card, generateAc('ARQC', cdol1Data()));
  const arpc = arpcMethod1(sk(atcOf(first)), valueAt(first, [0x77, 0x9f26]), arc);
  assert.is(swOf(card.transmit(bytes(`008200000A${hex(arpc)}3030`))), '9000');
  assert.is(swOf(card.transmit(bytes(`008200000A${hex(arpc)}3030`))), '6985', 'once');
  assert.is(cidOf(ok(card, generateAc('TC', cdol2Data('00')))), '40');
  startTransaction(card);
  const again = ok(card, generateAc('ARQC', cdol1Data()));
  assert.is(swOf(card.transmit(bytes(`008200000A${hex(arpc)}3030`))), '6300', 'an ARPC of another ARQC');
  assert.is(atcOf(again), 2);
  assert.is(cidOf(ok(card, generateAc('TC', cdol2Data('00')))), '00');
});

test('CDA: TC or ARQC with 77 { 9F27, 9F36, 9F4B, 9F10 } (no clear AC), the signature verifies over the transaction data hash', async () => {
  const card = paymentCard();
  await onlineTransaction(card);
  startTransaction(card);
  const d = cdol1Data({ un: 'CAFEBABE' });
  const response = card.transmit(generateAc('TC', d, true));
  assert.is(swOf(response), '9000');
  const decoded = decodeTlv(response.subarray(0, -2));
  const tags = decoded[0]!.children!.map((n) => n.tag.toString(16).toUpperCase());
  assert.equal(tags, ['9F27', '9F36', '9F4B', '9F10']);
  const cid = valueAt(decoded, [0x77, 0x9f27]);
  const withoutSdad = concat([berTlv(0x9f27, cid), berTlv(0x9f36, valueAt(decoded, [0x77, 0x9f36])), berTlv(0x9f10, valueAt(decoded, [0x77, 0x9f10]))]);
  const hash = transactionDataHashCode(PDOL_DATA, d, withoutSdad);
  const recovered = verifyCdaSignature(testIccKey().publicKey, valueAt(decoded, [0x77, 0x9f4b]), {
    unpredictableNumber: bytes('CAFEBABE'), cryptogramInformationData: cid[0]!, transactionDataHashCode: hash,
  });
  assert.is(recovered.applicationCryptogram.length, 8);
  assert.not.ok(decoded[0]!.children!.some((n) => n.tag === 0x9f26), 'the TC travels only inside 9F4B');
  // An AAC is never signed: 9F26 in clear.
  startTransaction(card);
  const aac = ok(card, generateAc('AAC', cdol1Data(), true));
  assert.is(cidOf(aac), '00');
  assert.ok(valueAt(aac, [0x77, 0x9f26]).length === 8);
});

test('CDA on the second GENERATE AC hashes PDOL, CDOL1 and CDOL2 data', () => {
  const card = paymentCard();
  startTransaction(card);
  const d1 = cdol1Data();
  const first = card.transmit(generateAc('ARQC', d1, true));
  const firstNodes = decodeTlv(first.subarray(0, -2));
  const firstHash = transactionDataHashCode(PDOL_DATA, d1, concat([
    berTlv(0x9f27, Uint8Array.of(0x80)), berTlv(0x9f36, valueAt(firstNodes, [0x77, 0x9f36])), berTlv(0x9f10, valueAt(firstNodes, [0x77, 0x9f10])),
  ]));
  const arqc = verifyCdaSignature(testIccKey().publicKey, valueAt(firstNodes, [0x77, 0x9f4b]), {
    unpredictableNumber: bytes('11223344'), cryptogramInformationData: 0x80, transactionDataHashCode: firstHash,
  }).applicationCryptogram;
  const sk = deriveSessionKey(deriveIccMasterKey(KART_TEST_ISSUER_MASTER_KEY_AC, PAN, PSN), 1);
  const ia = concat([arpcMethod1(sk, arqc, bytes('3030')), bytes('3030')]);
  const d2 = cdol2Data('00', ia);
  const second = decodeTlv(card.transmit(generateAc('TC', d2, true)).subarray(0, -2));
  const hash = transactionDataHashCode(PDOL_DATA, d1, concat([
    berTlv(0x9f27, Uint8Array.of(0x40)), berTlv(0x9f36, valueAt(second, [0x77, 0x9f36])), berTlv(0x9f10, valueAt(second, [0x77, 0x9f10])),
  ]), d2);
  const tc = verifyCdaSignature(testIccKey().publicKey, valueAt(second, [0x77, 0x9f4b]), {
    unpredictableNumber: bytes('55667788'), cryptogramInformationData: 0x40, transactionDataHashCode: hash,
  });
  assert.is(tc.applicationCryptogram.length, 8);
});

test('offline limits: after an online approval, TC requests get TC up to the lower limit (3), then ARQC; CVR says why', async () => {
  const card = paymentCard();
  startTransaction(card);
  assert.is(cidOf(ok(card, generateAc('TC', cdol1Data()))), '80', 'a new card, never online, goes online');
  await onlineTransaction(card);
  const cids: string[] = [];
  for (let i = 0; i < 4; i++) {
    startTransaction(card);
    const answer = ok(card, generateAc('TC', cdol1Data()));
    cids.push(cidOf(answer));
    if (i === 3) assert.ok(cvrOf(answer).lowerConsecutiveOfflineLimitExceeded);
  }
  assert.equal(cids, ['40', '40', '40', '80']);
});

test('offline-only terminal: TC under the upper limit (5), AAC at it; "unable to go online" (Y3/Z3) counts toward it', async () => {
  const card = paymentCard();
  await onlineTransaction(card);
  const cids: string[] = [];
  for (let i = 0; i < 6; i++) {
    startTransaction(card, 0x23); // attended, offline only
    cids.push(cidOf(ok(card, generateAc('TC', cdol1Data()))));
  }
  assert.equal(cids, ['40', '40', '40', '40', '40', '00']);
  // Back to an online-capable terminal that cannot reach the issuer: ARQC, then Y3: over the upper limit, AAC.
  startTransaction(card);
  assert.is(cidOf(ok(card, generateAc('TC', cdol1Data()))), '80');
  const second = ok(card, generateAc('TC', cdol2Data('Y3')));
  assert.is(cidOf(second), '00');
  assert.ok(cvrOf(second).unableToGoOnline);
});

test('unable to go online under the upper limit: Y3 gives an offline TC', async () => {
  const card = paymentCard();
  await onlineTransaction(card);
  startTransaction(card);
  ok(card, generateAc('ARQC', cdol1Data()));
  const second = ok(card, generateAc('TC', cdol2Data('Y3')));
  assert.is(cidOf(second), '40');
  assert.ok(cvrOf(second).unableToGoOnline && cvrOf(second).transactionApprovedOffline);
});

test('an ARQC with no second GENERATE AC: the next transaction goes online and its CVR says the last one did not complete', async () => {
  const card = paymentCard();
  await onlineTransaction(card);
  startTransaction(card);
  ok(card, generateAc('ARQC', cdol1Data()));
  card.powerOff();
  card.powerOn();
  startTransaction(card);
  const answer = ok(card, generateAc('TC', cdol1Data()));
  assert.is(cidOf(answer), '80');
  assert.ok(cvrOf(answer).lastOnlineTransactionNotCompleted);
});

test('GENERATE AC refusals: before GPO 6985, wrong CDOL1 length 6700, RFU P1 6A86, ARQC in the second 6A86', () => {
  const card = paymentCard();
  ok(card, SELECT_KARTPAY);
  assert.is(swOf(card.transmit(generateAc('TC', cdol1Data()))), '6985');
  ok(card, gpo());
  assert.is(swOf(card.transmit(generateAc('TC', cdol1Data().subarray(1)))), '6700');
  assert.is(swOf(card.transmit(bytes(`80AEC00020${hex(cdol1Data())}00`))), '6A86');
  assert.is(swOf(card.transmit(bytes(`80AE400120${hex(cdol1Data())}00`))), '6A86');
  assert.is(hex(card.transmit(bytes('80CA9F3600'))), '9F360200019000', 'GPO counted the transaction, no refusal counted again');
  ok(card, generateAc('ARQC', cdol1Data()));
  assert.is(swOf(card.transmit(generateAc('ARQC', cdol2Data('00')))), '6A86');
});

test('an exhausted ATC refuses GET PROCESSING OPTIONS with 6985 (and so any GENERATE AC)', () => {
  const card = paymentCard({}, { atcLimit: 1 });
  startTransaction(card);
  ok(card, generateAc('AAC', cdol1Data()));
  ok(card, SELECT_KARTPAY);
  assert.is(swOf(card.transmit(gpo())), '6985');
  assert.is(swOf(card.transmit(generateAc('TC', cdol1Data()))), '6985');
});

test('a power cut during GPO or GENERATE AC: before commit nothing counts; after commit it counts once; counters stay consistent', async () => {
  const card = paymentCard();
  await onlineTransaction(card); // ATC 1, consecutive offline count 0
  const atc = () => hex(card.transmit(bytes('80CA9F3600')));
  const torn = (command: Uint8Array, phase: 'before-commit' | 'after-commit') => {
    card.tearAt({ apdu: 1, phase });
    assert.throws(() => card.transmit(command), (e: unknown) => e instanceof CardTornError);
    card.powerOn();
  };
  ok(card, SELECT_KARTPAY);
  torn(gpo(), 'before-commit');
  ok(card, SELECT_KARTPAY);
  assert.is(atc(), '9F360200019000', 'a GPO torn before commit did not count');
  // The offline counter: a TC torn before commit does not count, one torn after commit does. Lower limit 3:
  // torn-before, TC (1), torn-after (2), TC (3), then ARQC. Had the first counted, the fourth would be an ARQC.
  startTransaction(card);
  torn(generateAc('TC', cdol1Data()), 'before-commit');
  startTransaction(card);
  const first = ok(card, generateAc('TC', cdol1Data()));
  assert.equal([cidOf(first), atcOf(first)], ['40', 3]);
  assert.is(cvrOf(first).lastOnlineTransactionNotCompleted, false);
  startTransaction(card);
  torn(generateAc('TC', cdol1Data()), 'after-commit');
  startTransaction(card);
  assert.is(cidOf(ok(card, generateAc('TC', cdol1Data()))), '40');
  startTransaction(card);
  const fifth = ok(card, generateAc('TC', cdol1Data()));
  assert.equal([cidOf(fifth), atcOf(fifth)], ['80', 6]);
  // A second GENERATE AC torn before commit leaves the ARQC's "online pending": the next transaction says so.
  torn(generateAc('TC', cdol2Data('00')), 'before-commit');
  startTransaction(card);
  const next = ok(card, generateAc('TC', cdol1Data()));
  assert.is(cidOf(next), '80');
  assert.ok(cvrOf(next).lastOnlineTransactionNotCompleted);
});

test.run();
