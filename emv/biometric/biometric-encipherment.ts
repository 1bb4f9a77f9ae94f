import { createCipheriv, createDecipheriv, createHash, createHmac, timingSafeEqual } from 'node:crypto';

/**
 * The symmetric half of RSA biometric encipherment: the key derivation (KDF1 with SHA-256) and the data
 * encapsulation mechanism DEM1 (SC1 = AES-128 in CBC mode; MA = HMAC-SHA-256 truncated to 8 bytes, label L
 * null). Pure functions over bytes; every value here is a secret or derived from one: never log them.
 * @remarks See EMV 4.4 Book 2, 7.3 steps 3c, 3d, 3f, 3g, 6c, 6d, 6e; ISO/IEC 18033-2, 6.2 (KDF1), 9.1 (DEM1),
 * 6.5 (SC1).
 */

/** Length of K = BEK || BMK. See EMV 4.4 Book 2, 7.3 step 3c: K = KDF1(R, 48). */
export const BIOMETRIC_KEY_LENGTH = 48;
/** Length of the Biometric Encryption Key (AES-128). See EMV 4.4 Book 2, 7.3 step 3d. */
export const BEK_LENGTH = 16;
/** Length of the Biometric MAC Key. See EMV 4.4 Book 2, 7.3 step 3d. */
export const BMK_LENGTH = 32;
/** Length of the MAC of Enciphered Biometric Data (DF52). See EMV 4.4 Book 2, 7.3 step 3g and Table 27. */
export const BIOMETRIC_MAC_LENGTH = 8;
const AES_BLOCK = 16;
const ZERO_IV = new Uint8Array(AES_BLOCK);

/**
 * KDF1 of ISO/IEC 18033-2 with SHA-256: the first `length` bytes of
 * SHA-256(x || I2OSP(0, 4)) || SHA-256(x || I2OSP(1, 4)) || ...
 * UNCONFIRMED from the standard's text (ISO/IEC 18033-2 is not in the library; EMV 4.4 Book 2, 7.3 step 3c only
 * names "KDF1"): the 4-byte big-endian counter appended to x and starting at 0 (KDF2 starts at 1) agrees with
 * Botan's KDF1_18033, which was read for this and not copied.
 * @remarks See EMV 4.4 Book 2, 7.3 step 3c; ISO/IEC 18033-2, 6.2.2.
 */
export function kdf1Sha256(x: Uint8Array, length: number): Uint8Array {
  const out = new Uint8Array(length);
  for (let counter = 0, at = 0; at < length; counter++) {
    const c = Uint8Array.of(counter >>> 24, (counter >>> 16) & 0xff, (counter >>> 8) & 0xff, counter & 0xff);
    const block = createHash('sha256').update(x).update(c).digest();
    const take = Math.min(block.length, length - at);
    out.set(block.subarray(0, take), at);
    at += take;
  }
  return out;
}

/** K = KDF1(R, 48) split into BEK (16 most significant bytes) and BMK (32 least significant). */
export function deriveBiometricKeys(seed: Uint8Array): { readonly bek: Uint8Array; readonly bmk: Uint8Array } {
  // See EMV 4.4 Book 2, 7.3 steps 3c-3d (terminal) and 6c (card).
  const k = kdf1Sha256(seed, BIOMETRIC_KEY_LENGTH);
  return { bek: k.subarray(0, BEK_LENGTH), bmk: k.subarray(BEK_LENGTH) };
}

/**
 * SC1 encryption: the message padded with `p` bytes of value `p` (1 to 16, a whole block when already aligned),
 * then AES-128-CBC with a zero IV.
 * UNCONFIRMED: the padding rule is ISO/IEC 18033-2 SC1 as recalled (the standard is not in the library; EMV 4.4
 * Book 2, 7.3 step 3f only names SC1 with AES-128).
 * @remarks See EMV 4.4 Book 2, 7.3 step 3f; ISO/IEC 18033-2, 6.5.1.
 */
export function sc1Encrypt(bek: Uint8Array, message: Uint8Array): Uint8Array {
  const pad = AES_BLOCK - (message.length % AES_BLOCK);
  const padded = new Uint8Array(message.length + pad);
  padded.set(message);
  padded.fill(pad, message.length);
  const cipher = createCipheriv('aes-128-cbc', bek, ZERO_IV).setAutoPadding(false);
  return concat(cipher.update(padded), cipher.final());
}

/** SC1 decryption; `undefined` when the length is not a whole number of blocks or the padding is wrong. */
export function sc1Decrypt(bek: Uint8Array, ciphertext: Uint8Array): Uint8Array | undefined {
  if (ciphertext.length === 0 || ciphertext.length % AES_BLOCK !== 0) return undefined;
  const decipher = createDecipheriv('aes-128-cbc', bek, ZERO_IV).setAutoPadding(false);
  const padded = concat(decipher.update(ciphertext), decipher.final());
  const pad = padded[padded.length - 1]!;
  if (pad < 1 || pad > AES_BLOCK) return undefined;
  for (let i = padded.length - pad; i < padded.length; i++) if (padded[i] !== pad) return undefined;
  return padded.subarray(0, padded.length - pad);
}

/**
 * The DEM1 tag: HMAC-SHA-256 under BMK over C || L || I2OSP(8·|L|, 8) with L null, i.e. over C followed by eight
 * zero bytes, its 8 leftmost bytes kept.
 * @remarks See EMV 4.4 Book 2, 7.3 step 3g ("the HMAC is computed over the Enciphered Biometric Data appended
 * with 8 zero bytes") and step 6d; ISO/IEC 9797-2 (HMAC, truncation to the leftmost bits).
 */
export function dem1Mac(bmk: Uint8Array, ciphertext: Uint8Array): Uint8Array {
  const mac = createHmac('sha256', bmk).update(ciphertext).update(new Uint8Array(8)).digest();
  return new Uint8Array(mac.subarray(0, BIOMETRIC_MAC_LENGTH));
}

/** Constant-time comparison of two MACs (false when the lengths differ). */
export function macEquals(a: Uint8Array, b: Uint8Array): boolean {
  return a.length === b.length && timingSafeEqual(a, b);
}

function concat(a: Uint8Array, b: Uint8Array): Uint8Array {
  const out = new Uint8Array(a.length + b.length);
  out.set(a);
  out.set(b, a.length);
  return out;
}
