/**
 * Names a trace gives to what the EMV dictionaries do not know: an applet's proprietary tags and commands. The
 * trace asks these first and falls back to the EMV tag dictionary, the ISO/IEC 7816-11 tags and `describeCommand`.
 */
import type { TagInfo } from '../../emv/tlv/tag-names.ts';

export interface TraceNames {
  /** The name and format of a tag, or undefined to use the EMV dictionary. */
  readonly describeTag?: (tag: number) => TagInfo | undefined;
  /** The name of a command APDU, or undefined to use the EMV/ISO command names. */
  readonly describeCommand?: (capdu: Uint8Array) => string | undefined;
}

/** Names for one applet, used while that applet is selected. */
export interface AppletTraceNames {
  readonly aid: Uint8Array;
  readonly names: TraceNames;
}

/**
 * Names that follow the applet a session selected: after a successful SELECT by name (00 A4 04 .., answered 9000 or
 * 61xx) the names of the applet whose AID the selected name starts with apply, until the next SELECT; before any,
 * or for an applet not in `applets`, `fallback`. Applets give the same proprietary tags different meanings (KARTGOV's
 * DF51 is its log entries, KARTPAY's its finger tries), so one flat table would name some of them wrongly.
 */
export function namesBySelectedApplet(applets: readonly AppletTraceNames[], fallback: TraceNames = {}): () => TraceNamesTracker {
  return () => {
    let current = fallback;
    return {
      get names() {
        return current;
      },
      observe(capdu, rapdu) {
        if (capdu.length < 5 || capdu[1] !== 0xa4 || capdu[2] !== 0x04 || !rapdu || rapdu.length < 2) return;
        const sw1 = rapdu[rapdu.length - 2]!;
        const ok = (sw1 === 0x90 && rapdu[rapdu.length - 1] === 0x00) || sw1 === 0x61;
        if (!ok) return;
        const name = capdu.subarray(5, 5 + capdu[4]!);
        const applet = applets.find((a) => a.aid.length <= name.length && a.aid.every((b, i) => name[i] === b));
        current = applet?.names ?? fallback;
      },
    };
  };
}

/** The names in force as a trace is walked, exchange by exchange. */
export interface TraceNamesTracker {
  readonly names: TraceNames;
  /** Told every exchange after it is named, so a SELECT switches the names for the ones after it. */
  observe(capdu: Uint8Array, rapdu: Uint8Array | undefined): void;
}
