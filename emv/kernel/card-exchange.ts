import { parseResponseApdu, type ResponseApdu } from '../apdu/response-apdu.ts';
import { EmvError, type EmvErrorCode } from '../errors.ts';
import { decodeTlv } from '../tlv/decode-tlv.ts';
import { toHex } from '../tlv/hex.ts';
import type { Tlv } from '../tlv/tlv-node.ts';
import type { Transceiver } from '../transceiver.ts';

/**
 * Sends one command and splits the answer into data and status word. A response shorter than SW1 SW2 is
 * `EMV_RESPONSE_MALFORMED` (a card fault); whatever `trx` throws propagates untouched.
 * @remarks See EMV 4.4 Book 1, 9.4 (C-APDU and R-APDU).
 */
export async function exchange(trx: Transceiver, capdu: Uint8Array): Promise<ResponseApdu> {
  return parseResponseApdu(await trx(capdu));
}

/** A card fault: the card answered something the specification does not allow. Ends the transaction. */
export function cardFault(code: EmvErrorCode, message: string, cause?: unknown): EmvError {
  return new EmvError(code, message, cause === undefined ? undefined : { cause });
}

/** A status word as EMV prints it (`6A82`). */
export function swHex(sw: number): string {
  return toHex(Uint8Array.of(sw >> 8, sw & 0xff));
}

/**
 * Decodes card data as BER-TLV; a malformed or too deeply nested answer becomes `EMV_CARD_DATA_INVALID`
 * naming `what` (the TLV fault is kept as the cause).
 * @remarks See EMV 4.4 Book 3, Annex B (BER-TLV) and 10.2 (data that cannot be parsed terminates).
 */
export function decodeCardTlv(bytes: Uint8Array, what: string): Tlv[] {
  try {
    return decodeTlv(bytes);
  } catch (error) {
    if (error instanceof EmvError) throw cardFault('EMV_CARD_DATA_INVALID', `${what}: ${error.message}`, error);
    throw error;
  }
}

/** The value of a primitive child `tag` directly under `nodes`, or `undefined`. */
export function childValue(nodes: readonly Tlv[] | undefined, tag: number): Uint8Array | undefined {
  return nodes?.find((node) => node.tag === tag)?.value;
}

/** Two byte strings are equal. */
export function sameBytes(a: Uint8Array, b: Uint8Array): boolean {
  return a.length === b.length && a.every((byte, i) => byte === b[i]);
}

/** `whole` starts with `prefix`. */
export function startsWith(whole: Uint8Array, prefix: Uint8Array): boolean {
  return whole.length >= prefix.length && prefix.every((byte, i) => byte === whole[i]);
}
