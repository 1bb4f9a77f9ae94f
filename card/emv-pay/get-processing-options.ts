/**
 * GET PROCESSING OPTIONS: 80 A8 00 00 Lc 83 L <PDOL data> 00. Answers format 2, 77 { 82 AIP, 94 AFL }, and moves
 * the session to processing; a second GPO in the same selection is refused with 6985.
 *
 * The ATC counts the transaction here, inside this command's transaction (an exhausted ATC: 6985): the terminal's
 * velocity checking reads the ATC and the Last Online ATC Register after GPO and flags both offline limits when
 * the ATC is not above the register (Book 3, 10.6.3), so the ATC must already count this transaction.
 *
 * @remarks See EMV 4.4 Book 3, 6.5.8 (GET PROCESSING OPTIONS), 10.1 (initiate application processing).
 */
import type { AppletContext, AppletResponse } from '../applet.ts';
import { berTlv } from '../ber-tlv.ts';
import type { CommandApdu } from '../command-apdu.ts';
import * as SW from '../status-word.ts';
import { parseDol } from '../../emv/tlv/parse-dol.ts';
import { TAG_77_RESPONSE_TEMPLATE_FORMAT_2, TAG_82_APPLICATION_INTERCHANGE_PROFILE, TAG_83_COMMAND_TEMPLATE, TAG_94_APPLICATION_FILE_LOCATOR } from '../../emv/tlv/tags.ts';
import type { PaymentSession } from './payment-session.ts';
import { KEY, PaymentStore } from './payment-store.ts';

/** Total length of the data a DOL asks for. */
export const dolLength = (dol: Uint8Array): number => parseDol(dol).reduce((sum, entry) => sum + entry.length, 0);

export function getProcessingOptions(apdu: CommandApdu, context: AppletContext, session: PaymentSession): AppletResponse {
  if (apdu.p1 !== 0 || apdu.p2 !== 0) return { sw: SW.SW_6A86_WRONG_P1_P2 };
  // See Book 3, 6.5.8.3: the command data is the Command Template 83 with the PDOL data (8300 without a PDOL).
  const data = apdu.data;
  if (data.length < 2 || data[0] !== TAG_83_COMMAND_TEMPLATE || data[1]! > 0x7f || data[1]! + 2 !== data.length) {
    return { sw: SW.SW_6A80_WRONG_DATA };
  }
  // See Book 3, 6.5.8.4: the application is initiated once per transaction; a repeated GPO: conditions not satisfied.
  if (session.phase !== 'selected') return { sw: SW.SW_6985_CONDITIONS_NOT_SATISFIED };
  const store = new PaymentStore(context.store);
  const pdolData = data.subarray(2);
  if (pdolData.length !== dolLength(store.bytes(KEY.PDOL))) return { sw: SW.SW_6700_WRONG_LENGTH };
  // See Book 3, Annex A (9F36) and 10.6.3: one count per transaction, before the terminal reads it.
  const atc = context.atc.increment();
  if (atc === undefined) return { sw: SW.SW_6985_CONDITIONS_NOT_SATISFIED };
  session.phase = 'processing';
  session.atc = atc;
  session.pdolData = pdolData.slice();
  return {
    data: berTlv(
      TAG_77_RESPONSE_TEMPLATE_FORMAT_2,
      berTlv(TAG_82_APPLICATION_INTERCHANGE_PROFILE, store.bytes(KEY.AIP)),
      berTlv(TAG_94_APPLICATION_FILE_LOCATOR, store.bytes(KEY.AFL)),
    ),
    sw: SW.SW_9000_NO_ERROR,
  };
}
