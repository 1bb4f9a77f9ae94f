import { EmvError } from '../errors.ts';

/**
 * Uppercase hex of `bytes`, no separators (the way EMV specifications print values: `9F1B`).
 * @remarks See EMV 4.4 Book 3, 4.3 (data element formats print binary as hex).
 */
export function toHex(bytes: Uint8Array): string {
  let out = '';
  for (const byte of bytes) out += (byte < 0x10 ? '0' : '') + byte.toString(16);
  return out.toUpperCase();
}

/**
 * Bytes of a hex string; spaces, tabs and newlines are ignored so tests can group bytes.
 * Throws `EMV_FORMAT_INVALID` on an odd number of digits or a non-hex character.
 */
export function fromHex(hex: string): Uint8Array {
  const clean = hex.replace(/\s+/g, '');
  if (clean.length % 2 !== 0 || !/^[0-9a-fA-F]*$/.test(clean)) {
    throw new EmvError('EMV_FORMAT_INVALID', `not a hex string: "${hex.slice(0, 40)}"`);
  }
  const out = new Uint8Array(clean.length / 2);
  for (let i = 0; i < out.length; i++) out[i] = parseInt(clean.slice(i * 2, i * 2 + 2), 16);
  return out;
}

/** Hex of a tag number as EMV prints it: `0x9f1b` → `9F1B`, `0x5a` → `5A`. */
export function tagToHex(tag: number): string {
  const hex = (tag >>> 0).toString(16).toUpperCase();
  return hex.length % 2 === 0 ? hex : '0' + hex;
}
