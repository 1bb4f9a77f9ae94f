import type { Applet } from './applet.ts';
import { CardError } from './card-error.ts';

/** One installed applet, with the key prefix of its persistent memory. */
export interface AppletEntry {
  readonly applet: Applet;
  readonly aid: Uint8Array;
  /** Hex of the AID, used as the applet's namespace in persistent memory. */
  readonly aidHex: string;
}

const hex = (bytes: Uint8Array): string => Buffer.from(bytes).toString('hex').toUpperCase();

const startsWith = (aid: Uint8Array, name: Uint8Array): boolean =>
  name.length <= aid.length && name.every((b, i) => aid[i] === b);

/**
 * The applets on the card, in installation order, found by DF name: the full AID or a leading part of it
 * (partial selection), first occurrence or the next one after the current selection.
 *
 * @remarks See ISO/IEC 7816-4:2020, 11.2.2 (SELECT, P2 b2-b1 occurrence) and EMV 4.4 Book 1, 11.3.5 and 12.3.3
 * (partial name selection and "next occurrence" when building the candidate list).
 */
export class AppletRegistry {
  readonly #entries: AppletEntry[] = [];

  constructor(applets: readonly Applet[]) {
    for (const applet of applets) this.#add(applet);
  }

  get all(): readonly AppletEntry[] {
    return this.#entries;
  }

  /**
   * The applet named by `name`: with `after` unset, the first whose AID starts with `name`; with `after` set
   * to the current selection (when it matches `name` too), the next such applet after it.
   */
  find(name: Uint8Array, after?: AppletEntry): AppletEntry | undefined {
    const matching = this.#entries.filter((entry) => startsWith(entry.aid, name));
    const current = after === undefined ? -1 : matching.indexOf(after);
    return current < 0 ? matching[0] : matching[current + 1];
  }

  #add(applet: Applet): void {
    const aid = applet.aid.slice();
    // See ISO/IEC 7816-4:2020, 8.2.1.2: an AID is 5 to 16 bytes.
    if (aid.length < 5 || aid.length > 16) {
      throw new CardError('CARD_CONFIG_INVALID', `an AID must be 5 to 16 bytes, got ${aid.length}`);
    }
    const aidHex = hex(aid);
    if (this.#entries.some((entry) => entry.aidHex === aidHex)) {
      throw new CardError('CARD_CONFIG_INVALID', `AID ${aidHex} is installed twice`);
    }
    // An AID that is a prefix of another is allowed: partial selection then finds both, in order.
    this.#entries.push({ applet, aid, aidHex });
  }
}
