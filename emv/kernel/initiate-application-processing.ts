import { EmvCommands } from '../apdu/emv-commands.ts';
import { EmvError } from '../errors.ts';
import { toHex } from '../tlv/hex.ts';
import { buildDolData } from '../tlv/build-dol-data.ts';
import { parseDol, type DolEntry } from '../tlv/parse-dol.ts';
import {
  TAG_77_RESPONSE_TEMPLATE_FORMAT_2,
  TAG_80_RESPONSE_TEMPLATE_FORMAT_1,
  TAG_82_APPLICATION_INTERCHANGE_PROFILE,
  TAG_94_APPLICATION_FILE_LOCATOR,
} from '../tlv/tags.ts';
import { cardFault, childValue, decodeCardTlv, exchange, swHex } from './card-exchange.ts';
import { logStep, lookupData, type TransactionContext } from './transaction-context.ts';

/** The answer to GET PROCESSING OPTIONS. */
export type InitiateApplicationProcessingResult =
  | { readonly ok: true; readonly aip: Uint8Array; readonly afl: Uint8Array; readonly pdolData: Uint8Array }
  | { readonly ok: false; readonly outcome: 'CONDITIONS_NOT_SATISFIED' };

/**
 * Initiate Application Processing: builds the PDOL data from the transaction's data objects, sends GET
 * PROCESSING OPTIONS and reads the AIP (82) and AFL (94) from a format 1 (80) or format 2 (77) answer, storing
 * them (and any other primitive of a 77 answer) in `context.data`. A 6985 answer is an outcome (the terminal
 * removes the application and selects again); any other status or a malformed answer is a card fault
 * (`EMV_CARD_REFUSED`, `EMV_CARD_DATA_INVALID`, `EMV_CARD_DATA_MISSING`).
 * @remarks See EMV 4.4 Book 3, 10.1 (Initiate Application Processing), 6.5.8 (GET PROCESSING OPTIONS), 5.4
 * (DOL rules).
 */
export async function initiateApplicationProcessing(
  context: TransactionContext,
  pdol: Uint8Array | undefined,
): Promise<InitiateApplicationProcessingResult> {
  let entries: DolEntry[] = [];
  if (pdol) {
    try {
      entries = parseDol(pdol);
    } catch (error) {
      if (error instanceof EmvError) throw cardFault('EMV_CARD_DATA_INVALID', `PDOL (9F38): ${error.message}`, error);
      throw error;
    }
  }
  // See Book 3, 10.1: the PDOL data (or nothing) in the Command Template 83.
  const pdolData = buildDolData(entries, (tag) => lookupData(context, tag));
  const answer = await exchange(context.trx, EmvCommands.getProcessingOptions(pdolData));
  if (answer.sw === 0x6985) {
    // See Book 3, 10.1: conditions of use not satisfied: back to application selection without this one.
    logStep(context, 'GET PROCESSING OPTIONS: 6985, conditions of use not satisfied');
    return { ok: false, outcome: 'CONDITIONS_NOT_SATISFIED' };
  }
  if (answer.sw !== 0x9000) {
    throw cardFault('EMV_CARD_REFUSED', `GET PROCESSING OPTIONS answered ${swHex(answer.sw)}`);
  }
  const nodes = decodeCardTlv(answer.data, 'GET PROCESSING OPTIONS response');
  const top = nodes[0];
  if (nodes.length !== 1 || !top) throw cardFault('EMV_CARD_DATA_INVALID', 'GPO response is not one template');
  let aip: Uint8Array | undefined;
  let afl: Uint8Array | undefined;
  if (top.tag === TAG_80_RESPONSE_TEMPLATE_FORMAT_1) {
    // See Book 3, 6.5.8.4: format 1: AIP (2 bytes) then the AFL.
    aip = top.value.slice(0, 2);
    afl = top.value.slice(2);
    if (top.value.length < 2) throw cardFault('EMV_CARD_DATA_INVALID', 'GPO format 1 shorter than the AIP');
  } else if (top.tag === TAG_77_RESPONSE_TEMPLATE_FORMAT_2 && top.children) {
    // See Book 3, 6.5.8.4: format 2: 77 with 82 and 94 (and possibly more).
    aip = childValue(top.children, TAG_82_APPLICATION_INTERCHANGE_PROFILE);
    afl = childValue(top.children, TAG_94_APPLICATION_FILE_LOCATOR);
    for (const node of top.children) if (!node.children) context.data.set(node.tag, node.value);
    if (!aip || !afl) throw cardFault('EMV_CARD_DATA_MISSING', 'GPO format 2 without the AIP (82) or the AFL (94)');
  } else {
    throw cardFault('EMV_CARD_DATA_INVALID', 'GPO response is neither format 1 (80) nor format 2 (77)');
  }
  if (aip.length !== 2) throw cardFault('EMV_CARD_DATA_INVALID', `AIP (82) has ${aip.length} bytes, not 2`);
  if (afl.length % 4 !== 0) throw cardFault('EMV_CARD_DATA_INVALID', `AFL (94) length ${afl.length} is not a multiple of 4`);
  context.data.set(TAG_82_APPLICATION_INTERCHANGE_PROFILE, aip);
  context.data.set(TAG_94_APPLICATION_FILE_LOCATOR, afl);
  logStep(context, `GET PROCESSING OPTIONS: format ${top.tag === 0x80 ? 1 : 2}, AIP ${toHex(aip)}, AFL ${afl.length / 4} entr${afl.length === 4 ? 'y' : 'ies'}`);
  return { ok: true, aip, afl, pdolData };
}
