import * as assert from 'uvu/assert';
import { KARTPAY_AFL, KARTPAY_AIP, KARTPAY_CDOL1, KARTPAY_CDOL2, KARTPAY_PDOL } from '../../../card/emv-pay/index.ts';
import { parseCardBitGroupTemplate } from '../../../emv/biometric/biometric-data-objects.ts';
import { KART_TEST_CA, KART_TEST_RID } from '../../../emv/oda/test-keys.ts';
import {
  recoverIccPublicKey, recoverIssuerPublicKey, verifySignedDynamicApplicationData, verifySignedStaticApplicationData,
} from '../../../emv/oda/verify.ts';
import { staticDataToAuthenticate } from '../../../emv/oda/static-data.ts';
import { decodeTlv } from '../../../emv/tlv/decode-tlv.ts';
import { findTlv } from '../../../emv/tlv/find-tlv.ts';
import { suite } from '../../support/suite.ts';
import {
  bytes, gpo, govCardWithPayment, hex, ok, PAN, paymentCard, paymentPersonalization, readRecord, SELECT_KARTPAY, SELECT_PSE,
  swOf, testIccKey, valueAt,
} from './payment-fixture.ts';

const test = suite('card/emv-pay/payment-applet');

const ascii = (text: string): string => hex(new TextEncoder().encode(text));
const TODAY = { year: 2026, month: 11 };

test('SELECT by AID on the government card (beside KARTGOV): 6F { 84 AID, A5 { 50 KARTPAY, 87 01, 9F38 PDOL, 5F2D aren } }', () => {
  const card = govCardWithPayment();
  const aid = `${hex(KART_TEST_RID)}1010`;
  const a5 = `5007${ascii('KARTPAY')}870101` + `9F3806${hex(KARTPAY_PDOL)}` + `5F2D04${ascii('aren')}`;
  const fci = `6F${(2 + 7 + 2 + a5.length / 2).toString(16).toUpperCase().padStart(2, '0')}8407${aid}A5${(a5.length / 2).toString(16).toUpperCase()}${a5}`;
  assert.is(hex(card.transmit(SELECT_KARTPAY)), `${fci}9000`);
  // Partial selection by the RID finds KARTPAY too (the only application under the test RID).
  assert.is(swOf(card.transmit(bytes(`00A4040005${hex(KART_TEST_RID)}00`))), '9000');
});

test('SELECT the PSE and read its directory: 6F { 84 1PAY.SYS.DDF01, A5 { 88 01, 5F2D } }, record 1 = 70 { 61 { 4F, 50, 87 } }', () => {
  const card = govCardWithPayment();
  assert.is(hex(card.transmit(SELECT_PSE)), `6F1C840E${ascii('1PAY.SYS.DDF01')}A50A880101` + `5F2D04${ascii('aren')}9000`);
  const entry = `4F07${hex(KART_TEST_RID)}1010` + `5007${ascii('KARTPAY')}` + '870101';
  assert.is(hex(card.transmit(readRecord(1, 1))), `70176115${entry}9000`);
  assert.is(swOf(card.transmit(readRecord(1, 2))), '6A83');
  assert.is(swOf(card.transmit(readRecord(2, 1))), '6A82');
  assert.is(swOf(card.transmit(bytes('80A8000002830000'))), '6D00', 'the PSE has no GPO');
});

test('GPO answers 77 { 82 AIP 7900, 94 AFL 08010202 10010300 }; a repeated GPO is 6985; a wrong PDOL length 6700', () => {
  const card = paymentCard();
  assert.is(swOf(card.transmit(SELECT_KARTPAY)), '9000');
  assert.is(hex(card.transmit(bytes('80A8000002830000'))), '6700', 'the PDOL asks for 3 bytes');
  assert.is(hex(card.transmit(bytes('80A800000384010000'))), '6A80', 'not an 83 template');
  assert.is(hex(card.transmit(gpo())), `770E8202${hex(KARTPAY_AIP)}9408${hex(KARTPAY_AFL)}9000`);
  assert.is(hex(KARTPAY_AIP), '7900', 'SDA, DDA, cardholder verification, terminal risk management, CDA; issuer auth by CDOL2');
  assert.is(hex(KARTPAY_AFL), '0801020210010300');
  assert.is(swOf(card.transmit(gpo())), '6985', 'GPO twice in one selection');
  assert.is(swOf(card.transmit(SELECT_KARTPAY)), '9000');
  assert.is(swOf(card.transmit(gpo())), '9000', 'a new selection starts a new transaction');
});

