import { createHash } from 'node:crypto';
import { EmvCommands } from '../apdu/emv-commands.ts';
import { EmvError } from '../errors.ts';
import { transactionDataHashCode, verifyCdaSignature, type RsaPublicKey } from '../oda/index.ts';
import { buildDolData } from '../tlv/build-dol-data.ts';
import { concatBytes } from '../tlv/encode-tlv.ts';
import { toHex } from '../tlv/hex.ts';
import { parseDol, type DolEntry } from '../tlv/parse-dol.ts';
import {
  TAG_77_RESPONSE_TEMPLATE_FORMAT_2,
  TAG_80_RESPONSE_TEMPLATE_FORMAT_1,
  TAG_97_TDOL,
  TAG_98_TC_HASH_VALUE,
  TAG_9F10_ISSUER_APPLICATION_DATA,
  TAG_9F26_APPLICATION_CRYPTOGRAM,
  TAG_9F27_CRYPTOGRAM_INFORMATION_DATA,
  TAG_9F36_ATC,
  TAG_9F37_UNPREDICTABLE_NUMBER,
  TAG_9F4B_SIGNED_DYNAMIC_APPLICATION_DATA,
  TAG_9F4C_ICC_DYNAMIC_NUMBER,
} from '../tlv/tags.ts';
import { cardFault, decodeCardTlv, exchange, swHex } from './card-exchange.ts';
import type { CryptogramType } from './terminal-action-analysis.ts';
import { logStep, lookupData, type TransactionContext } from './transaction-context.ts';
import { TVR, setBit } from './tvr.ts';

/** CDA inputs: the ICC key and the DOL data the Transaction Data Hash Code covers. */
export interface CdaRequest {
  readonly iccPublicKey: RsaPublicKey;
  /** PDOL data as sent in GET PROCESSING OPTIONS. */
  readonly pdolData: Uint8Array;
  /** CDOL1 data of the first GENERATE AC (for the second, the first's data). */
  readonly cdol1Data?: Uint8Array;
}

export interface GenerateAcInput {
  readonly type: CryptogramType;
  /** CDOL1 (8C) for the first GENERATE AC, CDOL2 (8D) for the second. */
  readonly cdol: Uint8Array;
  readonly second: boolean;
  /** Present when a CDA signature is to be requested (never for an AAC). */
  readonly cda?: CdaRequest;
  /** The terminal's default TDOL, for a CDOL asking for the TC Hash Value (98) when the card has no 97. */
  readonly defaultTdol: Uint8Array;
}

export interface GenerateAcResult {
  /** Cryptogram Information Data (9F27). */
  readonly cid: number;
  readonly cryptogram: CryptogramType;
  /** The CDOL data sent. */
  readonly cdolData: Uint8Array;
  /** CDA: undefined when not requested or not applicable (AAC), else whether the signature verified. */
  readonly cdaVerified?: boolean;
}

// See EMV 4.4 Book 3, 6.5.5.4, table 15: CID b8-b7.
const CID_TYPES: Record<number, CryptogramType | undefined> = { 0x00: 'AAC', 0x40: 'TC', 0x80: 'ARQC' };
// See Book 3, 6.5.5.2 (Table 12): asked for a TC the card may answer TC, ARQC or AAC; asked for an ARQC, ARQC or
// AAC; asked for an AAC, only AAC. So the order is AAC < ARQC < TC, and an answer above the type asked is a fault.
const RANK: Record<CryptogramType, number> = { AAC: 0, ARQC: 1, TC: 2 };

/**
 * One GENERATE AC: builds the CDOL data (with the TC Hash Value over the TDOL when asked), sends the command
 * (with the CDA bit when `cda` is given), reads a format 1 or 2 answer into 9F27, 9F36, 9F26, 9F10 and, for CDA,
 * verifies the Signed Dynamic Application Data and takes the cryptogram from it (a failure sets TVR 'CDA failed'
 * and `cdaVerified: false`). A status other than 9000, a malformed answer, an RFU cryptogram type or one above
 * the type asked for are card faults.
 * @remarks See EMV 4.4 Book 3, 6.5.5 (GENERATE AC), 9.2.1 (TC Hash Value), 10.8; Book 2, 6.6.2 (CDA check).
 */
