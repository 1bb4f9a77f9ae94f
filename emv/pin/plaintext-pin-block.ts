import { EmvError } from '../errors.ts';

/**
 * The plaintext offline PIN block sent with VERIFY (P2 80): control field 2, the PIN length, the PIN digits in BCD,
 * filled with F to 8 bytes. The block is a secret: callers must never log it (the APDU trace redacts VERIFY data).
 * @remarks See EMV 4.4 Book 3, 6.5.12 (VERIFY, Table 24: plaintext PIN block).
 */
export function buildPlaintextPinBlock(pin: string): Uint8Array {
  if (!/^[0-9]{4,12}$/.test(pin)) throw new EmvError('EMV_FORMAT_INVALID', 'a PIN is 4 to 12 decimal digits');
  const block = new Uint8Array(8).fill(0xff);
  block[0] = 0x20 | pin.length; // See Book 3, Table 24: C = 2, N = PIN length
  for (let i = 0; i < pin.length; i++) {
    const digit = pin.charCodeAt(i) - 0x30;
    const at = 1 + (i >> 1);
    block[at] = i % 2 === 0 ? (digit << 4) | 0x0f : (block[at]! & 0xf0) | digit;
  }
  return block;
}
