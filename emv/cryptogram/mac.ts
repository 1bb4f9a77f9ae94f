import { checkDoubleLengthKey, desDecryptEcb, desEncryptCbc, desEncryptEcb, DES_BLOCK } from './des.ts';

/**
 * Pads `data` with ISO/IEC 9797-1 padding method 2 (ISO/IEC 7816-4): a mandatory `80`, then the fewest `00` bytes
 * that reach a multiple of 8. A message already a multiple of 8 gains a whole block.
 * @remarks See EMV 4.4 Book 2, A1.2.1 step 1.
 */
export function padMethod2(data: Uint8Array): Uint8Array {
  const padded = new Uint8Array((Math.floor(data.length / DES_BLOCK) + 1) * DES_BLOCK);
  padded.set(data);
  padded[data.length] = 0x80;
  return padded;
}

/**
 * The 8-byte retail MAC of `data` under a double-length key `KL || KR`: ISO/IEC 9797-1 MAC Algorithm 3 with single
 * DES and padding method 2. CBC with KL over the padded blocks (H0 = zeros), then H(B+1) = DES(KL)[DES⁻¹(KR)[H(B)]].
 * Throws `EMV_KEY_INVALID` on a key that is not 16 bytes.
 * @remarks See EMV 4.4 Book 2, A1.2.1 (MAC algorithms using an 8-byte block cipher, Algorithm 3, s = 8).
 */
export function retailMac(key: Uint8Array, data: Uint8Array): Uint8Array {
  checkDoubleLengthKey(key, 'the MAC key');
  const left = key.subarray(0, 8);
  const right = key.subarray(8, 16);
  // See EMV 4.4 Book 2, A1.2.1 step 3: single-DES CBC with KSL; the last block is H(B).
  const chained = desEncryptCbc(left, padMethod2(data));
  const last = chained.subarray(chained.length - DES_BLOCK);
  // See EMV 4.4 Book 2, A1.2.1 step 3, Algorithm 3 output transformation.
  return desEncryptEcb(left, desDecryptEcb(right, last));
}
