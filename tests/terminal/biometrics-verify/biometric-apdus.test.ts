import * as assert from 'uvu/assert';
import { toHex } from '../../../emv/tlv/hex.ts';
import {
  MAX_SHORT_PROBE_BYTES, getBiometricReferenceApdu, readBiometricTemplate, verifyBiometricApdu, verifyBiometricStatusApdu,
} from '../../../terminal/biometrics-verify/biometric-apdus.ts';
import { suite } from '../../support/suite.ts';

const test = suite('terminal/biometrics-verify/biometric-apdus');

test('exact bytes of VERIFY (biometric), its status form, and GET DATA of the reference (COMMANDS.md)', () => {
  assert.is(toHex(verifyBiometricApdu(Uint8Array.of(0x11, 0x22, 0x33))), '00210091087F2E0581031122' + '33');
  assert.is(toHex(verifyBiometricStatusApdu()), '00210091');
  assert.is(toHex(getBiometricReferenceApdu()), '00CB3FFF045C027F2E00');
});

test('a probe of 200 bytes: two-byte BER lengths inside, short Lc outside', () => {
  const apdu = verifyBiometricApdu(new Uint8Array(200).fill(7));
  assert.is(toHex(apdu.subarray(0, 13)), '00210091CF7F2E81CB8181C807');
  assert.is(apdu.length, 5 + 207);
  assert.is(verifyBiometricApdu(new Uint8Array(MAX_SHORT_PROBE_BYTES))[4], 0xff, 'MAX_SHORT_PROBE_BYTES fills Lc exactly');
});

test('readBiometricTemplate: the 81 inside 7F2E, else undefined (wrong tag, empty, trailing data, broken TLV)', () => {
  assert.equal([...readBiometricTemplate(Uint8Array.of(0x7f, 0x2e, 0x04, 0x81, 0x02, 0xab, 0xcd))!], [0xab, 0xcd]);
  assert.is(readBiometricTemplate(Uint8Array.of(0x7f, 0x2e, 0x04, 0x82, 0x02, 0xab, 0xcd)), undefined);
  assert.is(readBiometricTemplate(Uint8Array.of(0x7f, 0x2e, 0x02, 0x81, 0x00)), undefined);
  assert.is(readBiometricTemplate(Uint8Array.of(0x7f, 0x2e, 0x03, 0x81, 0x01, 0xab, 0x90)), undefined);
  assert.is(readBiometricTemplate(Uint8Array.of(0x7f, 0x2e, 0x09, 0x81)), undefined);
  assert.is(readBiometricTemplate(new Uint8Array(0)), undefined);
});

test.run();