export async function generateAc(context: TransactionContext, input: GenerateAcInput): Promise<GenerateAcResult> {
  const label = input.second ? 'second GENERATE AC' : 'first GENERATE AC';
  const cdol = dol(input.cdol, input.second ? 'CDOL2 (8D)' : 'CDOL1 (8C)');
  if (cdol.some((entry) => entry.tag === TAG_98_TC_HASH_VALUE)) context.data.set(TAG_98_TC_HASH_VALUE, tcHash(context, input.defaultTdol));
  const cdolData = buildDolData(cdol, (tag) => lookupData(context, tag));
  // See Book 3, 6.5.5.2: 80 AE P1 00 Lc CDOL data 00, P1 b8-b7 the type, b5 CDA signature requested.
  const answer = await exchange(context.trx, EmvCommands.generateAc(input.type, cdolData, input.cda !== undefined));
  if (answer.sw !== 0x9000) throw cardFault('EMV_CARD_REFUSED', `${label} answered ${swHex(answer.sw)}`);
  const nodes = decodeCardTlv(answer.data, `${label} response`);
  const top = nodes[0];
  if (nodes.length !== 1 || !top) throw cardFault('EMV_CARD_DATA_INVALID', `${label} response is not one template`);
  let cid: number;
  let signed: Uint8Array | undefined;
  let withoutSignature: Uint8Array = new Uint8Array();
  if (top.tag === TAG_80_RESPONSE_TEMPLATE_FORMAT_1) {
    // See Book 3, 6.5.5.4: format 1: CID (1), ATC (2), AC (8), IAD (optional, up to 32).
    if (top.value.length < 11 || top.value.length > 43) throw cardFault('EMV_CARD_DATA_INVALID', `${label} format 1 has ${top.value.length} bytes`);
    cid = top.value[0]!;
    context.data.set(TAG_9F27_CRYPTOGRAM_INFORMATION_DATA, top.value.slice(0, 1));
    context.data.set(TAG_9F36_ATC, top.value.slice(1, 3));
    context.data.set(TAG_9F26_APPLICATION_CRYPTOGRAM, top.value.slice(3, 11));
    if (top.value.length > 11) context.data.set(TAG_9F10_ISSUER_APPLICATION_DATA, top.value.slice(11));
  } else if (top.tag === TAG_77_RESPONSE_TEMPLATE_FORMAT_2 && top.children) {
    const children = top.children;
    const cidValue = children.find((n) => n.tag === TAG_9F27_CRYPTOGRAM_INFORMATION_DATA)?.value;
    const atc = children.find((n) => n.tag === TAG_9F36_ATC)?.value;
    if (cidValue?.length !== 1 || atc?.length !== 2) {
      throw cardFault('EMV_CARD_DATA_INVALID', `${label} format 2 without a 1-byte 9F27 and a 2-byte 9F36`);
    }
    cid = cidValue[0]!;
    context.data.delete(TAG_9F26_APPLICATION_CRYPTOGRAM);
    for (const node of children) {
      if (node.tag === TAG_9F4B_SIGNED_DYNAMIC_APPLICATION_DATA) signed = node.value;
      else if (!node.children) context.data.set(node.tag, node.value);
    }
    // See Book 2, 6.6.2 step 10: the objects as the card returned them (raw bytes), without 9F4B.
    withoutSignature = concatBytes(rawObjects(top.value).filter((o) => o.tag !== TAG_9F4B_SIGNED_DYNAMIC_APPLICATION_DATA).map((o) => o.raw));
  } else {
    throw cardFault('EMV_CARD_DATA_INVALID', `${label} response is neither format 1 (80) nor format 2 (77)`);
  }
  const cryptogram = CID_TYPES[cid & 0xc0];
  if (!cryptogram) throw cardFault('EMV_CARD_DATA_INVALID', `${label}: CID ${toHex(Uint8Array.of(cid))} has the RFU type 11`);
  // See Book 3, 6.5.5.2: the card may answer a more cautious cryptogram than asked for (AAC < ARQC < TC), never a
  // less cautious one; at the second GENERATE AC only TC or AAC.
  if (RANK[cryptogram] > RANK[input.type] || (input.second && cryptogram === 'ARQC')) {
    throw cardFault('EMV_CARD_DATA_INVALID', `${label}: asked for ${input.type}, the card answered ${cryptogram}`);
  }
  let cdaVerified: boolean | undefined;
  if (input.cda && cryptogram !== 'AAC') {
    cdaVerified = verifyCda(context, input.cda, cid, signed, withoutSignature, input.second ? cdolData : undefined, cdolData);
    if (!cdaVerified) setBit(context.tvr, TVR.CDA_FAILED);
  } else if (!context.data.get(TAG_9F26_APPLICATION_CRYPTOGRAM)) {
    throw cardFault('EMV_CARD_DATA_MISSING', `${label} response without an Application Cryptogram (9F26)`);
  }
  logStep(context, `${label}: asked ${input.type}${input.cda ? ' with CDA' : ''}, card gave ${cryptogram}${cdaVerified === undefined ? '' : cdaVerified ? ', CDA verified' : ', CDA failed'}`);
  return { cid, cryptogram, cdolData, ...(cdaVerified === undefined ? {} : { cdaVerified }) };
}

