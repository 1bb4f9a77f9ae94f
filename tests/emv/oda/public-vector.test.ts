/**
 * A public vector: Visa's published VSDC CA public TEST key A0 00 00 00 03, index 94 (1984 bits, exponent 3; Visa
 * "VSDC CA Public Test Keys", Table 2-3, the key most EMV test terminals ship), with an Issuer Public Key
 * Certificate, Signed Static Application Data and ICC Public Key Certificate issued under it and the values
 * recovered from them, as published in the openemv/emv-utils test suite (tests/emv_rsa_test.c). Only the data
 * is taken from there. The static data those signatures cover is not published, so the SDA signature and the ICC
 * certificate are checked field by field after recovery and must fail only at the hash comparison (step 7).
 */
import * as assert from 'uvu/assert';
import { createHash } from 'node:crypto';
import { suite } from '../../support/suite.ts';
import { recoverIccPublicKey, recoverIssuerPublicKey, verifySignedStaticApplicationData } from '../../../emv/oda/verify.ts';
import { rsaPublic } from '../../../emv/oda/rsa.ts';
import type { CaPublicKey } from '../../../emv/oda/ca-keys.ts';
import { fromHex, toHex } from '../../../emv/tlv/hex.ts';
import { assertEmvError } from '../assert-emv-error.ts';
import { concat, flip } from './oda-fixture.ts';

const test = suite('emv/oda/public-vector');

const hex = (lines: readonly string[]): Uint8Array => fromHex(lines.join(''));

// Visa VSDC CA public test key A000000003 / 94, check sum C4A3C43CCF87327D136B804160E47D43B60E6E0F.
const VISA_TEST_CA_94 = hex([
  'ACD2B12302EE644F3F835ABD1FC7A6F62CCE48FFEC622AA8EF062BEF6FB8BA8B',
  'C68BBF6AB5870EED579BC3973E121303D34841A796D6DCBC41DBF9E52C460979',
  '5C0CCF7EE86FA1D5CB041071ED2C51D2202F63F1156C58A92D38BC60BDF424E1',
  '776E2BC9648078A03B36FB554375FC53D57C73F5160EA59F3AFC5398EC7B6775',
  '8D65C9BFF7828B6B82D4BE124A416AB7301914311EA462C19F771F31B3B57336',
  '000DFF732D3B83DE07052D730354D297BEC72871DCCF0E193F171ABA27EE464C',
  '6A97690943D59BDABB2A27EB71CEEBDAFA1176046478FD62FEC452D5CA393296',
  '530AA3F41927ADFE434A2DF2AE3054F8840657A26E0FC617',
]);
const PAN = '4761739001010119';
const ISSUER_CERT = hex([
  '665CD65C20DEAE638C7320EA011E5E2B33FC5070FF7D153D74FE9A01ABFF0B95',
  '87B3779C524577F8A57C19923B39CD3F5CCDD457D360DC2619CDBB94328777BB',
  '905E1CB79E280458F60C8C5593EFD22D6385512B11B7F2EAFE1184CF9066B9B4',
  '7A0BF832045066359AE465473D31B9F830A6DE7D88E969CB456033F8073BEC51',
  '2205920E3DEA773D3E36E1F46C2E8BDDC423FB675CA1710A3D0A06E9C7570919',
  '735190BD6ED65BD5EF92C0416BFE4094EA96A218013838EF337151A8BE7222DC',
  'F0717399553C4DDA16EBABB2DD386A07BDF313D970C1324CAAB885067691E3EE',
  '5E5D8B912799BD53C8E1830237E9EC0A9254D80B2BD3622C',
]);
const ISSUER_MODULUS = hex([
  'DDD9039ACC0BB00E8D6C1A11BD78C055758C5AB4CC6A3735A23DDFCF16A8F7BA',
  '72B7060FD4A77A8F6CA5FB4F11300A671BF14DF26647DCB2DC1D018A78D0F7CB',
  'CA854ECB03D32BEECEDFA849256CCB4B0392F3CC36B838EBFD244C11C58EF44E',
  'D63196E6CD55E0AC7BCA87ED2CC4F475DC9999BA88BA0E00FA860D7763996ED8',
  'A01701E2AC0D285B1198FC8485AADF043FAA3848ED869D6EB3D970F4AC08A974',
  '74278842C85584E34B6FACC07207BC41',
]);
const SSAD = hex([
  '30661BC4D33D38F913D48429E6760FD9BDF2D9172A22F30418A29138A2D35A47',
  '3E2AE42A3A6E6EEDFBF99D6C8C21F12EB96FD717D67AE222DB53863257EC8D7D',
  '649E40F2A64D18659B2FB45D893A995B88AEC4209975975E8DB3AC516D4CDF4A',
  '26681C524F9EA5C3750283A2B8F4569F9A9672DE9B6ED2C529B9611B38F237C8',
  'BDCFF088988CB2DD6599B8E62D4E77EE5386B892BE36B7BFB553A2BFDE900FB7',
  '74C1A544CEB2C5A6CE9968927ED38B87',
]);
const ICC_CERT = hex([
  'A6CDB529A1D8CB538E19A277764C633F3C2F468A6A7CC3B5EF3F5B9838B79003',
  '16A627927569F679EAE367E10160D7A1E08D9F20399F8B6FFE77A564B108DD92',
  '4458A89D966C980D1E52A0093CA1CFA44CB3FCCF102632A799486B409C34C1F6',
  'A3DCC3C1C0EE1C0F6E1EA7A33C1CDAEA9852AAA4B954D429C9EEDBF8803D6D15',
  '9CAB6B8DCAB0694B5850D5F3C4014B45ABCB5B8F69BFC647D94F9E0039439A2D',
  '5584DEAD27729C894615F62AE7AC8216',
]);
const ICC_REMAINDER = hex([
  '4DD8A50B21B9CBF62BFAD4BB3F4CF6B5239F3FD23F8B93E96C84C9CE67DFD703',
  '59153855A8F735CAFBE5',
]);
const ICC_MODULUS = hex([
  'AB02DC02F1CB7D30113FE87A17D38D67A47CA6EC7A7AE10E6FE5B7D5800547B1',
  'B21A2413DD18136126D8B00F021DC7E19CF513DD87149673B3764FF701454347',
  'CCA9C8E310F9DB651DFDC9364F121002E5A795E3ECFB50678177CF4C15A11067',
  'C1006E13AE77122934A38C11F429137A9AA9AF98610BC8B4979B3FC6BC85C34C',
  'AFA2E1B818F54DD8A50B21B9CBF62BFAD4BB3F4CF6B5239F3FD23F8B93E96C84',
  'C9CE67DFD70359153855A8F735CAFBE5',
]);

