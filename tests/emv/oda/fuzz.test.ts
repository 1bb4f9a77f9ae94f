/**
 * Fuzzes offline data authentication with seeded random and bit-flipped inputs: certificates, remainders,
 * exponents, signatures, keys, PANs and dates for the recovery and verification functions; record bodies for the
 * static data builder; DER for the key decoder. Every call must return or throw an `EmvError` with an expected
 * code; any other exception fails naming the seed and case. A mutated genuine input must never verify.
 *
 * Reproduce: KART_FUZZ_SEED=<seed> node --import tsx tests/emv/oda/fuzz.test.ts
 */
import * as assert from 'uvu/assert';
import { suite } from '../../support/suite.ts';
import { EmvError, type EmvErrorCode } from '../../../emv/errors.ts';
import {
  recoverIccPublicKey,
  recoverIssuerPublicKey,
  verifyCdaSignature,
  verifySignedDynamicApplicationData,
  verifySignedStaticApplicationData,
} from '../../../emv/oda/verify.ts';
import { staticDataToAuthenticate } from '../../../emv/oda/static-data.ts';
import { decodeRsaKeyPair, encodeRsaKeyPair, rsaPrivate, rsaPublic, type RsaPublicKey } from '../../../emv/oda/rsa.ts';
import { createSeededRandom, type SeededRandom } from '../../../terminal/journal/seeded-random.ts';
import { toHex } from '../../../emv/tlv/hex.ts';
import { CID_ARQC, DDOL_DATA, PAN, STATIC_DATA, TODAY, UN, buildChain } from './oda-fixture.ts';

const BASE_SEED = Number(process.env['KART_FUZZ_SEED'] ?? 0x4f444121) >>> 0;
console.log(`fuzz seed: ${BASE_SEED} (set KART_FUZZ_SEED to reproduce)`);

const test = suite('emv/oda/fuzz');
const chain = buildChain();
const issuerKey = chain.issuerPair.publicKey;
const iccKey = chain.iccPair.publicKey;

function bytes(random: SeededRandom, length: number): Uint8Array {
  const out = new Uint8Array(length);
  for (let i = 0; i < length; i++) out[i] = random.int(256);
  return out;
}

/** A copy of `input` with 1 to 3 bits flipped (never zero changes). */
function flipBits(random: SeededRandom, input: Uint8Array): Uint8Array {
  const out = input.slice();
  if (out.length === 0) return Uint8Array.of(random.int(256));
  const flips = 1 + random.int(3);
  for (let i = 0; i < flips; i++) {
    const at = random.int(out.length);
    out[at] = (out[at] ?? 0) ^ (1 << random.int(8));
  }
  if (toHex(out) === toHex(input)) out[0] = (out[0] ?? 0) ^ 0x80;
  return out;
}

/** Random-length variant: exact length most of the time, sometimes one off or empty. */
function someLength(random: SeededRandom, n: number): number {
  const r = random.int(10);
  return r < 7 ? n : r === 7 ? n + 1 : r === 8 ? Math.max(0, n - 1) : random.int(2 * n + 2);
}

function somePan(random: SeededRandom): string {
  const r = random.int(6);
  if (r < 3) return PAN;
  if (r === 3) return String(random.int(1e9)).padStart(1 + random.int(19), '8').slice(0, 19);
  if (r === 4) return '';
  return 'X' + PAN.slice(1);
}

function someExponent(random: SeededRandom, genuine: Uint8Array): Uint8Array {
  const r = random.int(5);
  return r < 3 ? genuine : r === 3 ? Uint8Array.of(1, 0, 1) : bytes(random, random.int(4));
}

/** A random public key: usually the genuine one, sometimes random bytes of a random size and exponent. */
function someKey(random: SeededRandom, genuine: RsaPublicKey): RsaPublicKey {
  if (random.int(4) > 0) return genuine;
  return { modulus: bytes(random, someLength(random, genuine.modulus.length)), exponent: someExponent(random, genuine.exponent) };
}

/** Runs `fn`; returns whether it succeeded. Fails on any non-EmvError or an unexpected code. */
function guarded(what: string, seed: number, index: number, allowed: readonly EmvErrorCode[], fn: () => unknown): boolean {
  try {
    fn();
    return true;
  } catch (error) {
    if (!(error instanceof EmvError)) {
      assert.unreachable(`${what}: seed ${seed} case ${index}: ${String(error)}`);
    }
    if (!allowed.includes((error as EmvError).code)) {
      assert.unreachable(`${what}: seed ${seed} case ${index}: unexpected ${(error as EmvError).code}: ${(error as Error).message}`);
    }
    return false;
  }
}

const CERT_CODES: readonly EmvErrorCode[] = ['EMV_CERTIFICATE_INVALID', 'EMV_CARD_DATA_INVALID', 'EMV_KEY_INVALID'];
const SIG_CODES: readonly EmvErrorCode[] = ['EMV_SIGNATURE_INVALID', 'EMV_KEY_INVALID'];
const CASES = 10_000;

