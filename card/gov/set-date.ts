/**
 * SET DATE: the terminal offers today's date; the card accepts it only if it is not before the last date it
 * accepted (9D07 otherwise), and brings its counters to that month. 80 DA 00 00 05 9A 03 YYMMDD.
 */
import type { AppletContext, AppletResponse } from '../applet.ts';
import type { CommandApdu } from '../command-apdu.ts';
import * as SW from '../status-word.ts';
import { decodeTlv } from '../../emv/tlv/decode-tlv.ts';
import { acceptDate } from './accept-date.ts';
import { yymmddToDay } from './gov-date.ts';
import { GovStore } from './gov-store.ts';
import { TAG_9A_DATE } from './gov-tags.ts';

/** SET DATE (80 DA): accepts the terminal's date if it does not go backwards; 9D07 otherwise. */
export function setDate(apdu: CommandApdu, context: AppletContext): AppletResponse {
  if (apdu.p1 !== 0 || apdu.p2 !== 0) return { sw: SW.SW_6A86_WRONG_P1_P2 };
  let day: number | undefined;
  try {
    const nodes = decodeTlv(apdu.data, { recurse: false });
    if (nodes.length === 1 && nodes[0]!.tag === TAG_9A_DATE) day = yymmddToDay(nodes[0]!.value);
  } catch {
    day = undefined;
  }
  if (day === undefined) return { sw: SW.SW_6A80_WRONG_DATA };
  const accepted = acceptDate(new GovStore(context.store), day);
  if (!accepted.ok) return { sw: accepted.sw };
  accepted.commit();
  return { sw: SW.SW_9000_NO_ERROR };
}