const ca: CaPublicKey = { rid: fromHex('A000000003'), index: 0x94, key: { modulus: VISA_TEST_CA_94, exponent: fromHex('03') } };
const recoverIssuer = (certificate = ISSUER_CERT, today = { year: 2026, month: 11 }) =>
  recoverIssuerPublicKey({ ca, certificate, exponent: fromHex('03'), pan: PAN, today });

test('the CA key is transcribed right: its check sum is the published one', () => {
  const sum = createHash('sha1').update(ca.rid).update(Uint8Array.of(ca.index)).update(VISA_TEST_CA_94).update(fromHex('03')).digest();
  assert.is(toHex(sum), 'C4A3C43CCF87327D136B804160E47D43B60E6E0F');
});

test('issuer certificate: every Book 2 5.3 check passes and the published issuer modulus comes out', () => {
  const key = recoverIssuer();
  assert.is(toHex(key.modulus), toHex(ISSUER_MODULUS));
  assert.is(toHex(key.exponent), '03');
  // Recovered fields: format 02, issuer 476173FF, expiry 12/31, serial 03DA0A, SHA-1, RSA, 176-byte key, exponent 1 byte.
  assert.is(toHex(rsaPublic(ca.key, ISSUER_CERT).subarray(0, 15)), '6A02476173FF123103DA0A0101B001');
});

test('issuer certificate: the published corrupted copy (last byte 2D) and a later date fail', () => {
  const corrupted = flip(ISSUER_CERT, ISSUER_CERT.length - 1);
  assert.is(toHex(corrupted.subarray(-1)), '2D');
  assertEmvError(() => recoverIssuer(corrupted), 'EMV_CERTIFICATE_INVALID');
  assert.match(assertEmvError(() => recoverIssuer(ISSUER_CERT, { year: 2032, month: 1 }), 'EMV_CERTIFICATE_INVALID').message, /step 9/);
  assert.match(
    assertEmvError(() => recoverIssuerPublicKey({ ca, certificate: ISSUER_CERT, exponent: fromHex('03'), pan: '4761749001010119', today: { year: 2026, month: 1 } }), 'EMV_CERTIFICATE_INVALID').message,
    /step 8/,
  );
});

test('signed static application data: recovers format 03, SHA-1, DAC DAC0 and the published hash', () => {
  const issuerKey = recoverIssuer();
  const x = rsaPublic(issuerKey, SSAD);
  assert.is(toHex(x.subarray(0, 5)), '6A0301DAC0');
  assert.is(toHex(x.subarray(5, 176 - 21)), 'BB'.repeat(176 - 26));
  assert.is(toHex(x.subarray(176 - 21)), '4E2821974D704E338E7218F887763F7BDCE2B814' + 'BC');
  // Steps 1 to 6 pass on the genuine signature; without the card's static data the hash (step 7) cannot match.
  assert.match(assertEmvError(() => verifySignedStaticApplicationData(issuerKey, SSAD, new Uint8Array(0)), 'EMV_SIGNATURE_INVALID').message, /step 7/);
});

test('ICC certificate: recovers the published PAN, expiry, serial and, with the remainder, the ICC modulus', () => {
  const issuerKey = recoverIssuer();
  const x = rsaPublic(issuerKey, ICC_CERT);
  assert.is(toHex(x.subarray(0, 21)), '6A04' + '4761739001010119FFFF' + '1222' + '000001' + '01' + '01' + 'B0' + '01');
  assert.is(toHex(concat(x.subarray(21, 21 + 176 - 42), ICC_REMAINDER)), toHex(ICC_MODULUS));
  assert.is(toHex(x.subarray(176 - 21)), 'B8D9B5F7A12DC0D77FC0B2F7BBACA514939CAD60' + 'BC');
  const recover = (remainder: Uint8Array) => () =>
    recoverIccPublicKey({ issuerKey, certificate: ICC_CERT, remainder, exponent: fromHex('03'), pan: PAN, staticData: new Uint8Array(0), today: { year: 2022, month: 12 } });
  assert.match(assertEmvError(recover(ICC_REMAINDER), 'EMV_CERTIFICATE_INVALID').message, /6\.4 step 7/);
  assert.match(assertEmvError(recover(ICC_REMAINDER.subarray(1)), 'EMV_CERTIFICATE_INVALID').message, /6\.4 step 5/);
});

test.run();
