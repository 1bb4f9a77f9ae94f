/**
 * The uplink contract: how the terminal reaches the central ledger. Interface only; `HttpUplink` is the real
 * implementation and tests may put any peer behind it. Network faults are `HalError`s (`HAL_NETWORK`,
 * `HAL_TIMEOUT`, `HAL_DISCONNECTED`, `HAL_CANCELED`, `HAL_UPLINK_STATUS`); an answer is bytes.
 */

/** What the terminal downloads; `clock` has no versions (`sinceVersion` is ignored). */
export type DownloadKind = 'blocklist' | 'parameters' | 'ca-keys' | 'clock';

export interface UplinkSendOptions {
  /** Aborts the exchange with `HAL_CANCELED`. */
  readonly signal?: AbortSignal;
  /** Retransmission counter, 1 for the first try. Informational: it is outside the signed batch. */
  readonly attempt?: number;
}

export interface Uplink {
  /**
   * Sends one signed batch (COSE_Sign1 bytes) and resolves with the ledger's signed acknowledgement bytes,
   * whether the batch was accepted or refused. Rejects with a `HalError` when no acknowledgement arrived.
   */
  send(batch: Uint8Array, options?: UplinkSendOptions): Promise<Uint8Array>;
  /** Downloads what changed since `sinceVersion` (the ledger's bytes, signed where the kind is signed). */
  download(kind: DownloadKind, sinceVersion: number, options?: { readonly signal?: AbortSignal }): Promise<Uint8Array>;
}
