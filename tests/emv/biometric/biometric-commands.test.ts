import * as assert from 'uvu/assert';
import { suite } from '../../support/suite.ts';
import { biometricVerifyCommands, MAX_VERIFY_BLOCK, VERIFY_P2_BIOMETRIC } from '../../../emv/biometric/biometric-commands.ts';
import { buildBiometricVerificationData } from '../../../emv/biometric/biometric-verification-data.ts';
import { BIOMETRIC_TYPE_FINGER } from '../../../emv/biometric/biometric-data-objects.ts';
import { generateRsaKeyPair } from '../../../emv/oda/rsa.ts';
import { parseCommandApdu } from '../../../emv/apdu/parse-command-apdu.ts';
import { fromHex, toHex } from '../../../emv/tlv/hex.ts';
import { assertEmvError } from '../assert-emv-error.ts';

const test = suite('emv/biometric/biometric-commands');

/** A BF4E TLV whose value is `length` bytes (the command builder does not look inside the value). */
function template(length: number): { bvdt: Uint8Array; value: Uint8Array } {
  const value = Uint8Array.from({ length }, (_, i) => (i * 13 + 1) & 0xff);
  const lengthField = length < 0x80 ? [length] : length < 0x100 ? [0x81, length] : [0x82, length >> 8, length & 0xff];
  return { bvdt: new Uint8Array([0xbf, 0x4e, ...lengthField, ...value]), value };
}

test('P2 is 89, Enciphered Biometric (RSA) (Book 3 Table 24)', () => {
  assert.is(VERIFY_P2_BIOMETRIC, 0x89);
  assert.is(MAX_VERIFY_BLOCK, 255);
});

test('up to 255 bytes: one VERIFY 00 20 00 89 Lc with the value field only, no Le', () => {
  const { bvdt, value } = template(5);
  assert.equal(biometricVerifyCommands(bvdt).map(toHex), ['0020008905' + toHex(value)]);
  const full = template(255);
  const commands = biometricVerifyCommands(full.bvdt);
  assert.is(commands.length, 1);
  assert.is(toHex(commands[0]!.subarray(0, 5)), '00200089FF');
  assert.is(toHex(commands[0]!.subarray(5)), toHex(full.value));
});

test('over 255 bytes: 255-byte blocks chained with CLA 10, the last with CLA 00', () => {
  for (const [length, sizes] of [
    [256, [255, 1]],
    [510, [255, 255]],
    [511, [255, 255, 1]],
    [700, [255, 255, 190]],
  ] as const) {
    const { bvdt, value } = template(length);
    const commands = biometricVerifyCommands(bvdt).map((c) => parseCommandApdu(c));
    assert.equal(
      commands.map((c) => c.data?.length),
      [...sizes],
    );
    commands.forEach((c, i) => {
      assert.is(c.cla, i === commands.length - 1 ? 0x00 : 0x10);
      assert.is(c.ins, 0x20);
      assert.is(c.p1, 0x00);
      assert.is(c.p2, 0x89);
      assert.is(c.le, undefined);
    });
    assert.is(toHex(new Uint8Array(commands.flatMap((c) => [...c.data!]))), toHex(value));
  }
});

test('a real template (1024-bit key, 300-byte BDB) needs two chained commands', () => {
  const key = generateRsaKeyPair(1024);
  const bvdt = buildBiometricVerificationData({
    biometricType: BIOMETRIC_TYPE_FINGER,
    solutionId: Uint8Array.of(1),
    subtype: 0,
    bdb: new Uint8Array(300),
    unpredictableNumber: new Uint8Array(8),
    recipientKey: key.publicKey,
    random: (n) => new Uint8Array(n), // masked to 80 00 .. 00, below any 1024-bit modulus
  });
  const commands = biometricVerifyCommands(bvdt);
  assert.is(commands.length, 2);
  assert.is(toHex(commands[0]!.subarray(0, 4)), '10200089');
  assert.is(toHex(commands[1]!.subarray(0, 4)), '00200089');
  // The data fields start with the first object of the value field (81), not with BF4E.
  assert.is(commands[0]![5], 0x81);
});

test('anything but one well-formed BF4E template is refused', () => {
  const { bvdt } = template(10);
  const bad = [
    new Uint8Array(0),
    fromHex('BF4E00'),
    fromHex('BF4D0100'),
    fromHex('8101089001'),
    new Uint8Array([...bvdt, 0x00]),
    new Uint8Array([...bvdt, ...bvdt]),
    bvdt.subarray(0, bvdt.length - 1),
    fromHex('BF4E810A' + toHex(bvdt.subarray(3))),
    fromHex('BF4E84FFFFFFFF'),
  ];
  for (const bytes of bad) assertEmvError(() => biometricVerifyCommands(bytes), 'EMV_BIOMETRIC_DATA_INVALID');
});

test.run();
