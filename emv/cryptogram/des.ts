import { createCipheriv, createDecipheriv } from 'node:crypto';
import { EmvError } from '../errors.ts';

/** DES and Triple DES block size in bytes. */
export const DES_BLOCK = 8;

/**
 * Triple DES keying option 1/2 from an 8-, 16- or 24-byte key, as the 24-byte key node:crypto wants:
 * single DES is 3DES with K1 = K2 = K3 (OpenSSL 3 moved plain `des-ecb` to the legacy provider), a double-length
 * key is K1 || K2 || K1.
 * @remarks See EMV 4.4 Book 2, B1.1 (Triple DES: encipherment with K1 (KL), decipherment with K2 (KR),
 * encipherment with K1 again).
 */
function tripleKey(key: Uint8Array): Buffer {
  switch (key.length) {
    case 8:
      return Buffer.concat([key, key, key]);
    case 16:
      return Buffer.concat([key, key.subarray(0, 8)]);
    case 24:
      return Buffer.from(key);
    default:
      throw new EmvError('EMV_KEY_INVALID', `a DES key is 8, 16 or 24 bytes, got ${key.length}`);
  }
}

function checkBlocks(data: Uint8Array): void {
  if (data.length === 0 || data.length % DES_BLOCK !== 0) {
    throw new EmvError('EMV_FORMAT_INVALID', `DES input must be whole 8-byte blocks, got ${data.length} bytes`);
  }
}

/** ECB encipherment with single DES (8-byte key) or Triple DES (16 or 24 bytes); `data` is whole blocks. */
export function desEncryptEcb(key: Uint8Array, data: Uint8Array): Uint8Array {
  checkBlocks(data);
  const cipher = createCipheriv('des-ede3-ecb', tripleKey(key), null).setAutoPadding(false);
  return new Uint8Array(Buffer.concat([cipher.update(data), cipher.final()]));
}

/** ECB decipherment, the inverse of {@link desEncryptEcb}. */
export function desDecryptEcb(key: Uint8Array, data: Uint8Array): Uint8Array {
  checkBlocks(data);
  const decipher = createDecipheriv('des-ede3-ecb', tripleKey(key), null).setAutoPadding(false);
  return new Uint8Array(Buffer.concat([decipher.update(data), decipher.final()]));
}

/**
 * CBC encipherment with a zero initial value; `data` is whole blocks.
 * @remarks See EMV 4.4 Book 2, A1.1 (CBC mode, Y0 = '00' x 8).
 */
export function desEncryptCbc(key: Uint8Array, data: Uint8Array): Uint8Array {
  checkBlocks(data);
  const cipher = createCipheriv('des-ede3-cbc', tripleKey(key), Buffer.alloc(DES_BLOCK)).setAutoPadding(false);
  return new Uint8Array(Buffer.concat([cipher.update(data), cipher.final()]));
}

/**
 * Sets each byte's least significant bit so the byte has odd parity (the DES key parity convention).
 * @remarks See EMV 4.4 Book 2, A1.4.1 step 3 (the ICC master key is Z with odd parity).
 */
export function withOddParity(key: Uint8Array): Uint8Array {
  const out = new Uint8Array(key.length);
  for (let i = 0; i < key.length; i++) {
    const high = key[i]! & 0xfe;
    let ones = 0;
    for (let b = high; b !== 0; b >>= 1) ones += b & 1;
    out[i] = high | (ones % 2 === 0 ? 1 : 0);
  }
  return out;
}

/** XOR of two equal-length byte strings. */
export function xorBytes(a: Uint8Array, b: Uint8Array): Uint8Array {
  const out = new Uint8Array(a.length);
  for (let i = 0; i < a.length; i++) out[i] = a[i]! ^ (b[i] ?? 0);
  return out;
}

/** Throws `EMV_KEY_INVALID` unless `key` is a double-length (16-byte) Triple DES key. */
export function checkDoubleLengthKey(key: Uint8Array, what: string): void {
  if (!(key instanceof Uint8Array) || key.length !== 16) {
    throw new EmvError('EMV_KEY_INVALID', `${what} must be a 16-byte Triple DES key, got ${key?.length ?? 'none'}`);
  }
}