test('READ RECORD gives the AFL records: data objects of Book 3 Annex A, in 70 templates; others 6A83 / 6A82 / 6A86', () => {
  const card = paymentCard();
  ok(card, SELECT_KARTPAY);
  ok(card, gpo());
  const r11 = ok(card, readRecord(1, 1));
  assert.is(hex(valueAt(r11, [0x70, 0x5a])), PAN);
  assert.is(hex(valueAt(r11, [0x70, 0x57])), `${PAN}D3012` + '201' + '00000' + 'F', 'PAN, D, YYMM, service code 201, discretionary');
  assert.is(hex(valueAt(r11, [0x70, 0x5f24])), '301231');
  assert.is(hex(valueAt(r11, [0x70, 0x5f25])), '260101');
  assert.is(new TextDecoder().decode(valueAt(r11, [0x70, 0x5f20])), 'SAYED/AMAL');
  assert.is(hex(valueAt(r11, [0x70, 0x5f28])), '0818');
  assert.is(hex(valueAt(r11, [0x70, 0x9f42])), '0818');
  assert.is(hex(valueAt(r11, [0x70, 0x5f34])), '01');
  assert.is(hex(valueAt(r11, [0x70, 0x8e])), '0000000000000000' + '4803' + '4103' + '5E03', 'finger, PIN, signature');
  for (const tag of [0x9f07, 0x9f0d, 0x9f0e, 0x9f0f, 0x9f08]) assert.ok(findTlv(r11, [0x70, tag]), tag.toString(16));
  const r12 = ok(card, readRecord(1, 2));
  assert.is(hex(valueAt(r12, [0x70, 0x8c])), hex(KARTPAY_CDOL1));
  assert.is(hex(valueAt(r12, [0x70, 0x8d])), hex(KARTPAY_CDOL2));
  assert.is(hex(valueAt(r12, [0x70, 0x9f49])), '9F3704');
  assert.is(hex(valueAt(r12, [0x70, 0x9f4a])), '82');
  assert.is(hex(valueAt(r12, [0x70, 0x9f14])), '03');
  assert.is(hex(valueAt(r12, [0x70, 0x9f23])), '05');
  const bits = parseCardBitGroupTemplate(valueAt(r12, [0x70, 0x9f31]));
  assert.is(bits.offline.length, 1, 'one offline BIT');
  assert.is(hex(bits.offline[0]!.biometricType), '08', 'finger');
  assert.is(hex(bits.offline[0]!.solutionId!), '4B4101');
  assert.is(hex(bits.offline[0]!.formatType!), '0004', 'ISO/IEC 19794-2 compact card');
  assert.is(bits.online.length, 0);
  const r21 = ok(card, readRecord(2, 1));
  assert.is(hex(valueAt(r21, [0x70, 0x8f])), '99');
  for (const tag of [0x90, 0x92, 0x9f32]) assert.ok(findTlv(r21, [0x70, tag]), tag.toString(16));
  const r22 = ok(card, readRecord(2, 2));
  for (const tag of [0x9f46, 0x9f47, 0x9f48]) assert.ok(findTlv(r22, [0x70, tag]), tag.toString(16));
  const r23 = ok(card, readRecord(2, 3));
  assert.ok(findTlv(r23, [0x70, 0x93]));
  assert.is(swOf(card.transmit(readRecord(2, 4))), '6A83');
  assert.is(swOf(card.transmit(readRecord(3, 1))), '6A82');
  assert.is(swOf(card.transmit(bytes('00B2010800'))), '6A86', 'P2 b3-b1 must be 100');
  assert.is(swOf(card.transmit(bytes('80B2010C00'))), '6E00', 'READ RECORD is class 00');
});

