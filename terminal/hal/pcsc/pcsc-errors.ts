/**
 * Turns pcsclite's errors (an Error whose message ends with the PC/SC return code, `...(0x80100069)`) into
 * `HalError`s with the HAL's codes.
 */
import { HalError, type HalErrorCode } from '../errors.ts';

// See pcsc-lite's pcsclite.h (and Microsoft's SCARD_* return codes, which it follows).
const PCSC_CODES: ReadonlyMap<number, HalErrorCode> = new Map([
  [0x80100002, 'HAL_CANCELED'], // SCARD_E_CANCELLED
  [0x80100003, 'HAL_DISCONNECTED'], // SCARD_E_INVALID_HANDLE: the context died with pcscd
  [0x80100009, 'HAL_UNKNOWN_READER'], // SCARD_E_UNKNOWN_READER
  [0x8010000a, 'HAL_TIMEOUT'], // SCARD_E_TIMEOUT
  [0x8010000b, 'HAL_SHARING_VIOLATION'], // SCARD_E_SHARING_VIOLATION
  [0x8010000c, 'HAL_NO_CARD'], // SCARD_E_NO_SMARTCARD
  [0x8010000f, 'HAL_PROTOCOL_MISMATCH'], // SCARD_E_PROTO_MISMATCH
  [0x80100013, 'HAL_DISCONNECTED'], // SCARD_F_COMM_ERROR: the socket to pcscd broke
  [0x80100016, 'HAL_CARD_IO'], // SCARD_E_NOT_TRANSACTED
  [0x80100017, 'HAL_UNKNOWN_READER'], // SCARD_E_READER_UNAVAILABLE
  [0x8010001d, 'HAL_DISCONNECTED'], // SCARD_E_NO_SERVICE
  [0x8010001e, 'HAL_DISCONNECTED'], // SCARD_E_SERVICE_STOPPED
  [0x8010002e, 'HAL_NO_READER'], // SCARD_E_NO_READERS_AVAILABLE
  [0x80100065, 'HAL_PROTOCOL_MISMATCH'], // SCARD_W_UNSUPPORTED_CARD
  [0x80100066, 'HAL_CARD_UNRESPONSIVE'], // SCARD_W_UNRESPONSIVE_CARD
  [0x80100067, 'HAL_CARD_IO'], // SCARD_W_UNPOWERED_CARD
  [0x80100068, 'HAL_CARD_IO'], // SCARD_W_RESET_CARD: another connection reset the card
  [0x80100069, 'HAL_CARD_REMOVED'], // SCARD_W_REMOVED_CARD
  // pcsc-lite's "handle not yours": seen on a transmit in flight when pcscd is killed.
  [0x8010006a, 'HAL_DISCONNECTED'], // SCARD_W_SECURITY_VIOLATION
]);

/** The PC/SC return code in a pcsclite error message, if there is one. */
export function pcscReturnCode(error: unknown): number | undefined {
  const match = /\(0x([0-9a-f]{8})\)\s*$/i.exec(error instanceof Error ? error.message : String(error));
  return match ? Number.parseInt(match[1]!, 16) : undefined;
}

/** Whether the error says pcscd itself is gone (the context is dead and a new one is needed). */
export function isServiceLost(error: unknown): boolean {
  const code = pcscReturnCode(error);
  return code === 0x80100013 || code === 0x8010001d || code === 0x8010001e;
}

/** The `HalError` for a pcsclite error met while doing `what`. */
export function halErrorFromPcsc(error: unknown, what: string): HalError {
  if (error instanceof HalError) return error;
  const pcsc = pcscReturnCode(error);
  const message = error instanceof Error ? error.message : String(error);
  let code: HalErrorCode = pcsc === undefined ? 'HAL_DEVICE_ERROR' : (PCSC_CODES.get(pcsc) ?? 'HAL_DEVICE_ERROR');
  if (pcsc === undefined && /not connected/i.test(message)) code = 'HAL_DISCONNECTED';
  return new HalError(code, `${what}: ${message}`, { cause: error });
}
