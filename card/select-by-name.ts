import type { AppletContext, AppletResponse } from './applet.ts';
import type { AppletEntry, AppletRegistry } from './applet-registry.ts';
import type { CommandApdu } from './command-apdu.ts';
import type { ChannelHost } from './manage-channel.ts';
import { isSuccessOrWarning, SW_6700_WRONG_LENGTH, SW_6A82_FILE_NOT_FOUND, SW_6A86_WRONG_P1_P2 } from './status-word.ts';

/** What SELECT by name needs from the card OS. */
export interface SelectHost extends ChannelHost {
  readonly registry: AppletRegistry;
  contextFor(entry: AppletEntry, channel: number): AppletContext;
}

// See ISO/IEC 7816-4:2020, 11.2.2, Table 63: P2 b2-b1 occurrence, b4-b3 response data.
const OCCURRENCE_MASK = 0x03;
const OCCURRENCE_FIRST = 0x00;
const OCCURRENCE_NEXT = 0x02;
const RESPONSE_MASK = 0x0c;
const RESPONSE_NONE = 0x0c;

/**
 * SELECT by DF name (P1 = 04) on `channel`: finds the applet whose AID equals or starts with the command data,
 * first occurrence (P2 b2-b1 = 00) or the next one after the channel's current selection (10), and runs its
 * select hook after deselecting the current applet. The applet's FCI is returned unless P2 b4-b3 = 11.
 * Not found: 6A82 and the current selection stays. Refused by the applet: nothing stays selected.
 *
 * @remarks See ISO/IEC 7816-4:2020, 11.2.2 (SELECT) and EMV 4.4 Book 1, 11.3 (SELECT command, partial names).
 */
export function selectByName(apdu: CommandApdu, channel: number, host: SelectHost): AppletResponse {
  if ((apdu.p2 & 0xf0) !== 0) return { sw: SW_6A86_WRONG_P1_P2 };
  const occurrence = apdu.p2 & OCCURRENCE_MASK;
  if (occurrence !== OCCURRENCE_FIRST && occurrence !== OCCURRENCE_NEXT) return { sw: SW_6A86_WRONG_P1_P2 };
  // See ISO/IEC 7816-4:2020, 8.2.1.2: a DF name is at most 16 bytes.
  if (apdu.data.length > 16) return { sw: SW_6700_WRONG_LENGTH };
  if (apdu.data.length === 0) return { sw: SW_6A82_FILE_NOT_FOUND };
  const current = host.channels.selected(channel);
  const entry = host.registry.find(apdu.data, occurrence === OCCURRENCE_NEXT ? current : undefined);
  if (!entry) return { sw: SW_6A82_FILE_NOT_FOUND };
  host.deselect(channel);
  const answer = entry.applet.select(apdu, host.contextFor(entry, channel));
  if (!isSuccessOrWarning(answer.sw)) return { sw: answer.sw };
  host.channels.select(channel, entry);
  return (apdu.p2 & RESPONSE_MASK) === RESPONSE_NONE ? { sw: answer.sw } : answer;
}
