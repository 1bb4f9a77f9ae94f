import type { AppletResponse } from './applet.ts';
import type { CommandApdu } from './command-apdu.ts';
import { responseApdu, SW_6700_WRONG_LENGTH, SW_6985_CONDITIONS_NOT_SATISFIED, SW_6A86_WRONG_P1_P2 } from './status-word.ts';

/** A response ready for the wire, and whether the command must leave no trace (6Cxx: it will be reissued). */
export interface ShapedResponse {
  readonly bytes: Uint8Array;
  readonly discard: boolean;
}

interface Pending {
  readonly channel: number;
  readonly data: Uint8Array;
  readonly sw: number;
}

/** SW 61xx: SW2 = bytes still available, 00 for 256 or more. See ISO/IEC 7816-4:2020, Table 6. */
const available = (count: number): number => 0x6100 | (count > 0xff ? 0 : count);
/** SW 6Cxx: wrong Le, SW2 = exact length. See ISO/IEC 7816-3:2006, 12.2.2. */
const wrongLe = (count: number): number => 0x6c00 | (count & 0xff);

/**
 * Turns an applet's answer into the response APDU the chosen protocol would carry, and serves GET RESPONSE.
 *
 * T=0 (as real T=0 cards, where the TPDU of a case-4 command has no Le): any response data to a command
 * carrying data is announced with 61xx and fetched with GET RESPONSE; a case-2 command whose Le differs from
 * the data length gets 6Cxx and must be reissued with the exact Le. T=1: data comes with the response, cut to
 * Ne with 61xx for the rest.
 *
 * @remarks See ISO/IEC 7816-3:2006, 12.2 (T=0 transport of APDUs, cases 2S and 4S) and 12.3 (T=1);
 * ISO/IEC 7816-4:2020, 7.4 (GET RESPONSE) and 5.3.4; EMV 4.4 Book 1, 9.3.1.
 */
export class ResponseShaper {
  #pending: Pending | undefined;

  constructor(readonly protocol: 'T=0' | 'T=1') {}

  /** Drops any response waiting for GET RESPONSE (any other command, power loss). */
  clear(): void {
    this.#pending = undefined;
  }

  shape(apdu: CommandApdu, channel: number, response: AppletResponse): ShapedResponse {
    this.#pending = undefined;
    const data = response.data ?? new Uint8Array(0);
    const sw = response.sw;
    if (data.length === 0) return { bytes: responseApdu(sw), discard: false };
    const expectsLe = apdu.case === 2 || apdu.case === 4;
    if (this.protocol === 'T=0') {
      // See 7816-3 12.2.4: a case-4 TPDU carries no Le, so the card announces its data with 61xx.
      if (apdu.case !== 2) return this.#hold(channel, data, sw, 0);
      if (apdu.ne === data.length) return { bytes: responseApdu(sw, data), discard: false };
      // See 7816-3 12.2.2: case 2 with Le != Na gets 6Cxx, unless more than one short Le can hold.
      if (data.length > apdu.ne && apdu.ne >= 256) return this.#hold(channel, data, sw, apdu.ne);
      return { bytes: responseApdu(wrongLe(data.length)), discard: true };
    }
    if (expectsLe && data.length <= apdu.ne) return { bytes: responseApdu(sw, data), discard: false };
    return this.#hold(channel, data, sw, expectsLe ? apdu.ne : 0);
  }

  /** GET RESPONSE (INS C0). See ISO/IEC 7816-4:2020, 7.4.2. */
  getResponse(apdu: CommandApdu, channel: number): Uint8Array {
    const pending = this.#pending;
    if (apdu.p1 !== 0 || apdu.p2 !== 0) return responseApdu(SW_6A86_WRONG_P1_P2);
    if (apdu.data.length > 0) return responseApdu(SW_6700_WRONG_LENGTH);
    if (!pending || pending.channel !== channel) {
      this.#pending = undefined;
      return responseApdu(SW_6985_CONDITIONS_NOT_SATISFIED);
    }
    const ne = apdu.ne === 0 ? 256 : apdu.ne; // See 7816-3 12.2.2: P3 = 00 asks for 256 bytes.
    const left = pending.data.length;
    if (this.protocol === 'T=0' && ne > left) return responseApdu(wrongLe(left));
    const take = Math.min(ne, left);
    const chunk = pending.data.subarray(0, take);
    if (take === left) {
      this.#pending = undefined;
      return responseApdu(pending.sw, chunk);
    }
    this.#pending = { ...pending, data: pending.data.subarray(take) };
    return responseApdu(available(left - take), chunk);
  }

  #hold(channel: number, data: Uint8Array, sw: number, sendNow: number): ShapedResponse {
    const now = data.subarray(0, sendNow);
    const rest = data.slice(sendNow);
    this.#pending = { channel, data: rest, sw };
    return { bytes: responseApdu(available(rest.length), now), discard: false };
  }
}
