import { desEncryptEcb } from '../../../emv/cryptogram/des.ts';
import { toHex } from '../../../emv/tlv/hex.ts';

/** The 2-byte key check value used by the pyemv vectors: the key enciphers eight zero bytes, leftmost 2 bytes. */
export function keyCheckValue(key: Uint8Array): string {
  return toHex(desEncryptEcb(key, new Uint8Array(8)).subarray(0, 2));
}
