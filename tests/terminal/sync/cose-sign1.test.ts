import * as assert from 'uvu/assert';
import { createPublicKey, generateKeyPairSync, sign } from 'node:crypto';
import { suite } from '../../support/suite.ts';
import { TerminalError } from '../../../terminal/errors.ts';
import type { KeyStore } from '../../../terminal/keys/key-store.ts';
import { ES256_PROTECTED_HEADER, sigStructure, signCoseSign1, verifyCoseSign1 } from '../../../terminal/sync/cose-sign1.ts';

const test = suite('terminal/sync/cose-sign1');
const hex = (bytes: Uint8Array): string => Buffer.from(bytes).toString('hex');
const unhex = (text: string): Uint8Array => new Uint8Array(Buffer.from(text, 'hex'));
const text = (s: string): Uint8Array => new TextEncoder().encode(s);

// See RFC 9052, Appendix C.2.1 (Single ECDSA Signature), signed with the key of Appendix C.7.1 (kid "11").
const RFC9052_C21 = unhex(
  'd28443a10126a10442313154546869732069732074686520636f6e74656e742e5840' +
    '8eb33e4ca31d1c465ab05aac34cc6b23d58fef5c083106c4d25a91aef0b0117e2af9a291aa32e14ab834dc56ed2a223444547e01f11d3b0916e5a4c345cacb36',
);
const RFC9052_C71_KEY = createPublicKey({
  key: {
    kty: 'EC',
    crv: 'P-256',
    x: Buffer.from('bac5b11cad8f99f9c72b05cf4b9e26d244dc189f745228255a219a86d6a09eff', 'hex').toString('base64url'),
    y: Buffer.from('20138bf82dc1b6d562be0fa54ab7804a3a64b6d72ccfed6b6fb6ed28bbfc117e', 'hex').toString('base64url'),
  },
  format: 'jwk',
});

/** A key store over an in-memory key (the test's stand-in for FileKeyStore or a secure element). */
function memoryKeyStore(): KeyStore & { spki: Uint8Array } {
  const { privateKey, publicKey } = generateKeyPairSync('ec', { namedCurve: 'prime256v1' });
  const spki = new Uint8Array(publicKey.export({ format: 'der', type: 'spki' }));
  return {
    spki,
    publicKey: async () => spki,
    sign: async (data) => new Uint8Array(sign('sha256', data, { key: privateKey, dsaEncoding: 'ieee-p1363' })),
  };
}

test('the RFC 9052 C.2.1 example verifies with the C.7.1 key, with its ToBeSigned bytes', () => {
  const result = verifyCoseSign1(RFC9052_C21, RFC9052_C71_KEY);
  assert.ok(result.ok);
  if (result.ok) {
    assert.is(new TextDecoder().decode(result.payload), 'This is the content.');
    assert.is(new TextDecoder().decode(result.kid), '11');
  }
  // See cose-wg Examples sign1-tests/sign-pass-01 "ToBeSign_hex".
  assert.is(hex(sigStructure(ES256_PROTECTED_HEADER, new Uint8Array(0), text('This is the content.'))),
    '846a5369676e61747572653143a101264054546869732069732074686520636f6e74656e742e');
  assert.ok(verifyCoseSign1(RFC9052_C21.subarray(1), RFC9052_C71_KEY).ok, 'untagged form');
});

test('the RFC example fails with a changed payload, signature, external AAD or another key', () => {
  const payloadAt = 14;
  const changedPayload = RFC9052_C21.slice();
  changedPayload[payloadAt]! ^= 0x01;
  const changedSignature = RFC9052_C21.slice();
  changedSignature[RFC9052_C21.length - 1]! ^= 0x01;
  assert.equal(verifyCoseSign1(changedPayload, RFC9052_C71_KEY), { ok: false, reason: 'SIGNATURE_INVALID' });
  assert.equal(verifyCoseSign1(changedSignature, RFC9052_C71_KEY), { ok: false, reason: 'SIGNATURE_INVALID' });
  assert.not.ok(verifyCoseSign1(RFC9052_C21, RFC9052_C71_KEY, { externalAad: text('x') }).ok);
  assert.not.ok(verifyCoseSign1(RFC9052_C21, memoryKeyStore().spki).ok);
});

test('sign then verify round-trips payload, kid and external AAD; the layout matches the RFC example', async () => {
  const keys = memoryKeyStore();
  const payload = text('batch 12: seq 1001..1100');
  const message = await signCoseSign1(payload, keys, { kid: text('11'), externalAad: text('terminal 42') });
  assert.is(hex(message.subarray(0, 10)), 'd28443a10126a1044231');
  const result = verifyCoseSign1(message, keys.spki, { externalAad: text('terminal 42') });
  assert.ok(result.ok);
  if (result.ok) assert.equal([hex(result.payload), hex(result.kid!)], [hex(payload), hex(text('11'))]);
  assert.not.ok(verifyCoseSign1(message, keys.spki).ok, 'AAD is bound');
  const untagged = await signCoseSign1(payload, keys, { tagged: false });
  assert.is(hex(untagged.subarray(0, 5)), '8443a10126');
  assert.is(untagged[5], 0xa0);
  assert.ok(verifyCoseSign1(untagged, keys.spki).ok);
});

test('every truncation and other shapes are TERM_COSE_MALFORMED, never a crash or a pass', () => {
  const isMalformed = (e: unknown): boolean => e instanceof TerminalError && e.code === 'TERM_COSE_MALFORMED';
  for (let cut = 0; cut < RFC9052_C21.length; cut++) {
    assert.throws(() => verifyCoseSign1(RFC9052_C21.subarray(0, cut), RFC9052_C71_KEY), isMalformed, `cut ${cut}`);
  }
  const variants = [
    'd28343a10126a0' /* 3 items */,
    'd28443a10127a0' /* alg -8 */,
    'd28443a10126a10126' /* alg unprotected */,
    'd28443a101265f' /* indefinite */,
  ];
  for (const v of variants) assert.throws(() => verifyCoseSign1(unhex(v + '4040'), RFC9052_C71_KEY), isMalformed, v);
  assert.throws(() => verifyCoseSign1(new Uint8Array([...RFC9052_C21, 0]), RFC9052_C71_KEY), isMalformed, 'trailing');
  const shortSig = unhex('d28443a10126a04140' + '4100');
  assert.throws(() => verifyCoseSign1(shortSig, RFC9052_C71_KEY), isMalformed, 'short signature');
});

test.run();
