/** Which key the finger is enciphered for (Book 2, 7.1), on a KARTPAY personalisation (TEST-ONLY keys). */
import * as assert from 'uvu/assert';
import { suite } from '../../support/suite.ts';
import { biometricEnciphermentKey } from '../../../emv/kernel/biometric-key.ts';
import { offlineDataAuthentication } from '../../../emv/kernel/offline-data-authentication.ts';
import { generateRsaKeyPair, issueIccPublicKeyCertificate, KART_TEST_CA, KART_TEST_ISSUER, KART_TEST_RID } from '../../../emv/oda/index.ts';
import { decodeTlv } from '../../../emv/tlv/decode-tlv.ts';
import { fromHex, toHex } from '../../../emv/tlv/hex.ts';
import { createFakeCard } from '../apdu/fake-card.ts';
import { PAN, paymentPersonalization, testIccKey } from '../../card/emv-pay/payment-fixture.ts';
import { contextWith } from './kernel-fixtures.ts';

const test = suite('emv/kernel/biometric-key');

const p = paymentPersonalization();
const TODAY = { year: 2026, month: 11 };
const pinKey = generateRsaKeyPair(1024);
const pinCertificate = issueIccPublicKeyCertificate(KART_TEST_ISSUER.keyPair, pinKey.publicKey, {
  pan: PAN,
  expiry: { year: 2030, month: 12 },
  serial: fromHex('000042'),
  staticData: new Uint8Array(),
});

function cardData(extra: Record<string, string> = {}): Record<string, string> {
  const data: Record<string, string> = { '82': toHex(p.aip), '9F37': '11223344' };
  for (const record of p.records) {
    for (const node of decodeTlv(record.body)[0]!.children ?? []) data[node.tag.toString(16).toUpperCase()] = toHex(node.value);
  }
  return { ...data, ...extra };
}

async function keyFor(terminalByte3: string, extra: Record<string, string> = {}) {
  const context = contextWith(createFakeCard([]).trx, cardData(extra));
  const oda = await offlineDataAuthentication(context, {
    caKeys: [KART_TEST_CA.publicKey],
    rid: KART_TEST_RID,
    odaRecords: p.records.filter((r) => r.sfi === 1),
    terminalCapabilities: fromHex('20AE' + terminalByte3),
    defaultDdol: fromHex('9F3704'),
    today: TODAY,
  });
  return biometricEnciphermentKey(context, oda, TODAY);
}

test('CDA: the ICC key ODA recovered', async () => {
  assert.is(toHex((await keyFor('08'))!.modulus), toHex(testIccKey().publicKey.modulus));
});

test('SDA chosen: the ICC key is still recovered from 9F46 for the finger', async () => {
  assert.is(toHex((await keyFor('80'))!.modulus), toHex(testIccKey().publicKey.modulus));
});

test('the card has an ICC PIN Encipherment key (9F2D): that one is used', async () => {
  const extra = { '9F2D': toHex(pinCertificate.certificate), '9F2E': toHex(pinCertificate.exponent), ...(pinCertificate.remainder.length ? { '9F2F': toHex(pinCertificate.remainder) } : {}) };
  assert.is(toHex((await keyFor('08', extra))!.modulus), toHex(pinKey.publicKey.modulus));
});

test('a 9F2D that does not recover: no key (no fallback to the ICC key)', async () => {
  const bad = Uint8Array.from(pinCertificate.certificate);
  bad[5]! ^= 0x01;
  assert.is(await keyFor('08', { '9F2D': toHex(bad), '9F2E': toHex(pinCertificate.exponent) }), undefined);
});

test('no ODA method (no issuer key): no key', async () => {
  assert.is(await keyFor('00'), undefined);
});

test.run();
