import { createPrivateKey, generateKeyPairSync, privateDecrypt, constants, type KeyObject } from 'node:crypto';
import { EmvError } from '../errors.ts';

/**
 * An RSA public key as EMV carries it: the modulus and the exponent as unsigned big-endian bytes.
 * @remarks See EMV 4.4 Book 2, Annex B2.1 (RSA: the exponent is 3 or 2^16 + 1; moduli up to 1984 bits).
 */
export interface RsaPublicKey {
  readonly modulus: Uint8Array;
  /** `03` or `01 00 01`. */
  readonly exponent: Uint8Array;
}

/**
 * An RSA private key: opaque to callers, who sign with {@link rsaPrivate} and store it with
 * {@link encodeRsaKeyPair}. Never log it.
 */
export interface RsaPrivateKey {
  readonly keyObject: KeyObject;
  /** Modulus length in bits (a multiple of 8). */
  readonly modulusLength: number;
}

export interface RsaKeyPair {
  readonly publicKey: RsaPublicKey;
  readonly privateKey: RsaPrivateKey;
}

/** Longest modulus EMV allows: 1984 bits. See EMV 4.4 Book 2, Annex B2.1. */
export const MAX_MODULUS_BYTES = 248;
/** Shortest modulus this module accepts (EMV keys are far longer; this only keeps arithmetic meaningful). */
export const MIN_MODULUS_BYTES = 64;

/**
 * Generates an RSA key pair for EMV use: `modulusBits` a multiple of 8 from 512 to 1984, exponent 3 (default)
 * or 65537. Throws `EMV_KEY_INVALID` for any other size or exponent.
 * @remarks See EMV 4.4 Book 2, Annex B2.1.
 */
export function generateRsaKeyPair(modulusBits: number, exponent: 3 | 65537 = 3): RsaKeyPair {
  if (
    !Number.isInteger(modulusBits) ||
    modulusBits % 8 !== 0 ||
    modulusBits < MIN_MODULUS_BYTES * 8 ||
    modulusBits > MAX_MODULUS_BYTES * 8
  ) {
    throw new EmvError('EMV_KEY_INVALID', `an EMV RSA modulus is a whole number of bytes, 512 to 1984 bits, not ${modulusBits}`);
  }
  if (exponent !== 3 && exponent !== 65537) {
    throw new EmvError('EMV_KEY_INVALID', `an EMV RSA exponent is 3 or 65537, not ${String(exponent)}`);
  }
  const { privateKey } = generateKeyPairSync('rsa', { modulusLength: modulusBits, publicExponent: exponent });
  return keyPairOf(privateKey);
}

/**
 * The raw RSA public operation `block^e mod n`. `block` must have exactly the modulus's length and be smaller
 * than it; the key's exponent must be 3 or 65537 and its modulus 64 to 248 bytes, its leftmost bit 1.
 * Throws `EMV_KEY_INVALID` otherwise. The result has the modulus's length.
 * @remarks See EMV 4.4 Book 2, Annex A2.1 (recovery: X = Recover(PK)[S]) and B2.1.
 */
export function rsaPublic(key: RsaPublicKey, block: Uint8Array): Uint8Array {
  checkPublicKey(key);
  const length = key.modulus.length;
  if (block.length !== length) {
    throw new EmvError('EMV_KEY_INVALID', `RSA input has ${block.length} bytes, the modulus ${length}`);
  }
  const n = toBigInt(key.modulus);
  const x = toBigInt(block);
  if (x >= n) throw new EmvError('EMV_KEY_INVALID', 'RSA input is not smaller than the modulus');
  const e = toBigInt(key.exponent);
  return fromBigInt(modPow(x, e, n), length);
}

/** Whether `block`, read as an unsigned big-endian number, is smaller than the key's modulus. */
export function isBelowModulus(key: RsaPublicKey, block: Uint8Array): boolean {
  return toBigInt(block) < toBigInt(key.modulus);
}

/**
 * The raw RSA private operation `block^d mod n` (signing with message recovery). `block` must have exactly the
 * modulus's length and be smaller than it; throws `EMV_KEY_INVALID` otherwise.
 * @remarks See EMV 4.4 Book 2, Annex A2.1 (S = Sign(SK)[X]).
 */
export function rsaPrivate(key: RsaKeyPair, block: Uint8Array): Uint8Array {
  const length = key.publicKey.modulus.length;
  if (block.length !== length) {
    throw new EmvError('EMV_KEY_INVALID', `RSA input has ${block.length} bytes, the modulus ${length}`);
  }
  if (toBigInt(block) >= toBigInt(key.publicKey.modulus)) {
    throw new EmvError('EMV_KEY_INVALID', 'RSA input is not smaller than the modulus');
  }
  try {
    const out = privateDecrypt({ key: key.privateKey.keyObject, padding: constants.RSA_NO_PADDING }, block);
    return leftPad(new Uint8Array(out.buffer, out.byteOffset, out.byteLength), length);
  } catch (cause) {
    throw new EmvError('EMV_KEY_INVALID', 'the RSA private operation failed', { cause });
  }
}

/**
 * The key pair as bytes for a card's persistent memory: the private key as DER PKCS#1 RSAPrivateKey (which holds
 * the public key too). A secret: never log it.
 */
