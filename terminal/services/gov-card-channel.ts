/**
 * The services' channel to the card: sends one command through the session's `Transceiver`, honouring the
 * transaction's AbortSignal before each command (the reader honours it during one), and splits the answer.
 * `expectOk` turns any status word but 9000 into `SVC_CARD_PROTOCOL`; `valueOf` reads one data object.
 */
import { parseResponseApdu } from '../../emv/apdu/response-apdu.ts';
import { decodeTlv } from '../../emv/tlv/decode-tlv.ts';
import type { Transceiver } from '../../emv/transceiver.ts';
import { throwIfAborted } from '../hal/errors.ts';
import { ServiceError } from './service-error.ts';

/** A response: data and status word. */
export interface CardAnswer {
  readonly data: Uint8Array;
  readonly sw: number;
}

/** Commands to one card, cancelable. */
export interface GovCardChannel {
  send(capdu: Uint8Array, what: string): Promise<CardAnswer>;
  /** Sends and requires 9000. */
  expectOk(capdu: Uint8Array, what: string): Promise<Uint8Array>;
  readonly signal: AbortSignal | undefined;
}

const hex4 = (sw: number): string => sw.toString(16).toUpperCase().padStart(4, '0');

/** A channel over `transceive`; every command first checks `signal` (`HAL_CANCELED`). */
export function govCardChannel(transceive: Transceiver, signal?: AbortSignal): GovCardChannel {
  const send = async (capdu: Uint8Array, what: string): Promise<CardAnswer> => {
    throwIfAborted(signal, what);
    let answer;
    try {
      answer = parseResponseApdu(await transceive(capdu));
    } catch (error) {
      if ((error as { code?: string }).code === 'EMV_RESPONSE_MALFORMED') {
        throw new ServiceError('SVC_CARD_PROTOCOL', `${what}: the card's answer is not a response APDU`, { cause: error });
      }
      throw error;
    }
    return { data: answer.data, sw: answer.sw };
  };
  return {
    signal,
    send,
    async expectOk(capdu, what) {
      const { data, sw } = await send(capdu, what);
      if (sw !== 0x9000) throw new ServiceError('SVC_CARD_PROTOCOL', `${what}: the card answered ${hex4(sw)}`);
      return data;
    },
  };
}

/** The value of the one top-level (or nested, with `path`) data object `tag`; `SVC_CARD_PROTOCOL` when absent or malformed. */
export function valueOf(data: Uint8Array, tag: number, what: string): Uint8Array {
  const found = optionalValueOf(data, tag, what);
  if (!found) throw new ServiceError('SVC_CARD_PROTOCOL', `${what}: no tag ${tag.toString(16).toUpperCase()} in the card's answer`);
  return found;
}

/** Like `valueOf`, undefined when the tag is absent. */
export function optionalValueOf(data: Uint8Array, tag: number, what: string): Uint8Array | undefined {
  try {
    const stack = decodeTlv(data, { ffPadding: false });
    const queue = [...stack];
    while (queue.length > 0) {
      const node = queue.shift()!;
      if (node.tag === tag) return node.value;
      queue.push(...(node.children ?? []));
    }
    return undefined;
  } catch (error) {
    throw new ServiceError('SVC_CARD_PROTOCOL', `${what}: the card's data is not BER-TLV`, { cause: error });
  }
}

/** All values of `tag` among the direct children of the constructed object in `data`. */
export function allValuesOf(data: Uint8Array, tag: number, what: string): Uint8Array[] {
  try {
    const nodes = decodeTlv(data, { ffPadding: false });
    const children = nodes.flatMap((n) => [...(n.children ?? [n])]);
    return children.filter((n) => n.tag === tag).map((n) => n.value);
  } catch (error) {
    throw new ServiceError('SVC_CARD_PROTOCOL', `${what}: the card's data is not BER-TLV`, { cause: error });
  }
}
