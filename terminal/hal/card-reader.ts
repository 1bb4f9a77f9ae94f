/**
 * The card-reader contract: what the terminal needs from a PC/SC-style reader subsystem, whatever is behind it
 * (pcsclite and a real or virtual card, or the in-process simulator). Interface only; implementations are peers
 * (`PcscCardReader`, `SimCardReader`, `ReplayCardReader`) injected by the caller.
 *
 * Every wait takes an AbortSignal and fails with `HAL_CANCELED` when it fires. Faults are `HalError`s.
 */

/** Transmission protocol negotiated with the card (ISO/IEC 7816-3). */
export type CardProtocol = 'T0' | 'T1';

/** Whether other connections may use the card while this one is open. */
export type ShareMode = 'exclusive' | 'shared';

/** What happens to the card when a connection ends (PC/SC dispositions). */
export type Disposition = 'leave' | 'reset' | 'unpower' | 'eject';

export type ReaderEvent =
  | { readonly type: 'reader-added'; readonly reader: string }
  | { readonly type: 'reader-removed'; readonly reader: string }
  | { readonly type: 'card-inserted'; readonly reader: string; readonly atr: Uint8Array }
  | { readonly type: 'card-removed'; readonly reader: string };

export interface WaitOptions {
  readonly signal?: AbortSignal;
  /** Gives up with `HAL_TIMEOUT` after this many milliseconds (no limit when absent). */
  readonly timeoutMs?: number;
}

export interface ConnectOptions {
  /** Default `exclusive`: a second connection to the card is refused with `HAL_SHARING_VIOLATION`. */
  readonly share?: ShareMode;
  /**
   * Protocols the terminal accepts (default both). As pcsc-lite does, T=1 is used when the card offers it and it is
   * accepted, else T=0; a card already powered keeps its protocol. None accepted gives `HAL_PROTOCOL_MISMATCH`.
   */
  readonly protocols?: readonly CardProtocol[];
  readonly signal?: AbortSignal;
}

export interface ReaderStatus {
  readonly reader: string;
  readonly cardPresent: boolean;
  readonly atr?: Uint8Array;
}

/** An open connection to the card in one reader. */
export interface CardConnection {
  readonly reader: string;
  readonly protocol: CardProtocol;
  readonly atr: Uint8Array;
  /** Sends one command APDU and returns the response APDU (data then SW1 SW2), as the card gave it. */
  transmit(capdu: Uint8Array, options?: { readonly signal?: AbortSignal }): Promise<Uint8Array>;
  /** Warm reset (or cold, with `cold: true`); returns the new ATR. The connection stays open. */
  reset(options?: { readonly cold?: boolean; readonly signal?: AbortSignal }): Promise<Uint8Array>;
  /** Ends the connection; the card is left, reset, unpowered or ejected as asked (default `leave`). */
  disconnect(disposition?: Disposition): Promise<void>;
}

/** A reader subsystem: a set of readers that come and go, with cards that come and go in them. */
export interface CardReader {
  /** Names of the readers present now. */
  listReaders(): Promise<string[]>;
  /** Presence and ATR of the card in one reader. */
  status(reader: string): Promise<ReaderStatus>;
  /**
   * Subscribes to reader and card events; returns the function that unsubscribes.
   * Readers and cards already present are reported at once to a new listener.
   */
  onEvent(listener: (event: ReaderEvent) => void): () => void;
  /** Resolves with the ATR when a card is present in `reader` (at once if one already is). */
  waitForCard(reader: string, options?: WaitOptions): Promise<Uint8Array>;
  /** Resolves when no card is present in `reader`. */
  waitForCardRemoval(reader: string, options?: WaitOptions): Promise<void>;
  /** Connects to the card in `reader`. */
  connect(reader: string, options?: ConnectOptions): Promise<CardConnection>;
  /** Releases the subsystem; later calls fail with `HAL_DISCONNECTED`. */
  close(): Promise<void>;
}
