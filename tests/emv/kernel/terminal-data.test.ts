import * as assert from 'uvu/assert';
import { suite } from '../../support/suite.ts';
import { CVM_CODE } from '../../../emv/kernel/cvm-list.ts';
import { KART_COUNTER_CONFIG } from '../../../emv/kernel/kart-counter-config.ts';
import { supportedCvms, terminalData, TAG_9F30_BIOMETRIC_TERMINAL_CAPABILITIES } from '../../../emv/kernel/terminal-data.ts';
import { fromHex, toHex } from '../../../emv/tlv/hex.ts';
import { testConfig } from './kernel-fixtures.ts';

const test = suite('emv/kernel/terminal-data');

const sorted = (set: ReadonlySet<number>): number[] => [...set].sort((a, b) => a - b);

test('the Kart counter performs fail, PIN, PIN + signature, finger offline and online, signature, no CVM', () => {
  assert.equal(sorted(supportedCvms(KART_COUNTER_CONFIG)), [0x00, 0x01, 0x03, 0x08, 0x09, 0x1e, 0x1f]);
});

for (const [name, caps, finger, expected] of [
  ['no biometric bits in 9F33: no finger CVM even with a scanner', '20A800', { fingerOffline: true, fingerOnline: true }, [0x00, 0x01, 0x03, 0x1e, 0x1f]],
  ['offline biometric bit but no finger offline in 9F30', '200200', { fingerOffline: false, fingerOnline: true }, [0x00]],
  ['PIN without signature: no 03', '208000', { fingerOffline: false, fingerOnline: false }, [0x00, CVM_CODE.PLAINTEXT_PIN_BY_ICC]],
  ['online biometric only', '200400', { fingerOffline: true, fingerOnline: true }, [0x00, CVM_CODE.FINGER_BIOMETRIC_ONLINE]],
] as const) {
  test(`supported CVMs: ${name}`, () => {
    assert.equal(sorted(supportedCvms(testConfig({ terminalCapabilities: fromHex(caps), biometricCapabilities: finger }))), [...expected]);
  });
}

test('terminal data objects for a cashback sale', () => {
  const data = terminalData(
    KART_COUNTER_CONFIG,
    { amountAuthorised: 12_345, amountOther: 5_000, transactionType: 'purchase-with-cashback', now: new Date('2026-01-02T03:04:05Z'), transactionSequenceCounter: 42 },
    fromHex('CAFEBABE'),
  );
  const hex = (tag: number) => toHex(data.get(tag)!);
  assert.is(hex(0x9f1a), '0818');
  assert.is(hex(0x5f2a), '0818');
  assert.is(hex(0x5f36), '02');
  assert.is(hex(0x9f35), '22');
  assert.is(hex(0x9f33), '20AEC8');
  assert.is(hex(0x9f40), '4000A0B001');
  assert.is(hex(TAG_9F30_BIOMETRIC_TERMINAL_CAPABILITIES), '404000', 'finger offline and online (Book 4, A7)');
  assert.is(hex(0x9f1b), '0000C350', 'floor limit 500.00 binary');
  assert.is(hex(0x9f02), '000000012345');
  assert.is(hex(0x81), '00003039');
  assert.is(hex(0x9f03), '000000005000');
  assert.is(hex(0x9f04), '00001388');
  assert.is(hex(0x9a), '260102');
  assert.is(hex(0x9f21), '030405');
  assert.is(hex(0x9c), '09');
  assert.is(hex(0x9f39), '05');
  assert.is(hex(0x9f37), 'CAFEBABE');
  assert.is(hex(0x9f41), '00000042');
});

test.run();