/** See Book 2, 6.6.2: the Transaction Data Hash Code, then the signature; takes 9F26 and 9F4C from it. */
function verifyCda(
  context: TransactionContext,
  cda: CdaRequest,
  cid: number,
  signed: Uint8Array | undefined,
  responseWithoutSignature: Uint8Array,
  cdol2Data: Uint8Array | undefined,
  thisCdolData: Uint8Array,
): boolean {
  const unpredictableNumber = context.data.get(TAG_9F37_UNPREDICTABLE_NUMBER);
  if (!signed || !unpredictableNumber) return false;
  try {
    const hash = transactionDataHashCode(cda.pdolData, cda.cdol1Data ?? thisCdolData, responseWithoutSignature, cdol2Data);
    const recovered = verifyCdaSignature(cda.iccPublicKey, signed, {
      unpredictableNumber,
      cryptogramInformationData: cid,
      transactionDataHashCode: hash,
    });
    context.data.set(TAG_9F26_APPLICATION_CRYPTOGRAM, recovered.applicationCryptogram);
    context.data.set(TAG_9F4C_ICC_DYNAMIC_NUMBER, recovered.iccDynamicNumber);
    return true;
  } catch (error) {
    if (error instanceof EmvError) return false;
    throw error;
  }
}

function dol(bytes: Uint8Array, name: string): DolEntry[] {
  try {
    return parseDol(bytes);
  } catch (error) {
    if (error instanceof EmvError) throw cardFault('EMV_CARD_DATA_INVALID', `${name}: ${error.message}`, error);
    throw error;
  }
}

/**
 * TC Hash Value (98): SHA-1 of the TDOL data, the card's TDOL (97) or else the terminal's default (TVR byte 5 b8
 * 'default TDOL used').
 * @remarks See EMV 4.4 Book 3, 9.2.1 (TC Hash Value).
 */
function tcHash(context: TransactionContext, defaultTdol: Uint8Array): Uint8Array {
  let tdol = context.data.get(TAG_97_TDOL);
  if (!tdol) {
    tdol = defaultTdol;
    setBit(context.tvr, TVR.DEFAULT_TDOL_USED);
  }
  const data = buildDolData(dol(tdol, 'TDOL (97)'), (tag) => lookupData(context, tag));
  return new Uint8Array(createHash('sha1').update(data).digest());
}

/**
 * The data objects of a template's value as raw byte ranges (tag, length and value exactly as sent), padding
 * bytes 00 / FF between them skipped. The value was already decoded, so it is well formed.
 * @remarks See EMV 4.4 Book 3, Annex B1 and B2.
 */
function rawObjects(value: Uint8Array): { tag: number; raw: Uint8Array }[] {
  const out: { tag: number; raw: Uint8Array }[] = [];
  let pos = 0;
  while (pos < value.length) {
    const start = pos;
    const first = value[pos++]!;
    if (first === 0x00 || first === 0xff) continue;
    let tag = first;
    if ((first & 0x1f) === 0x1f) {
      let more = true;
      while (more && pos < value.length) {
        const byte = value[pos++]!;
        tag = tag * 256 + byte;
        more = (byte & 0x80) !== 0;
      }
    }
    let length = value[pos++] ?? 0;
    if (length > 0x80) {
      const count = length & 0x7f;
      length = 0;
      for (let i = 0; i < count; i++) length = length * 256 + (value[pos++] ?? 0);
    }
    pos = Math.min(value.length, pos + length);
    out.push({ tag, raw: value.subarray(start, pos) });
  }
  return out;
}
