/**
 * An opaque PIN block: the PIN as the card's VERIFY command takes it (ISO 9564 format 2, the EMV plaintext offline
 * PIN block: control nibble 2, length nibble, BCD digits, filler F), held privately. Printing, logging or
 * serializing it shows `[PIN block]`, never digits; only `bytes()` gives them, for the APDU that carries them.
 *
 * @remarks See EMV 4.4 Book 3, 6.5.12 (VERIFY) and ISO 9564-1 format 2.
 */
import { inspect } from 'node:util';

const REDACTED = '[PIN block]';

export class PinBlock {
  readonly #bytes: Uint8Array;

  private constructor(bytes: Uint8Array) {
    this.#bytes = bytes;
  }

  /** The block of `digits` (4 to 12 decimal digits); throws RangeError otherwise, naming no digit. */
  static fromDigits(digits: string): PinBlock {
    if (!/^[0-9]{4,12}$/.test(digits)) throw new RangeError('a PIN is 4 to 12 decimal digits');
    // See ISO 9564-1 format 2: C = 2, N = length, then the digits, filler F.
    const nibbles = [0x2, digits.length, ...[...digits].map(Number)];
    while (nibbles.length < 16) nibbles.push(0xf);
    return new PinBlock(Uint8Array.from({ length: 8 }, (_, i) => (nibbles[2 * i]! << 4) | nibbles[2 * i + 1]!));
  }

  /** A copy of the 8 bytes, for the VERIFY command only. */
  bytes(): Uint8Array {
    return this.#bytes.slice();
  }

  /** How many digits the PIN has (shown as dots on the screen). */
  get length(): number {
    return this.#bytes[0]! & 0x0f;
  }

  toString(): string {
    return REDACTED;
  }

  toJSON(): string {
    return REDACTED;
  }

  [inspect.custom](): string {
    return REDACTED;
  }
}
