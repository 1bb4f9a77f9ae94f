/** Fault codes of the hardware abstraction layer, shared by every device kind. */
export type HalErrorCode =
  | 'HAL_PCSC_UNAVAILABLE'
  | 'HAL_HID_UNAVAILABLE'
  | 'HAL_SERIAL_UNAVAILABLE'
  | 'HAL_NO_READER'
  | 'HAL_UNKNOWN_READER'
  | 'HAL_NO_CARD'
  | 'HAL_CARD_REMOVED'
  | 'HAL_CARD_UNRESPONSIVE'
  | 'HAL_CARD_IO'
  | 'HAL_SHARING_VIOLATION'
  | 'HAL_PROTOCOL_MISMATCH'
  | 'HAL_CANCELED'
  | 'HAL_TIMEOUT'
  | 'HAL_DISCONNECTED'
  | 'HAL_NETWORK'
  | 'HAL_UPLINK_STATUS'
  | 'HAL_UPLINK_RESPONSE_TOO_LARGE'
  | 'HAL_REPLAY_DIVERGED'
  | 'HAL_REPLAY_EXHAUSTED'
  | 'HAL_REPLAY_INCOMPLETE'
  | 'HAL_RECORDING_MALFORMED'
  | 'HAL_RECORDING_WRITE_FAILED'
  | 'HAL_FRAME_MALFORMED'
  | 'HAL_DEVICE_ERROR'
  | 'HAL_DEVICE_UNRESPONSIVE'
  | 'HAL_NO_DEVICE'
  | 'HAL_PRINTER_PAPER_OUT'
  | 'HAL_PRINTER_COVER_OPEN'
  | 'HAL_PRINTER_OFFLINE'
  | 'HAL_INTERNAL';

/** One error class for `terminal/hal`: a string-literal `code` and the underlying `cause`. */
export class HalError extends Error {
  override readonly name = 'HalError';
  constructor(
    readonly code: HalErrorCode,
    message: string,
    options?: { cause?: unknown },
  ) {
    super(message, options?.cause === undefined ? undefined : { cause: options.cause });
  }
}

/** Throws `HAL_CANCELED` if the signal is already aborted. */
export function throwIfAborted(signal: AbortSignal | undefined, what: string): void {
  if (signal?.aborted) throw new HalError('HAL_CANCELED', `${what} canceled`, { cause: signal.reason });
}
