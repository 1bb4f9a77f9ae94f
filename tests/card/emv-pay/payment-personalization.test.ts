import * as assert from 'uvu/assert';
import { createCardOs } from '../../../card/card-os.ts';
import { CardError } from '../../../card/card-error.ts';
import { createPaymentApplet, DEFAULT_CVM_LIST, PaymentError, personalizePaymentApplication } from '../../../card/emv-pay/index.ts';
import type { PaymentPersonalizationInput } from '../../../card/emv-pay/index.ts';
import { parseCvmList, CVM_CODE } from '../../../emv/kernel/cvm-list.ts';
import { deriveIccMasterKey } from '../../../emv/cryptogram/keys.ts';
import { KART_TEST_ISSUER_MASTER_KEY_AC } from '../../../issuer/test-issuer.ts';
import { generateRsaKeyPair } from '../../../emv/oda/rsa.ts';
import { createSeededRandom } from '../../../terminal/journal/seeded-random.ts';
import { suite } from '../../support/suite.ts';
import { hex, PAN, paymentInput, paymentPersonalization, PIN, PSN } from './payment-fixture.ts';

const test = suite('card/emv-pay/payment-personalization');

/** Runs `personalizePaymentApplication` with one field changed and returns the error's field. */
function refusedField(change: Partial<PaymentPersonalizationInput>): string {
  try {
    personalizePaymentApplication(paymentInput(change));
  } catch (error) {
    assert.instance(error, PaymentError);
    const e = error as PaymentError;
    assert.is(e.code, 'PAY_PERSONALIZATION_INVALID');
    assert.ok(e.messageAr.length > 0 && e.messageEn.length > 0);
    return e.field;
  }
  assert.unreachable(`accepted ${JSON.stringify(Object.keys(change))}`);
  return '';
}

test('each bad field is refused with PAY_PERSONALIZATION_INVALID naming the field', () => {
  const rows: Array<[Partial<PaymentPersonalizationInput>, string]> = [
    [{ pan: '12345' }, 'pan'],
    [{ pan: '4111111111111111' }, 'pan'], // not under the test issuer's identifier 818888
    [{ panSequenceNumber: 100 }, 'panSequenceNumber'],
    [{ expiry: '3013' }, 'expiry'],
    [{ expiry: '301331' }, 'expiry'],
    [{ effective: '310101' }, 'effective'],
    [{ cardholderName: 'X' }, 'cardholderName'],
    [{ pin: '12' }, 'pin'],
    [{ pin: 'abcd' }, 'pin'],
    [{ fingerReference: new Uint8Array(0) }, 'fingerReference'],
    [{ fingerReference: Uint8Array.of(1, 2) }, 'fingerReference'],
    [{ pinTries: 0 }, 'pinTries'],
    [{ fingerTries: 16 }, 'fingerTries'],
    [{ preferredFingerAttempts: 6 }, 'preferredFingerAttempts'],
    [{ lowerConsecutiveOfflineLimit: 6, upperConsecutiveOfflineLimit: 5 }, 'upperConsecutiveOfflineLimit'],
    [{ cvmList: Uint8Array.of(0, 0, 0, 0, 0, 0, 0, 0) }, 'cvmList'],
    [{ applicationUsageControl: Uint8Array.of(0xff) }, 'applicationUsageControl'],
    [{ iacDenial: new Uint8Array(4) }, 'iacDenial'],
    [{ issuerMasterKeyAc: new Uint8Array(8) }, 'issuerMasterKeyAc'],
  ];
  for (const [change, field] of rows) assert.is(refusedField(change), field, JSON.stringify(Object.keys(change)));
});

test('an error never carries the value: a bad PIN or PAN is named, not shown', () => {
  for (const change of [{ pin: '98' }, { pan: '818888123' }]) {
    try {
      personalizePaymentApplication(paymentInput(change));
      assert.unreachable();
    } catch (error) {
      const text = `${(error as Error).message} ${(error as PaymentError).detail}`;
      assert.not.ok(text.includes(Object.values(change)[0]!), text);
    }
  }
});

