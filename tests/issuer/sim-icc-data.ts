/**
 * The card side of an online authorisation, for the issuer host tests: builds field 55 ICC data the way Kart's
 * payment card would (Kart IAD, ARQC over Table 28 + CVR under the test IMK), with any data object overridable.
 */
import { applicationCryptogram, type CryptogramInput } from '../../emv/cryptogram/application-cryptogram.ts';
import { emptyCvr, encodeCvr, encodeIssuerApplicationData, KART_CVN_01 } from '../../emv/cryptogram/issuer-application-data.ts';
import { deriveIccMasterKey, deriveSessionKey } from '../../emv/cryptogram/keys.ts';
import { encodeN } from '../../emv/tlv/data-format.ts';
import { encodeTlv } from '../../emv/tlv/encode-tlv.ts';
import { fromHex } from '../../emv/tlv/hex.ts';
import { KART_TEST_DERIVATION_KEY_INDEX, KART_TEST_ISSUER_MASTER_KEY_AC } from '../../issuer/test-issuer.ts';

export interface SimTransaction {
  readonly pan: string;
  readonly psn: number;
  readonly atc: number;
  /** Minor units. */
  readonly amount: number;
  readonly issuerMasterKey?: Uint8Array;
  /** 9F27: 0x80 ARQC (default), 0x40 TC, 0x00 AAC. */
  readonly cid?: number;
  readonly cryptogramVersion?: number;
  /** YYMMDD, default 261122. */
  readonly date?: string;
  readonly unpredictableNumber?: string;
  /** Replace the computed 9F26 (to simulate a forged or corrupted ARQC). */
  readonly cryptogram?: Uint8Array;
  /** Extra or replacement data objects, hex by tag number; `null` drops the tag. */
  readonly overrides?: ReadonlyMap<number, Uint8Array | null>;
}

/** The ICC data of one transaction, and the ARQC it carries. */
export function simIccData(tx: SimTransaction): { iccData: Uint8Array; arqc: Uint8Array; input: CryptogramInput } {
  const cvr = encodeCvr(emptyCvr(tx.cid === 0x40 ? 'TC' : tx.cid === 0x00 ? 'AAC' : 'ARQC'));
  const iad = encodeIssuerApplicationData({
    derivationKeyIndex: KART_TEST_DERIVATION_KEY_INDEX,
    cryptogramVersion: tx.cryptogramVersion ?? KART_CVN_01,
    cvr,
  });
  const input: CryptogramInput = {
    amountAuthorised: encodeN(tx.amount, 6),
    amountOther: new Uint8Array(6),
    terminalCountryCode: fromHex('0818'),
    tvr: fromHex('0000000000'),
    transactionCurrencyCode: fromHex('0818'),
    transactionDate: fromHex(tx.date ?? '261122'),
    transactionType: 0x00,
    unpredictableNumber: fromHex(tx.unpredictableNumber ?? '1A2B3C4D'),
    aip: fromHex('3900'),
    atc: tx.atc,
    cvr,
  };
  const mk = deriveIccMasterKey(tx.issuerMasterKey ?? KART_TEST_ISSUER_MASTER_KEY_AC, tx.pan, tx.psn);
  const arqc = tx.cryptogram ?? applicationCryptogram(deriveSessionKey(mk, tx.atc), input);
  const objects = new Map<number, Uint8Array | null>([
    [0x9f26, arqc],
    [0x9f27, Uint8Array.of(tx.cid ?? 0x80)],
    [0x9f10, iad],
    [0x9f37, input.unpredictableNumber],
    [0x9f36, Uint8Array.of(tx.atc >> 8, tx.atc & 0xff)],
    [0x95, input.tvr],
    [0x9a, input.transactionDate],
    [0x9c, Uint8Array.of(input.transactionType)],
    [0x9f02, input.amountAuthorised],
    [0x9f03, input.amountOther],
    [0x5f2a, input.transactionCurrencyCode],
    [0x82, input.aip],
    [0x9f1a, input.terminalCountryCode],
    [0x9f34, fromHex('1F0302')],
  ]);
  for (const [tag, value] of tx.overrides ?? []) objects.set(tag, value);
  const nodes = [...objects].flatMap(([tag, value]) => (value === null ? [] : [{ tag, value }]));
  return { iccData: encodeTlv(nodes), arqc, input };
}
