import { EmvError } from '../errors.ts';
import { decodeTlv } from '../tlv/decode-tlv.ts';
import { concatBytes } from '../tlv/encode-tlv.ts';
import { toHex } from '../tlv/hex.ts';
import {
  TAG_71_ISSUER_SCRIPT_TEMPLATE_1,
  TAG_72_ISSUER_SCRIPT_TEMPLATE_2,
  TAG_86_ISSUER_SCRIPT_COMMAND,
  TAG_9F18_ISSUER_SCRIPT_IDENTIFIER,
} from '../tlv/tags.ts';
import type { Tlv } from '../tlv/tlv-node.ts';
import { exchange, swHex } from './card-exchange.ts';
import { logStep, type TransactionContext } from './transaction-context.ts';
import { TSI } from './tsi.ts';
import { TVR, setBit } from './tvr.ts';

/** Issuer Script Results (9F5B): 5 bytes per script processed. See EMV 4.4 Book 4, Annex A5. */
export const TAG_9F5B_ISSUER_SCRIPT_RESULTS = 0x9f5b;

// See Book 4, Annex A5: byte 1 b8-b5 the result, b4-b1 the sequence number of the failed command (F: 15 or more).
const RESULT_FAILED = 0x10;
const RESULT_SUCCESSFUL = 0x20;

/**
 * Issuer-to-Card Script Processing: for each template of `template` (71 before the final GENERATE AC, 72 after)
 * in the issuer's scripts, sends its Issuer Script Commands (86) in order; SW1 90, 62 or 63 go on, anything else
 * stops that script and sets TVR byte 5 b6 (71) or b5 (72). Appends a 5-byte result per script to 9F5B and sets
 * the TSI bit when a script was processed. Scripts the terminal cannot parse count as failed.
 * @remarks See EMV 4.4 Book 3, 10.10 (Issuer-to-Card Script Processing); Book 4, Annex A5 (Issuer Script Results).
 */
export async function issuerScriptProcessing(
  context: TransactionContext,
  scripts: Uint8Array | undefined,
  template: typeof TAG_71_ISSUER_SCRIPT_TEMPLATE_1 | typeof TAG_72_ISSUER_SCRIPT_TEMPLATE_2,
): Promise<void> {
  if (!scripts || scripts.length === 0) return;
  const failedBit = template === TAG_71_ISSUER_SCRIPT_TEMPLATE_1 ? TVR.SCRIPT_FAILED_BEFORE_FINAL_GENERATE_AC : TVR.SCRIPT_FAILED_AFTER_FINAL_GENERATE_AC;
  let templates: Tlv[];
  try {
    templates = decodeTlv(scripts).filter((node) => node.tag === template);
  } catch (error) {
    if (!(error instanceof EmvError)) throw error;
    if (template === TAG_71_ISSUER_SCRIPT_TEMPLATE_1) return; // reported once, with the 72 pass
    setBit(context.tvr, TVR.SCRIPT_FAILED_AFTER_FINAL_GENERATE_AC);
    logStep(context, 'issuer scripts could not be parsed: not sent');
    return;
  }
  const results: Uint8Array[] = [];
  for (const script of templates) {
    setBit(context.tsi, TSI.SCRIPT_PROCESSING_PERFORMED);
    const children = script.children ?? [];
    const id = children.find((n) => n.tag === TAG_9F18_ISSUER_SCRIPT_IDENTIFIER)?.value;
    const identifier = id?.length === 4 ? id : new Uint8Array(4);
    const commands = children.filter((n) => n.tag === TAG_86_ISSUER_SCRIPT_COMMAND);
    let result = RESULT_SUCCESSFUL;
    for (let i = 0; i < commands.length; i++) {
      const command = commands[i]!.value;
      const sequence = Math.min(i + 1, 15);
      if (command.length < 4) {
        result = RESULT_FAILED | sequence;
        break;
      }
      const answer = await exchange(context.trx, command);
      // See Book 3, 10.10: SW1 90, 62 or 63: go on; anything else: stop this script.
      if (answer.sw1 !== 0x90 && answer.sw1 !== 0x62 && answer.sw1 !== 0x63) {
        result = RESULT_FAILED | sequence;
        logStep(context, `issuer script ${toHex(identifier)} command ${i + 1}: ${swHex(answer.sw)}, script stopped`);
        break;
      }
    }
    if ((result & 0xf0) === RESULT_FAILED || script.children === undefined) setBit(context.tvr, failedBit);
    results.push(concatBytes([Uint8Array.of(result), identifier]));
  }
  if (results.length === 0) return;
  const before = context.data.get(TAG_9F5B_ISSUER_SCRIPT_RESULTS) ?? new Uint8Array();
  context.data.set(TAG_9F5B_ISSUER_SCRIPT_RESULTS, concatBytes([before, ...results]));
  logStep(context, `issuer scripts (${template.toString(16)}): ${results.length} processed`);
}
