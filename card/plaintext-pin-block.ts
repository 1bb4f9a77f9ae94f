/**
 * Reads the PIN digits from an EMV plaintext offline PIN block (VERIFY P2 = 80): 8 bytes, control nibble 2,
 * PIN length nibble 4 to 12, the digits in BCD, filler F. Returns `undefined` for any other shape.
 * The result is PIN data: never log it, never put it in an error message.
 *
 * @remarks See EMV 4.4 Book 3, 6.5.12 (VERIFY) and ISO 9564-1 format 2 (plaintext PIN block).
 */
export function readPlaintextPinBlock(block: Uint8Array): string | undefined {
  if (block.length !== 8) return undefined;
  const nibbles: number[] = [];
  for (const byte of block) nibbles.push(byte >> 4, byte & 0x0f);
  const [control, length] = [nibbles[0]!, nibbles[1]!];
  // See EMV 4.4 Book 3, 6.5.12: C = 2, N = 4 to C (12).
  if (control !== 0x2 || length < 4 || length > 12) return undefined;
  const digits = nibbles.slice(2, 2 + length);
  const filler = nibbles.slice(2 + length);
  if (digits.some((d) => d > 9) || filler.some((f) => f !== 0xf)) return undefined;
  return digits.join('');
}

/** Builds a plaintext PIN block for `pin` (4 to 12 decimal digits); throws RangeError otherwise. */
export function plaintextPinBlock(pin: string): Uint8Array {
  if (!/^[0-9]{4,12}$/.test(pin)) throw new RangeError('a PIN is 4 to 12 decimal digits');
  const nibbles = [0x2, pin.length, ...[...pin].map(Number)];
  while (nibbles.length < 16) nibbles.push(0xf);
  return Uint8Array.from({ length: 8 }, (_, i) => (nibbles[2 * i]! << 4) | nibbles[2 * i + 1]!);
}