test('issuer and ICC certificates: random and bit-flipped inputs give typed errors, never a forgery', () => {
  const seed = BASE_SEED;
  const random = createSeededRandom(seed);
  for (let i = 0; i < CASES; i++) {
    const mode = random.int(4);
    const genuine = { certificate: chain.issuerCert.certificate, remainder: chain.issuerCert.remainder, exponent: chain.issuerCert.exponent };
    const input = { ...genuine };
    if (mode === 0) input.certificate = bytes(random, someLength(random, 176));
    else if (mode === 1) input.certificate = flipBits(random, genuine.certificate);
    else if (mode === 2) input.remainder = random.int(2) ? flipBits(random, genuine.remainder) : bytes(random, random.int(8));
    else input.exponent = flipBits(random, genuine.exponent);
    const ok = guarded('issuer', seed, i, CERT_CODES, () =>
      recoverIssuerPublicKey({ ca: { ...chain.ca, key: someKey(random, chain.ca.key) }, ...input, pan: somePan(random), today: TODAY }));
    assert.not.ok(ok, `issuer: seed ${seed} case ${i}: a mutated certificate recovered`);
  }
  for (let i = 0; i < CASES; i++) {
    const mode = random.int(5);
    const genuine = { certificate: chain.iccCert.certificate, remainder: chain.iccCert.remainder, exponent: chain.iccCert.exponent, staticData: STATIC_DATA };
    const input = { ...genuine };
    if (mode === 0) input.certificate = bytes(random, someLength(random, 144));
    else if (mode === 1) input.certificate = flipBits(random, genuine.certificate);
    else if (mode === 2) input.remainder = flipBits(random, genuine.remainder);
    else if (mode === 3) input.exponent = flipBits(random, genuine.exponent);
    else input.staticData = flipBits(random, genuine.staticData);
    const ok = guarded('icc', seed, i, CERT_CODES, () =>
      recoverIccPublicKey({ issuerKey: someKey(random, issuerKey), ...input, pan: somePan(random), today: TODAY }));
    assert.not.ok(ok, `icc: seed ${seed} case ${i}: a mutated certificate recovered`);
  }
});

test('SDA, DDA and CDA signatures: random and bit-flipped inputs give typed errors, never a forgery', () => {
  const seed = BASE_SEED + 1;
  const random = createSeededRandom(seed);
  for (let i = 0; i < CASES; i++) {
    const target = random.int(3);
    const mutateData = random.int(4) === 0;
    if (target === 0) {
      const signed = mutateData ? chain.ssad : random.int(2) ? flipBits(random, chain.ssad) : bytes(random, someLength(random, 144));
      const data = mutateData ? flipBits(random, STATIC_DATA) : STATIC_DATA;
      const ok = guarded('sda', seed, i, SIG_CODES, () => verifySignedStaticApplicationData(someKey(random, issuerKey), signed, data));
      assert.not.ok(ok, `sda: seed ${seed} case ${i}: a mutated signature verified`);
    } else if (target === 1) {
      const signed = mutateData ? chain.sdad : random.int(2) ? flipBits(random, chain.sdad) : bytes(random, someLength(random, 128));
      const data = mutateData ? flipBits(random, DDOL_DATA) : DDOL_DATA;
      const ok = guarded('dda', seed, i, SIG_CODES, () => verifySignedDynamicApplicationData(someKey(random, iccKey), signed, data));
      assert.not.ok(ok, `dda: seed ${seed} case ${i}: a mutated signature verified`);
    } else {
      const signed = mutateData ? chain.cdaSdad : random.int(2) ? flipBits(random, chain.cdaSdad) : bytes(random, someLength(random, 128));
      const which = random.int(3);
      const input = {
        unpredictableNumber: mutateData && which === 0 ? flipBits(random, UN) : UN,
        cryptogramInformationData: mutateData && which === 1 ? CID_ARQC ^ (1 << random.int(8)) : CID_ARQC,
        transactionDataHashCode: mutateData && which === 2 ? flipBits(random, chain.cdaTdhc) : chain.cdaTdhc,
      };
      const ok = guarded('cda', seed, i, SIG_CODES, () => verifyCdaSignature(someKey(random, iccKey), signed, input));
      assert.not.ok(ok, `cda: seed ${seed} case ${i}: a mutated signature verified`);
    }
  }
});

test('static data to authenticate: random record bodies and SFIs give the data or EMV_CARD_DATA_INVALID', () => {
  const seed = BASE_SEED + 2;
  const random = createSeededRandom(seed);
  for (let i = 0; i < 20_000; i++) {
    const records = Array.from({ length: 1 + random.int(3) }, () => {
      const length = random.int(300);
      const body = random.int(3) === 0 ? bytes(random, length) : new Uint8Array([0x70, ...encodeLength(random, length), ...bytes(random, length)]);
      return { sfi: random.int(4) === 0 ? random.int(40) - 5 : 1 + random.int(30), body: random.int(4) === 0 ? flipBits(random, body) : body };
    });
    guarded('static-data', seed, i, ['EMV_CARD_DATA_INVALID'], () => staticDataToAuthenticate(records));
  }
});

test('decodeRsaKeyPair: random and bit-flipped DER give a working key pair or EMV_KEY_INVALID', () => {
  const seed = BASE_SEED + 3;
  const random = createSeededRandom(seed);
  const der = encodeRsaKeyPair(chain.iccPair);
  for (let i = 0; i < 1500; i++) {
    const input = random.int(3) === 0 ? bytes(random, random.int(700)) : flipBits(random, der);
    guarded('decode-key', seed, i, ['EMV_KEY_INVALID'], () => {
      const pair = decodeRsaKeyPair(input);
      // Whatever decodes must sign: its signatures recover under its own public key.
      const block = new Uint8Array(pair.publicKey.modulus.length).fill(0x33);
      assert.is(toHex(rsaPublic(pair.publicKey, rsaPrivate(pair, block))), toHex(block), `decode-key: seed ${seed} case ${i}`);
    });
  }
});

function encodeLength(random: SeededRandom, length: number): number[] {
  if (length < 0x80 && random.int(4) > 0) return [length];
  if (length < 0x100 && random.int(2) === 0) return [0x81, length];
  return [0x82, length >> 8, length & 0xff];
}

test.run();
