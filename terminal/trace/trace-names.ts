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
