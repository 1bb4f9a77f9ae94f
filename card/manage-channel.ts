import type { AppletResponse } from './applet.ts';
import type { AppletEntry } from './applet-registry.ts';
import type { CommandApdu } from './command-apdu.ts';
import type { LogicalChannels } from './logical-channels.ts';
import {
  SW_6700_WRONG_LENGTH,
  SW_6881_CHANNEL_NOT_SUPPORTED,
  SW_6985_CONDITIONS_NOT_SATISFIED,
  SW_6A81_FUNCTION_NOT_SUPPORTED,
  SW_6A86_WRONG_P1_P2,
  SW_9000_NO_ERROR,
} from './status-word.ts';

/** What MANAGE CHANNEL needs from the card OS: the channels, and applet selection with its hooks. */
export interface ChannelHost {
  readonly channels: LogicalChannels;
  /** Selects `entry` on a newly opened channel (running its select hook); false if the applet refuses. */
  selectOnOpen(channel: number, entry: AppletEntry): boolean;
  /** Runs the deselect hook of whatever is selected on `channel`. */
  deselect(channel: number): void;
}

// See ISO/IEC 7816-4:2020, 11.1.2, Table 71: P1 = 00 open, 80 close.
const P1_OPEN = 0x00;
const P1_CLOSE = 0x80;

/**
 * MANAGE CHANNEL (INS 70) received on channel `origin`. Open with P2 = 00 lets the card assign the lowest free
 * channel and return its number (Le = 01); P2 = 01 to 13 opens that channel. Opening from a channel other than
 * the basic one selects the origin's applet on the new channel too. Close with P2 = 00 closes `origin`, else
 * channel P2; the basic channel never closes.
 *
 * @remarks See ISO/IEC 7816-4:2020, 11.1.2 (MANAGE CHANNEL) and 5.4.2.
 */
export function manageChannel(apdu: CommandApdu, origin: number, host: ChannelHost): AppletResponse {
  const { channels } = host;
  if (apdu.data.length > 0) return { sw: SW_6700_WRONG_LENGTH };
  if (apdu.p1 === P1_OPEN) {
    let channel: number;
    if (apdu.p2 === 0) {
      // See 7816-4 11.1.2: the card returns the assigned number in one byte, so Le must be present.
      if (apdu.case !== 2) return { sw: SW_6700_WRONG_LENGTH };
      const free = channels.lowestFree();
      if (free === undefined) return { sw: SW_6A81_FUNCTION_NOT_SUPPORTED };
      channel = free;
    } else {
      if (apdu.p2 > 0x13) return { sw: SW_6A86_WRONG_P1_P2 };
      if (apdu.p2 >= channels.count) return { sw: SW_6881_CHANNEL_NOT_SUPPORTED };
      if (channels.isOpen(apdu.p2)) return { sw: SW_6985_CONDITIONS_NOT_SATISFIED };
      channel = apdu.p2;
    }
    channels.open(channel);
    const inherited = origin === 0 ? undefined : channels.selected(origin);
    if (inherited) host.selectOnOpen(channel, inherited);
    return apdu.p2 === 0 ? { data: Uint8Array.of(channel), sw: SW_9000_NO_ERROR } : { sw: SW_9000_NO_ERROR };
  }
  if (apdu.p1 === P1_CLOSE) {
    if (apdu.p2 > 0x13) return { sw: SW_6A86_WRONG_P1_P2 };
    const channel = apdu.p2 === 0 ? origin : apdu.p2;
    if (channel === 0) return { sw: SW_6A81_FUNCTION_NOT_SUPPORTED }; // the basic channel is always open
    if (!channels.isOpen(channel)) return { sw: SW_6881_CHANNEL_NOT_SUPPORTED };
    host.deselect(channel);
    channels.close(channel);
    return { sw: SW_9000_NO_ERROR };
  }
  return { sw: SW_6A86_WRONG_P1_P2 };
}
