import { EmvError } from '../errors.ts';
import type { Transceiver } from '../transceiver.ts';
import { buildCommandApdu } from './command-apdu.ts';
import { claForChannel, describeCla } from './describe-command.ts';
import { parseCommandApdu, type ParsedCommandApdu } from './parse-command-apdu.ts';
import { buildResponseApdu, parseResponseApdu } from './response-apdu.ts';
import { concatBytes } from '../tlv/encode-tlv.ts';

/** Options for {@link withT0Rules}. */
export interface T0Options {
  /** Most extra exchanges (GET RESPONSE or re-sent commands) for one command (default 32); one more → `EMV_T0_CHAINING_LIMIT`. */
  readonly maxGetResponse?: number;
}

/**
 * Wraps a transceiver that talks to a T=0 card so the kernel can send whole C-APDUs and get whole R-APDUs:
 * - a short case 4 command is sent without Le (T=0 carries it as case 3); the card then answers 61xx;
 * - on 61xx the wrapper sends GET RESPONSE (CLA for the same logical channel, INS C0, Le = xx) and
 *   concatenates the data of every response, repeating while the card answers 61xx;
 * - on 6Cxx to a command that had an Le, it re-sends that command with Le = xx (the 6Cxx data is dropped);
 * - when a case 4 command gets a warning (62xx/63xx) without data, it sends GET RESPONSE with Le = 00 and
 *   returns the data with the warning status, unless the GET RESPONSE ended in an error, which wins.
 * The loop is bounded by `maxGetResponse`, so a card answering 61xx forever cannot hang the kernel.
 * Extended-length commands are sent unchanged (T=0 carries them only inside ENVELOPE, not done here).
 * Throws `EMV_APDU_MALFORMED` for a C-APDU that does not parse, `EMV_RESPONSE_MALFORMED` for an R-APDU
 * under 2 bytes, `EMV_T0_CHAINING_LIMIT` past the limit.
 * @remarks See EMV 4.4 Book 1, 9.3.1 (transportation of C-APDUs and R-APDUs in T=0: 9.3.1.1 case 4 without
 * Le, 9.3.1.2 the 61xx and 6Cxx procedure, 9.3.1.3 GET RESPONSE), Annex A (exchanges, A7 case 4 with a
 * warning) and ISO/IEC 7816-3:2006, 12.2.
 */
export function withT0Rules(trx: Transceiver, options: T0Options = {}): Transceiver {
  const limit = options.maxGetResponse ?? 32;
  return async (capdu) => {
    const command = parseCommandApdu(capdu);
    const getResponseCla = claForChannel(describeCla(command.cla).channel);
    // See EMV 4.4 Book 1, 9.3.1.1: case 4 goes out as case 3; the card's 61xx leads to GET RESPONSE.
    let sent: ParsedCommandApdu =
      command.case === 4 && !command.extended ? { ...command, le: undefined, case: 3 } : command;
    let response = parseResponseApdu(await trx(sent === command ? capdu : buildCommandApdu(sent)));
    const chunks: Uint8Array[] = [];
    let warning: number | undefined;
    let exchanges = 0;
    for (;;) {
      let next: ParsedCommandApdu;
      if (response.sw1 === 0x61) {
        // See EMV 4.4 Book 1, 9.3.1.2 and 9.3.1.3: GET RESPONSE with Le = SW2.
        chunks.push(response.data);
        next = getResponse(getResponseCla, response.sw2 || 0x100);
      } else if (response.sw1 === 0x6c && sent.le !== undefined) {
        // See EMV 4.4 Book 1, 9.3.1.2: re-send the command with Le = SW2.
        next = { ...sent, le: response.sw2 || 0x100 };
      } else if (
        command.case === 4 &&
        exchanges === 0 &&
        response.data.length === 0 &&
        (response.sw1 === 0x62 || response.sw1 === 0x63)
      ) {
        // See EMV 4.4 Book 1, Annex A7: case 4 with a warning, then GET RESPONSE with Le = 00.
        warning = response.sw;
        next = getResponse(getResponseCla, 0x100);
      } else {
        break;
      }
      if (++exchanges > limit) {
        throw new EmvError('EMV_T0_CHAINING_LIMIT', `card asked for more than ${limit} GET RESPONSE/re-send exchanges`);
      }
      sent = next;
      response = parseResponseApdu(await trx(buildCommandApdu(sent)));
    }
    chunks.push(response.data);
    const sw = warning !== undefined && response.sw === 0x9000 ? warning : response.sw;
    return buildResponseApdu(concatBytes(chunks), sw);
  };
}

function getResponse(cla: number, le: number): ParsedCommandApdu {
  // See EMV 4.4 Book 1, 9.3.1.3: GET RESPONSE is CLA '00' (here: of the command's channel), INS 'C0', P1 P2 '0000'.
  return { cla, ins: 0xc0, p1: 0x00, p2: 0x00, data: new Uint8Array(), le, case: 2, extended: false };
}
