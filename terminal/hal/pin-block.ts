/**
 * An opaque PIN block: the PIN as the card's VERIFY command takes it (ISO 9564 format 2, the EMV plaintext offline
 * PIN block: control nibble 2, length nibble, BCD digits, filler F), held privately. Printing, logging or
 * serializing it shows `[PIN block]`, never digits; only `bytes()` gives them, for the APDU that carries them.
 *
 * @remarks See EMV 4.4 Book 3, 6.5.12 (VERIFY) and ISO 9564-1 format 2.
 */
import { inspect } from 'node:util';
import { buildPlaintextPinBlock } from '../../emv/pin/plaintext-pin-block.ts';

const REDACTED = '[PIN block]';

export class PinBlock {
  readonly #bytes: Uint8Array;

  private constructor(bytes: Uint8Array) {
    this.#bytes = bytes;
  }

  /** The block of `digits` (4 to 12 decimal digits); throws `EMV_FORMAT_INVALID` otherwise, naming no digit. */
  static fromDigits(digits: string): PinBlock {
    return new PinBlock(buildPlaintextPinBlock(digits));
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