export function encodeRsaKeyPair(key: RsaKeyPair): Uint8Array {
  const der = key.privateKey.keyObject.export({ format: 'der', type: 'pkcs1' });
  return new Uint8Array(der.buffer.slice(der.byteOffset, der.byteOffset + der.byteLength));
}

/**
 * The key pair {@link encodeRsaKeyPair} stored. Throws `EMV_KEY_INVALID` for bytes that are not a DER PKCS#1
 * RSA private key, for a key EMV does not allow (exponent other than 3 or 65537, modulus not 512 to 1984 bits
 * in whole bytes), or for a private half that does not invert the public half (damaged storage).
 */
export function decodeRsaKeyPair(bytes: Uint8Array): RsaKeyPair {
  let keyObject: KeyObject;
  try {
    keyObject = createPrivateKey({ key: Buffer.from(bytes), format: 'der', type: 'pkcs1' });
  } catch (cause) {
    throw new EmvError('EMV_KEY_INVALID', 'not a DER PKCS#1 RSA private key', { cause });
  }
  if (keyObject.asymmetricKeyType !== 'rsa') throw new EmvError('EMV_KEY_INVALID', 'not an RSA private key');
  const pair = keyPairOf(keyObject);
  checkPublicKey(pair.publicKey);
  // A damaged private half (a flipped CRT parameter) still parses: check that it inverts the public half.
  const probe = new Uint8Array(pair.publicKey.modulus.length);
  probe[0] = 0x6a;
  probe[probe.length - 1] = 0xbc;
  let back: Uint8Array;
  try {
    back = rsaPublic(pair.publicKey, rsaPrivate(pair, probe));
  } catch (cause) {
    throw new EmvError('EMV_KEY_INVALID', 'the RSA private key does not match its public key', { cause });
  }
  if (Buffer.compare(back, probe) !== 0) throw new EmvError('EMV_KEY_INVALID', 'the RSA private key does not match its public key');
  return pair;
}

/** Throws `EMV_KEY_INVALID` unless `key` has an EMV exponent and a modulus of 64 to 248 bytes, leftmost bit 1. */
export function checkPublicKey(key: RsaPublicKey): void {
  const n = key.modulus;
  if (n.length < MIN_MODULUS_BYTES || n.length > MAX_MODULUS_BYTES) {
    throw new EmvError('EMV_KEY_INVALID', `an RSA modulus of ${n.length} bytes is outside 64..248`);
  }
  // See EMV 4.4 Book 2, 5.1 and 6.1: the leftmost bit of the leftmost byte of a modulus is 1.
  if ((n[0] ?? 0) < 0x80) throw new EmvError('EMV_KEY_INVALID', 'the RSA modulus does not start with a 1 bit');
  if (!isEmvExponent(key.exponent)) {
    throw new EmvError('EMV_KEY_INVALID', 'the RSA exponent is neither 03 nor 01 00 01');
  }
}

/** Whether `exponent` is `03` or `01 00 01`, the two EMV allows. See EMV 4.4 Book 2, Annex B2.1. */
export function isEmvExponent(exponent: Uint8Array): boolean {
  return (
    (exponent.length === 1 && exponent[0] === 0x03) ||
    (exponent.length === 3 && exponent[0] === 0x01 && exponent[1] === 0x00 && exponent[2] === 0x01)
  );
}

function keyPairOf(privateKey: KeyObject): RsaKeyPair {
  const jwk = privateKey.export({ format: 'jwk' });
  if (typeof jwk.n !== 'string' || typeof jwk.e !== 'string') throw new EmvError('EMV_KEY_INVALID', 'not an RSA key');
  const modulus = stripLeadingZeros(new Uint8Array(Buffer.from(jwk.n, 'base64url')));
  const exponent = stripLeadingZeros(new Uint8Array(Buffer.from(jwk.e, 'base64url')));
  if (modulus.length < MIN_MODULUS_BYTES || modulus.length > MAX_MODULUS_BYTES || (modulus[0] ?? 0) < 0x80) {
    throw new EmvError('EMV_KEY_INVALID', `an EMV RSA modulus is a whole number of bytes, 512 to 1984 bits`);
  }
  return { publicKey: { modulus, exponent }, privateKey: { keyObject: privateKey, modulusLength: modulus.length * 8 } };
}

function stripLeadingZeros(bytes: Uint8Array): Uint8Array {
  let i = 0;
  while (i < bytes.length - 1 && bytes[i] === 0) i++;
  return bytes.slice(i);
}

function leftPad(bytes: Uint8Array, length: number): Uint8Array {
  if (bytes.length === length) return bytes.slice();
  const out = new Uint8Array(length);
  out.set(bytes.subarray(Math.max(0, bytes.length - length)), Math.max(0, length - bytes.length));
  return out;
}

function toBigInt(bytes: Uint8Array): bigint {
  if (bytes.length === 0) return 0n;
  return BigInt('0x' + Buffer.from(bytes).toString('hex'));
}

function fromBigInt(value: bigint, length: number): Uint8Array {
  const hex = value.toString(16).padStart(length * 2, '0');
  return new Uint8Array(Buffer.from(hex, 'hex'));
}

function modPow(base: bigint, exponent: bigint, modulus: bigint): bigint {
  let result = 1n;
  let b = base % modulus;
  let e = exponent;
  while (e > 0n) {
    if (e & 1n) result = (result * b) % modulus;
    b = (b * b) % modulus;
    e >>= 1n;
  }
  return result;
}
