import * as assert from 'uvu/assert';
import { decodeEntitlementParams, DEFAULT_ENTITLEMENT_PARAMS } from '../../../card/gov/entitlement-params.ts';
import { entitlementLoadCodec } from '../../../card/gov/entitlement-load.ts';
import { yymmddToDay } from '../../../card/gov/gov-date.ts';
import * as T from '../../../card/gov/gov-tags.ts';
import { SERVICE } from '../../../terminal/schemas/service.ts';
import { suite } from '../../support/suite.ts';
import { CARD_ID, cmd, FINGERPRINT, govCard, HOUSEHOLD_ID, issuer, ISSUE_DAY, NATIONAL_ID, send, valueOf, verified } from './gov-fixture.ts';
import type { CardOs } from '../../../card/card-os.ts';

const test = suite('card/gov/read-data');

const text = (bytes: Uint8Array): string => new TextDecoder().decode(bytes);
const read = (card: CardOs, tag: number): Uint8Array => {
  const answer = send(card, cmd.readData(tag));
  assert.is(answer.sw, 0x9000, `READ DATA ${tag.toString(16)}`);
  return valueOf(answer.data, tag);
};

test('cardholder: national ID redacted until the cardholder is verified, names in Arabic and Latin', () => {
  const card = govCard();
  let holder = read(card, T.TAG_BF41_CARDHOLDER);
  assert.equal(valueOf(holder, T.TAG_DF10_CARD_ID), CARD_ID);
  assert.is(text(valueOf(holder, T.TAG_DF12_NATIONAL_ID_REDACTED)), `**********${NATIONAL_ID.slice(-4)}`);
  assert.not.ok(text(card.transmit(cmd.readData(T.TAG_BF41_CARDHOLDER))).includes(NATIONAL_ID.slice(0, 10)));
  assert.is(text(valueOf(holder, T.TAG_5F20_NAME_LATIN)), 'AMAL SAYED');
  assert.is(text(valueOf(holder, T.TAG_DF13_NAME_ARABIC)), 'أمل سيد');
  verified(card);
  holder = read(card, T.TAG_BF41_CARDHOLDER);
  assert.is(text(valueOf(holder, T.TAG_DF11_NATIONAL_ID)), NATIONAL_ID);
});

test('household: ids, role, ration flag and the issuer-signed grant (beneficiaries)', () => {
  const household = read(govCard({ beneficiaries: 6 }), T.TAG_BF42_HOUSEHOLD);
  assert.equal(valueOf(household, T.TAG_DF21_HOUSEHOLD_ID), HOUSEHOLD_ID);
  assert.is(text(valueOf(household, T.TAG_DF22_RATION_CARD_NUMBER)), '1234567890');
  assert.equal([...valueOf(household, T.TAG_DF23_ROLE), ...valueOf(household, T.TAG_DF24_CARRIES_RATION)], [1, 1]);
  const grant = entitlementLoadCodec.decode(valueOf(household, T.TAG_DF25_ENTITLEMENT_GRANT));
  assert.is(grant.beneficiaries, 6);
  assert.ok(entitlementLoadCodec.verify(grant, issuer().issuerCertificate.publicKey));
});

test('services, status, expiry, counters and parameters', () => {
  const card = govCard({ services: { payment: ISSUE_DAY, health: ISSUE_DAY + 30 }, status: 'blocked' });
  const services = read(card, T.TAG_BF43_SERVICES);
  const entries: number[][] = [];
  const view = new DataView(services.buffer, services.byteOffset, services.length);
  // Each entry: DF26 05 <service> <activation day, 4 bytes; FFFFFFFF inactive>.
  for (let at = 0; at < services.length; at += 8) entries.push([services[at + 3]!, view.getUint32(at + 4)]);
  assert.equal(entries, [
    [SERVICE.BREAD, 0xffffffff], [SERVICE.RATION, 0xffffffff], [SERVICE.HEALTH, ISSUE_DAY + 30], [SERVICE.PAYMENT, ISSUE_DAY],
  ]);
  assert.equal([...read(card, T.TAG_DF44_CARD_STATUS)], [1]);
  assert.is(yymmddToDay(read(card, T.TAG_5F24_EXPIRY)), ISSUE_DAY + 3 * 365, 'three years less a day: 2026-03-10 to 2029-03-09, over 29 Feb 2028');
  assert.is(yymmddToDay(read(card, T.TAG_DF48_LAST_DATE)), ISSUE_DAY);
  const counters = read(card, T.TAG_BF45_COUNTERS);
  assert.equal(decodeEntitlementParams(valueOf(counters, T.TAG_DF47_ENTITLEMENT_PARAMS)), DEFAULT_ENTITLEMENT_PARAMS);
  assert.equal([...read(card, T.TAG_9F36_ATC)], [0, 0]);
  assert.is(send(card, cmd.readData(0xdf7f)).sw, 0x6a88);
  assert.is(send(card, Uint8Array.of(0x00, 0xca, 0xbf, 0x41, 0x00)).sw, 0x6e00, 'READ DATA is class 80');
});

test('biometric reference: only after a PIN verification in this session', () => {
  const card = govCard();
  assert.is(send(card, cmd.getBiometricReference()).sw, 0x6982);
  assert.is(send(card, cmd.verifyBiometric(FINGERPRINT)).sw, 0x9000);
  assert.is(send(card, cmd.getBiometricReference()).sw, 0x6982, 'a fingerprint match does not release the reference');
  verified(card);
  const answer = send(card, cmd.getBiometricReference());
  assert.is(answer.sw, 0x9000);
  assert.equal(valueOf(valueOf(answer.data, T.TAG_7F2E_BIOMETRIC_DATA_TEMPLATE), T.TAG_81_BIOMETRIC_DATA), FINGERPRINT);
  assert.is(send(card, Uint8Array.of(0x00, 0xcb, 0x3f, 0xff, 0x04, 0x5c, 0x02, 0x5f, 0x2e, 0x00)).sw, 0x6a88);
  assert.is(send(card, Uint8Array.of(0x00, 0xcb, 0x3f, 0xff, 0x02, 0x5c, 0x05, 0x00)).sw, 0x6a80);
  assert.is(send(card, Uint8Array.of(0x00, 0xcb, 0x00, 0x00, 0x04, 0x5c, 0x02, 0x7f, 0x2e, 0x00)).sw, 0x6a86);
  card.powerOff();
  card.powerOn();
  send(card, cmd.select());
  assert.is(send(card, cmd.getBiometricReference()).sw, 0x6982, 'not after power loss');
});

test.run();