test('the personalisation does not show its secrets when logged: PIN, finger, keys are not enumerable', async () => {
  const { inspect } = await import('node:util');
  const p = paymentPersonalization();
  const shown = `${JSON.stringify(p)} ${inspect(p, { depth: 5 })} ${Object.keys({ ...p }).join(',')}`;
  assert.not.ok(shown.includes(PIN), 'PIN');
  for (const name of ['pin', 'fingerReference', 'iccKeyPair', 'iccMasterKey']) assert.not.ok(new RegExp(`\\b${name}\\b`).test(shown), name);
  assert.is(p.pin, PIN, 'still readable by install');
  assert.ok(p.iccMasterKey.length === 16 && p.fingerReference.length > 0);
});

test('an ICC key longer than the issuer key is refused', () => {
  assert.is(refusedField({ iccKeyPair: generateRsaKeyPair(1280) }), 'iccKeyPair');
});

test('defaults: tries 3 / 5, preferred attempts 3, limits 3 / 5, the CVM List finger → PIN → signature, ICC MK by Option A', () => {
  const p = paymentPersonalization();
  assert.equal([p.pinTries, p.fingerTries, p.preferredFingerAttempts, p.lowerConsecutiveOfflineLimit, p.upperConsecutiveOfflineLimit], [3, 5, 3, 3, 5]);
  assert.is(p.pin, PIN);
  const cvm = parseCvmList(DEFAULT_CVM_LIST);
  assert.equal(cvm.rules.map((r) => r.cvmCode), [CVM_CODE.FINGER_BIOMETRIC_OFFLINE, CVM_CODE.PLAINTEXT_PIN_BY_ICC, CVM_CODE.SIGNATURE]);
  assert.ok(cvm.rules.every((r) => r.applySucceedingIfUnsuccessful && r.condition === 0x03));
  assert.is(hex(p.iccMasterKey), hex(deriveIccMasterKey(KART_TEST_ISSUER_MASTER_KEY_AC, PAN, PSN)));
  assert.equal(p.records.map((r) => `${r.sfi}/${r.number}`), ['1/1', '1/2', '2/1', '2/2', '2/3']);
  assert.ok(p.records.every((r) => r.body[0] === 0x70 && r.body.length <= 254));
});

test('seeded fuzz of the issuer\'s input: every refusal is a PaymentError naming a field; nothing else is thrown', () => {
  const rng = createSeededRandom(7);
  const junkString = (): string => Array.from({ length: rng.int(22) }, () => String.fromCharCode(rng.int(4) ? 0x30 + rng.int(10) : rng.int(128))).join('');
  const junkBytes = (): Uint8Array => Uint8Array.from({ length: rng.int(20) }, () => rng.int(256));
  const fields: Array<() => Partial<PaymentPersonalizationInput>> = [
    () => ({ pan: rng.int(2) ? `818888${junkString()}` : junkString() }),
    () => ({ panSequenceNumber: rng.int(200) - 50 }),
    () => ({ expiry: junkString() }),
    () => ({ effective: junkString() }),
    () => ({ cardholderName: junkString() }),
    () => ({ pin: junkString() }),
    () => ({ fingerReference: junkBytes() }),
    () => ({ pinTries: rng.int(20) - 2, fingerTries: rng.int(20) - 2 }),
    () => ({ lowerConsecutiveOfflineLimit: rng.int(300) - 20, upperConsecutiveOfflineLimit: rng.int(300) - 20 }),
    () => ({ cvmList: junkBytes() }),
    () => ({ iacOnline: junkBytes(), applicationUsageControl: junkBytes() }),
    () => ({ issuerMasterKeyAc: junkBytes() }),
    () => ({ derivationKeyIndex: rng.int(400) - 50 }),
  ];
  let refused = 0;
  for (let i = 0; i < 400; i++) {
    const change = Object.assign({}, fields[rng.int(fields.length)]!(), rng.int(3) === 0 ? fields[rng.int(fields.length)]!() : {});
    try {
      personalizePaymentApplication(paymentInput(change));
    } catch (error) {
      assert.instance(error, PaymentError, `case ${i}: ${String(error)}`);
      assert.ok((error as PaymentError).field.length > 0);
      refused++;
    }
  }
  assert.ok(refused > 300, `most random fields are refused (${refused})`);
});

test('the applet refuses to install on a fresh card without a personalisation (the card OS: CARD_CONFIG_INVALID)', () => {
  assert.throws(() => createCardOs({ applets: [createPaymentApplet()] }), (e: unknown) => e instanceof CardError && e.code === 'CARD_CONFIG_INVALID');
  assert.throws(() => createPaymentApplet({ priority: 0 }), RangeError);
});

test.run();
