import type { CommandApdu } from './command-apdu.ts';

/** What an applet answers: response data (possibly empty) and a status word. */
export interface AppletResponse {
  readonly data?: Uint8Array;
  readonly sw: number;
}

/** One applet's persistent memory, behind the card OS's per-command transaction. */
export interface AppletStore {
  get(key: string): Uint8Array | undefined;
  has(key: string): boolean;
  /** Written inside the command's transaction: durable only when the command completes. */
  set(key: string, value: Uint8Array): void;
  delete(key: string): void;
  /** Written durably at once, outside the transaction (retry counters). */
  writeNow(key: string, value: Uint8Array): void;
}

/** The applet's application transaction counter (ATC), kept by the card OS in the applet's persistent memory. */
export interface TransactionCounter {
  /** Current value, 0 before the first transaction. */
  readonly value: number;
  /** Whether no further transaction may be counted. */
  readonly exhausted: boolean;
  /**
   * Counts one transaction inside the command's transaction and returns the new value, or `undefined` when
   * the counter is exhausted (the applet should then refuse, e.g. with 6985).
   */
  increment(): number | undefined;
}

/** What the card OS gives an applet for one command. */
export interface AppletContext {
  /** Logical channel the command arrived on. */
  readonly channel: number;
  /** Transmission protocol in use. */
  readonly protocol: 'T=0' | 'T=1';
  /** Persistent memory ("EEPROM"), transactional per command. */
  readonly store: AppletStore;
  /** Volatile memory ("RAM") of this applet, cleared on power-off and reset. */
  readonly ram: Map<string, unknown>;
  readonly atc: TransactionCounter;
  /** Card random number generator. */
  random(length: number): Uint8Array;
}

/**
 * An application on the card, registered with the card OS under its AID.
 *
 * @remarks See ISO/IEC 7816-4:2020, 8.2.1.2 (application identifier) and 11.2.2 (SELECT); Java Card 3.2
 * `javacard.framework.Applet` for the select / deselect / process life cycle.
 */
export interface Applet {
  /** Application identifier, 5 to 16 bytes. See ISO/IEC 7816-5. */
  readonly aid: Uint8Array;
  /**
   * Whether the applet assembles ISO/IEC 7816-4 command chains itself (CLA b5 set on every command of a chain but
   * the last; See ISO/IEC 7816-4:2020, 5.4.1). Without it the card OS answers 6884 to a chained command, so an
   * applet that does not expect chains never takes a block of one as a whole command. The EMV payment application
   * needs chains for biometric VERIFY data over 255 bytes (EMV 4.4 Book 3, 6.5.12; Book 2, 7.3).
   */
  readonly acceptsChaining?: boolean;
  /** Called once, in a transaction, when the card's persistent memory has nothing for this applet yet. */
  install?(store: AppletStore): void;
  /**
   * Called on SELECT by DF name; returns the FCI and 9000 to accept, or an error SW to refuse (the channel
   * then keeps no selection). Receives the SELECT command so P2 (FCI / no data) can be honoured.
   */
  select(apdu: CommandApdu, context: AppletContext): AppletResponse;
  /** Called when another applet is selected on the channel or the channel is closed (not on power loss: RAM just goes). */
  deselect?(context: AppletContext): void;
  /** Processes any command on a channel where the applet is selected (except SELECT by name, MANAGE CHANNEL, GET RESPONSE). */
  process(apdu: CommandApdu, context: AppletContext): AppletResponse;
}
