/**
 * What a reader (in-process, or the vpcd bridge) needs from a virtual card: power, reset, ATR and APDUs.
 * The card side is the counterpart of the terminal, kept apart from it: terminal code never imports card/.
 */
export interface VirtualCard {
  /** Answer-to-reset the card gives on power-on and on reset (ISO/IEC 7816-3, 8). */
  readonly atr: Uint8Array;
  /** Cold start: power applied, volatile state cleared. Returns the ATR. */
  powerOn(): Uint8Array;
  /** Power removed: volatile state (selected applets, channels, session keys) is lost; persistent state kept. */
  powerOff(): void;
  /** Warm reset: like power-off then power-on. Returns the ATR. */
  reset(): Uint8Array;
  /**
   * Protocol and parameters selection (PPS, ISO/IEC 7816-3, 9): the reader tells the card which offered protocol
   * it chose after power-on; it lasts until the next power-on or reset. Returns false if the card does not offer it.
   */
  selectProtocol?(protocol: 'T=0' | 'T=1'): boolean;
  /** Whether the card is powered. */
  readonly powered: boolean;
  /**
   * Processes one command APDU and returns the response APDU (data then SW1 SW2).
   * Throws `CardTornError` when a tearing fault injected by a test cuts power during the command.
   */
  transmit(capdu: Uint8Array): Uint8Array;
}
