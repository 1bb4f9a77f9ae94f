import { EmvError } from '../errors.ts';

/** A response APDU: the data field and the status word (`sw` = SW1 * 256 + SW2). */
export interface ResponseApdu {
  readonly data: Uint8Array;
  readonly sw1: number;
  readonly sw2: number;
  readonly sw: number;
}

/**
 * Splits a response APDU into data and SW1 SW2. Throws `EMV_RESPONSE_MALFORMED` when shorter than 2 bytes.
 * @remarks See EMV 4.4 Book 1, 9.4.2 (structure of a response APDU) and ISO/IEC 7816-4, 5.1.
 */
export function parseResponseApdu(bytes: Uint8Array): ResponseApdu {
  if (bytes.length < 2) {
    throw new EmvError('EMV_RESPONSE_MALFORMED', `a response APDU has at least SW1 SW2, got ${bytes.length} bytes`, {
      offset: bytes.length,
    });
  }
  const sw1 = bytes[bytes.length - 2]!;
  const sw2 = bytes[bytes.length - 1]!;
  return { data: bytes.slice(0, bytes.length - 2), sw1, sw2, sw: sw1 * 256 + sw2 };
}

/**
 * Encodes a response APDU: `data` then the two status bytes of `sw`. Throws `EMV_RESPONSE_MALFORMED` for an
 * `sw` outside 0..FFFF.
 * @remarks See EMV 4.4 Book 1, 9.4.2.
 */
export function buildResponseApdu(data: Uint8Array, sw: number): Uint8Array {
  if (!Number.isInteger(sw) || sw < 0 || sw > 0xffff) {
    throw new EmvError('EMV_RESPONSE_MALFORMED', `status word ${String(sw)} is not two bytes`);
  }
  const out = new Uint8Array(data.length + 2);
  out.set(data, 0);
  out[data.length] = sw >> 8;
  out[data.length + 1] = sw & 0xff;
  return out;
}
