/**
 * ECDSA P-256 over node:crypto for the schemas: public keys travel as 33-byte compressed SEC1 points, signatures as
 * raw r||s (64 bytes, `ieee-p1363`), the message is hashed with SHA-256. A key id is the first 8 bytes of
 * SHA-256 over the compressed point (the way X.509's subject key identifier hashes the key).
 */
import { createHash, createPrivateKey, createPublicKey, sign, verify } from 'node:crypto';
import type { KeyObject } from 'node:crypto';

export const P256_POINT_LENGTH = 33;
export const P256_SIGNATURE_LENGTH = 64;
export const KEY_ID_LENGTH = 8;

// See RFC 5480, 2: SubjectPublicKeyInfo { id-ecPublicKey, secp256r1 } followed by a 33-byte BIT STRING (compressed point).
const SPKI_COMPRESSED_PREFIX = Buffer.from('3039301306072a8648ce3d020106082a8648ce3d030107032200', 'hex');

/** Imports a compressed P-256 point; throws (a node:crypto error) if it is not a point on the curve. */
export function publicKeyFromPoint(point: Uint8Array): KeyObject {
  if (point.length !== P256_POINT_LENGTH || (point[0] !== 0x02 && point[0] !== 0x03)) {
    throw new RangeError('expected a 33-byte compressed P-256 point');
  }
  return createPublicKey({ key: Buffer.concat([SPKI_COMPRESSED_PREFIX, point]), format: 'der', type: 'spki' });
}

/** True if `point` is a 33-byte compressed point on P-256. */
export function isP256Point(point: Uint8Array): boolean {
  try {
    publicKeyFromPoint(point);
    return true;
  } catch {
    return false;
  }
}

/** The compressed point (33 bytes) of a P-256 public or private key. */
export function compressedPoint(key: KeyObject): Uint8Array {
  const jwk = key.export({ format: 'jwk' });
  if (jwk.crv !== 'P-256' || jwk.x === undefined || jwk.y === undefined) throw new RangeError('expected a P-256 key');
  const x = Buffer.from(jwk.x, 'base64url');
  const y = Buffer.from(jwk.y, 'base64url');
  const point = new Uint8Array(P256_POINT_LENGTH);
  point[0] = 0x02 | (y[y.length - 1]! & 1);
  point.set(x, 1);
  return point;
}

/** A P-256 private key from a 32-byte scalar (test keys and provisioning; the scalar must be in 1..n-1). */
export function privateKeyFromScalar(scalar: Uint8Array): KeyObject {
  // See RFC 5915, 3: ECPrivateKey { version 1, privateKey, [0] secp256r1 }; node:crypto derives the public point.
  if (scalar.length !== 32) throw new RangeError('expected a 32-byte scalar');
  const sec1 = Buffer.concat([Buffer.from('30310201010420', 'hex'), scalar, Buffer.from('a00a06082a8648ce3d030107', 'hex')]);
  return createPrivateKey({ key: sec1, format: 'der', type: 'sec1' });
}

/** Signs `message` (SHA-256, ECDSA P-256), returning raw r||s (64 bytes). Signatures are randomized. */
export function signP256(privateKey: KeyObject, message: Uint8Array): Uint8Array {
  return new Uint8Array(sign('sha256', message, { key: privateKey, dsaEncoding: 'ieee-p1363' }));
}

/** Verifies a raw r||s signature; false (never a throw) for a bad key, a bad signature or a wrong length. */
export function verifyP256(publicKey: Uint8Array | KeyObject, message: Uint8Array, signature: Uint8Array): boolean {
  if (signature.length !== P256_SIGNATURE_LENGTH) return false;
  try {
    const key = publicKey instanceof Uint8Array ? publicKeyFromPoint(publicKey) : publicKey;
    return verify('sha256', message, { key, dsaEncoding: 'ieee-p1363' }, signature);
  } catch {
    return false;
  }
}

/** The key id of a compressed point: SHA-256(point)[0..8]. */
export function keyIdOf(point: Uint8Array): Uint8Array {
  return new Uint8Array(createHash('sha256').update(point).digest().subarray(0, KEY_ID_LENGTH));
}