test('offline data authentication: the chain recovers (CA → issuer → ICC over the static data), SDA (93) verifies, DDA signs', () => {
  const card = paymentCard();
  ok(card, SELECT_KARTPAY);
  const aip = valueAt(ok(card, gpo()), [0x77, 0x82]);
  const bodies = [1, 2].map((n) => {
    const r = card.transmit(readRecord(1, n));
    return r.subarray(0, r.length - 2);
  });
  const certs = [1, 2, 3].map((n) => ok(card, readRecord(2, n)));
  const staticData = staticDataToAuthenticate(bodies.map((body) => ({ sfi: 1, body })), aip);
  const issuerKey = recoverIssuerPublicKey({
    ca: KART_TEST_CA.publicKey, certificate: valueAt(certs[0]!, [0x70, 0x90]), remainder: valueAt(certs[0]!, [0x70, 0x92]),
    exponent: valueAt(certs[0]!, [0x70, 0x9f32]), pan: PAN, today: TODAY,
  });
  const iccKey = recoverIccPublicKey({
    issuerKey, certificate: valueAt(certs[1]!, [0x70, 0x9f46]), remainder: valueAt(certs[1]!, [0x70, 0x9f48]),
    exponent: valueAt(certs[1]!, [0x70, 0x9f47]), pan: PAN, staticData, today: TODAY,
  });
  assert.is(hex(iccKey.modulus), hex(testIccKey().publicKey.modulus));
  const { dataAuthenticationCode } = verifySignedStaticApplicationData(issuerKey, valueAt(certs[2]!, [0x70, 0x93]), staticData);
  assert.is(dataAuthenticationCode.length, 2);
  assert.is(hex(staticData), hex(paymentPersonalization().staticData));
  // See Book 2, 6.5: INTERNAL AUTHENTICATE with the DDOL data (9F37 04).
  const signed = valueAt(ok(card, bytes('008800000411223344' + '00')), [0x77, 0x9f4b]);
  const dda = verifySignedDynamicApplicationData(iccKey, signed, bytes('11223344'));
  assert.is(dda.iccDynamicNumber.length, 8);
  const again = valueAt(ok(card, bytes('008800000411223344' + '00')), [0x77, 0x9f4b]);
  assert.is.not(hex(again), hex(signed), 'a fresh ICC Dynamic Number each time');
  assert.throws(() => verifySignedDynamicApplicationData(iccKey, signed, bytes('11223345')), 'bound to the terminal data');
  assert.is(swOf(card.transmit(bytes('0088000000'))), '6700');
});

test('GET DATA: ATC, PIN try counter, last online ATC, BF4C finger try counter, BF4D preferred attempts; no log (9F4F) 6A88', () => {
  const card = paymentCard();
  ok(card, SELECT_KARTPAY);
  assert.is(hex(card.transmit(bytes('80CA9F3600'))), '9F360200009000');
  assert.is(hex(card.transmit(bytes('80CA9F1700'))), '9F1701039000');
  assert.is(hex(card.transmit(bytes('80CA9F1300'))), '9F130200009000');
  assert.is(hex(card.transmit(bytes('80CABF4C00'))), 'BF4C04DF5101059000');
  assert.is(hex(card.transmit(bytes('80CABF4D00'))), 'BF4D04DF5101039000');
  assert.is(swOf(card.transmit(bytes('80CA9F4F00'))), '6A88');
  assert.is(swOf(card.transmit(bytes('00CA9F3600'))), '6E00', 'GET DATA is class 80');
  assert.is(swOf(card.transmit(bytes('80CA5A0000'))), '6A88', 'the PAN is not for GET DATA');
});

test('no secret leaves the card: no response to any command carries the PIN, the finger reference or key bytes', () => {
  const card = paymentCard();
  const p = paymentPersonalization();
  const seen: string[] = [];
  for (const command of [SELECT_KARTPAY, gpo(), ...[1, 2].map((n) => readRecord(1, n)), ...[1, 2, 3].map((n) => readRecord(2, n)),
    bytes('80CA9F1700'), bytes('80CABF4C00')]) {
    seen.push(hex(card.transmit(command)));
  }
  const all = seen.join('');
  assert.not.ok(all.includes(hex(p.iccMasterKey)), 'ICC master key');
  assert.not.ok(all.includes(hex(p.fingerReference.subarray(0, 12))), 'finger reference');
  assert.not.ok(all.includes(ascii(p.pin)), 'PIN');
  const decoded = decodeTlv(card.transmit(readRecord(2, 2)).subarray(0, -2));
  assert.ok(decoded.length === 1);
});

test.run();
