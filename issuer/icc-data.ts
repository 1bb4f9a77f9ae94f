import type { CryptogramInput } from '../emv/cryptogram/application-cryptogram.ts';
import { decodeIssuerApplicationData } from '../emv/cryptogram/issuer-application-data.ts';
import { decodeN } from '../emv/tlv/data-format.ts';
import { decodeTlv } from '../emv/tlv/decode-tlv.ts';
import { decodeEmvDate } from '../emv/tlv/emv-date.ts';
import { tagToHex } from '../emv/tlv/hex.ts';
import {
  TAG_5F2A_TRANSACTION_CURRENCY_CODE,
  TAG_82_APPLICATION_INTERCHANGE_PROFILE,
  TAG_95_TERMINAL_VERIFICATION_RESULTS,
  TAG_9A_TRANSACTION_DATE,
  TAG_9C_TRANSACTION_TYPE,
  TAG_9F02_AMOUNT_AUTHORISED,
  TAG_9F03_AMOUNT_OTHER,
  TAG_9F10_ISSUER_APPLICATION_DATA,
  TAG_9F1A_TERMINAL_COUNTRY_CODE,
  TAG_9F26_APPLICATION_CRYPTOGRAM,
  TAG_9F27_CRYPTOGRAM_INFORMATION_DATA,
  TAG_9F36_ATC,
  TAG_9F37_UNPREDICTABLE_NUMBER,
} from '../emv/tlv/tags.ts';

/** What the issuer reads from the ICC data (ISO 8583 field 55) of one request. */
export interface IccData {
  readonly cryptogram: Uint8Array;
  /** AC type from 9F27 bits 8-7. */
  readonly cryptogramType: 'AAC' | 'TC' | 'ARQC';
  readonly derivationKeyIndex: number;
  readonly cryptogramVersion: number;
  readonly input: CryptogramInput;
  /** 9F02 in minor units. */
  readonly amount: number;
  /** 9A as `YYYY-MM-DD`. */
  readonly transactionDate: string;
}

/** A parse result: the data, or a reason (English, no card data) with what could still be read for an ARPC. */
export type IccDataResult =
  | { readonly ok: true; readonly data: IccData }
  | { readonly ok: false; readonly reason: string; readonly cryptogram?: Uint8Array; readonly atc?: number };

/** Fixed lengths of the data objects the host needs; 9F03 may be absent (then zero, as a DOL would fill it). */
const REQUIRED: ReadonlyArray<readonly [number, number]> = [
  [TAG_9F26_APPLICATION_CRYPTOGRAM, 8],
  [TAG_9F27_CRYPTOGRAM_INFORMATION_DATA, 1],
  [TAG_9F36_ATC, 2],
  [TAG_9F37_UNPREDICTABLE_NUMBER, 4],
  [TAG_95_TERMINAL_VERIFICATION_RESULTS, 5],
  [TAG_9A_TRANSACTION_DATE, 3],
  [TAG_9C_TRANSACTION_TYPE, 1],
  [TAG_9F02_AMOUNT_AUTHORISED, 6],
  [TAG_5F2A_TRANSACTION_CURRENCY_CODE, 2],
  [TAG_82_APPLICATION_INTERCHANGE_PROFILE, 2],
  [TAG_9F1A_TERMINAL_COUNTRY_CODE, 2],
];

const AC_TYPES = ['AAC', 'TC', 'ARQC'] as const;

/**
 * Reads the ICC data of an authorisation or clearing request. Never throws: a malformed TLV string, a duplicated,
 * missing or wrong-length data object, an undecodable IAD, amount or date all give `{ ok: false, reason }`.
 * @remarks See EMV 4.4 Book 2, 8.1.1, Table 28 (the data the cryptogram covers) and Book 3, Annex A (formats).
 */
export function parseIccData(iccData: Uint8Array): IccDataResult {
  if (!(iccData instanceof Uint8Array)) return { ok: false, reason: 'ICC data is not a byte string' };
  let objects: Map<number, Uint8Array>;
  try {
    objects = new Map();
    for (const node of decodeTlv(iccData, { recurse: false })) {
      if (objects.has(node.tag)) return { ok: false, reason: `ICC data has tag ${tagToHex(node.tag)} twice` };
      objects.set(node.tag, node.value);
    }
  } catch (error) {
    return { ok: false, reason: `ICC data is not valid BER-TLV (${errorCode(error)})` };
  }
  const cryptogram = objects.get(TAG_9F26_APPLICATION_CRYPTOGRAM);
  const atcBytes = objects.get(TAG_9F36_ATC);
  const partial = {
    ...(cryptogram?.length === 8 ? { cryptogram } : {}),
    ...(atcBytes?.length === 2 ? { atc: (atcBytes[0]! << 8) | atcBytes[1]! } : {}),
  };
  const fail = (reason: string): IccDataResult => ({ ok: false, reason, ...partial });
  for (const [tag, length] of REQUIRED) {
    const value = objects.get(tag);
    if (value === undefined) return fail(`ICC data lacks tag ${tagToHex(tag)}`);
    if (value.length !== length) return fail(`ICC data tag ${tagToHex(tag)} is ${value.length} bytes, not ${length}`);
  }
  const amountOther = objects.get(TAG_9F03_AMOUNT_OTHER) ?? new Uint8Array(6);
  if (amountOther.length !== 6) return fail(`ICC data tag 9F03 is ${amountOther.length} bytes, not 6`);
  const iadBytes = objects.get(TAG_9F10_ISSUER_APPLICATION_DATA);
  if (iadBytes === undefined) return fail('ICC data lacks tag 9F10');
  const get = (tag: number): Uint8Array => objects.get(tag)!;
  try {
    const iad = decodeIssuerApplicationData(iadBytes);
    const amount = Number(decodeN(get(TAG_9F02_AMOUNT_AUTHORISED)));
    decodeN(amountOther);
    const transactionDate = decodeEmvDate(get(TAG_9A_TRANSACTION_DATE));
    const cid = get(TAG_9F27_CRYPTOGRAM_INFORMATION_DATA)[0]!;
    const cryptogramType = AC_TYPES[cid >> 6];
    if (cryptogramType === undefined) return fail('ICC data 9F27 has the RFU AC type 11');
    return {
      ok: true,
      data: {
        cryptogram: get(TAG_9F26_APPLICATION_CRYPTOGRAM),
        cryptogramType,
        derivationKeyIndex: iad.derivationKeyIndex,
        cryptogramVersion: iad.cryptogramVersion,
        amount,
        transactionDate,
        input: {
          amountAuthorised: get(TAG_9F02_AMOUNT_AUTHORISED),
          amountOther,
          terminalCountryCode: get(TAG_9F1A_TERMINAL_COUNTRY_CODE),
          tvr: get(TAG_95_TERMINAL_VERIFICATION_RESULTS),
          transactionCurrencyCode: get(TAG_5F2A_TRANSACTION_CURRENCY_CODE),
          transactionDate: get(TAG_9A_TRANSACTION_DATE),
          transactionType: get(TAG_9C_TRANSACTION_TYPE)[0]!,
          unpredictableNumber: get(TAG_9F37_UNPREDICTABLE_NUMBER),
          aip: get(TAG_82_APPLICATION_INTERCHANGE_PROFILE),
          atc: partial.atc!,
          cvr: iad.cvr,
        },
      },
    };
  } catch (error) {
    return fail(`ICC data has a malformed value (${errorCode(error)})`);
  }
}

function errorCode(error: unknown): string {
  return typeof error === 'object' && error !== null && 'code' in error ? String(error.code) : 'unexpected error';
}
