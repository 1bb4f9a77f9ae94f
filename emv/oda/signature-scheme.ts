import { createHash } from 'node:crypto';
import { EmvError, type EmvErrorCode } from '../errors.ts';
import { checkPublicKey, isBelowModulus, rsaPrivate, rsaPublic, type RsaKeyPair, type RsaPublicKey } from './rsa.ts';
import { concatBytes } from '../tlv/encode-tlv.ts';

// See EMV 4.4 Book 2, Annex A2.1 and Tables 6, 7, 14, 17: the recovered data header and trailer.
export const RECOVERED_DATA_HEADER = 0x6a;
export const RECOVERED_DATA_TRAILER = 0xbc;
/** Hash Algorithm Indicator and Public Key Algorithm Indicator values. See EMV 4.4 Book 2, Annex B3.1 and B2.1. */
export const HASH_ALGORITHM_SHA1 = 0x01;
export const PUBLIC_KEY_ALGORITHM_RSA = 0x01;
/** Length of a SHA-1 hash result. */
export const HASH_LENGTH = 20;
/** Pad byte of certificates and signed data. See EMV 4.4 Book 2, Tables 6, 7, 14, 17. */
export const PAD_BB = 0xbb;

/** SHA-1 of the concatenation of `parts`. See EMV 4.4 Book 2, Annex B3.1. */
export function sha1(...parts: readonly Uint8Array[]): Uint8Array {
  const hash = createHash('sha1');
  for (const part of parts) hash.update(part);
  return new Uint8Array(hash.digest());
}

/**
 * Signs with message recovery: X = 6A || body || SHA-1(body || hashOnly) || BC, S = Sign(SK)[X]. `body` is
 * every recovered field from the format byte to the last data or pad byte, so its length must be N − 22.
 * @remarks See EMV 4.4 Book 2, Annex A2.1.2 (signature generation).
 */
export function signWithRecovery(key: RsaKeyPair, body: Uint8Array, hashOnly: Uint8Array): Uint8Array {
  const n = key.publicKey.modulus.length;
  if (body.length !== n - 2 - HASH_LENGTH) {
    throw new EmvError('EMV_KEY_INVALID', `signed data of ${body.length + 22} bytes does not fit a ${n}-byte key`);
  }
  const x = new Uint8Array(n);
  x[0] = RECOVERED_DATA_HEADER;
  x.set(body, 1);
  x.set(sha1(body, hashOnly), 1 + body.length);
  x[n - 1] = RECOVERED_DATA_TRAILER;
  return rsaPrivate(key, x);
}

/** What {@link recoverSigned} hands back: the fields between header and hash, and the hash result. */
export interface Recovered {
  readonly body: Uint8Array;
  readonly hash: Uint8Array;
}

/**
 * Recovers X = Recover(PK)[S] and checks its length, trailer BC and header 6A, in the order of the spec's steps.
 * Faults are `code` with a message starting with `what` (e.g. "issuer certificate"); a bad key is `EMV_KEY_INVALID`.
 * @remarks See EMV 4.4 Book 2, Annex A2.1.3 (signature verification), 5.3 / 5.4 / 6.3 / 6.4 / 6.5.2 steps 1 to 3.
 */
export function recoverSigned(
  key: RsaPublicKey,
  signed: Uint8Array,
  what: string,
  code: EmvErrorCode,
  steps: string,
): Recovered {
  // A key the terminal should never hold (wrong exponent or size) is the terminal's fault: EMV_KEY_INVALID.
  checkPublicKey(key);
  const n = key.modulus.length;
  // See step 1: the signed object's length equals the length of the signer's modulus.
  if (signed.length !== n) {
    throw new EmvError(code, `${what} (${steps} step 1): ${signed.length} bytes, the key's modulus has ${n}`);
  }
  // See Annex A2.1.3: the recovery function is defined only below the modulus.
  if (!isBelowModulus(key, signed)) throw new EmvError(code, `${what} (${steps} step 1): not smaller than the key's modulus`);
  const x = rsaPublic(key, signed);
  // See step 2: the Recovered Data Trailer.
  if (x[n - 1] !== RECOVERED_DATA_TRAILER) throw new EmvError(code, `${what} (${steps} step 2): trailer is not BC`);
  // See step 3: the Recovered Data Header.
  if (x[0] !== RECOVERED_DATA_HEADER) throw new EmvError(code, `${what} (${steps} step 3): header is not 6A`);
  return { body: x.subarray(1, n - 1 - HASH_LENGTH), hash: x.subarray(n - 1 - HASH_LENGTH, n - 1) };
}

/** Constant-time-enough comparison of two byte strings (public data; length first). */
export function sameBytes(a: Uint8Array, b: Uint8Array): boolean {
  if (a.length !== b.length) return false;
  let diff = 0;
  for (let i = 0; i < a.length; i++) diff |= (a[i] ?? 0) ^ (b[i] ?? 0);
  return diff === 0;
}

export function concat(...parts: readonly Uint8Array[]): Uint8Array {
  return concatBytes(parts);
}
