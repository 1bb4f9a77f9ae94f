import { EmvCommands } from '../apdu/emv-commands.ts';
import { EmvError } from '../errors.ts';
import { encodeTlv } from '../tlv/encode-tlv.ts';
import {
  TAG_5F2A_TRANSACTION_CURRENCY_CODE,
  TAG_82_APPLICATION_INTERCHANGE_PROFILE,
  TAG_84_DF_NAME,
  TAG_8A_AUTHORISATION_RESPONSE_CODE,
  TAG_91_ISSUER_AUTHENTICATION_DATA,
  TAG_95_TERMINAL_VERIFICATION_RESULTS,
  TAG_9A_TRANSACTION_DATE,
  TAG_9C_TRANSACTION_TYPE,
  TAG_9F02_AMOUNT_AUTHORISED,
  TAG_9F03_AMOUNT_OTHER,
  TAG_9F10_ISSUER_APPLICATION_DATA,
  TAG_9F1A_TERMINAL_COUNTRY_CODE,
  TAG_9F26_APPLICATION_CRYPTOGRAM,
  TAG_9F27_CRYPTOGRAM_INFORMATION_DATA,
  TAG_9F33_TERMINAL_CAPABILITIES,
  TAG_9F34_CVM_RESULTS,
  TAG_9F35_TERMINAL_TYPE,
  TAG_9F36_ATC,
  TAG_9F37_UNPREDICTABLE_NUMBER,
  TAG_5F34_PAN_SEQUENCE_NUMBER,
} from '../tlv/tags.ts';
import { exchange, swHex } from './card-exchange.ts';
import { logStep, lookupData, type TransactionContext } from './transaction-context.ts';
import { TSI } from './tsi.ts';
import { TVR, setBit } from './tvr.ts';
import { AIP1 } from './aip.ts';

/** The authorisation request the kernel hands the acquirer link (the issuer host's AuthorisationRequest). */
export interface OnlineRequest {
  readonly pan: string;
  readonly panSequenceNumber: number;
  /** TLV: 9F26 9F27 9F10 9F37 9F36 95 9A 9C 9F02 9F03 5F2A 82 9F1A 9F34 (those present), then 84 9F33 9F35 5F34. */
  readonly iccData: Uint8Array;
  /** Finger online: the Biometric Verification Data Template for the issuer. */
  readonly onlineBiometric?: Uint8Array;
}

/** The issuer's answer (the issuer host's AuthorisationResponse fits), optionally with issuer scripts. */
export interface OnlineResponse {
  /** Authorisation Response Code (8A), two characters: '00' approved, '05' declined, ... */
  readonly authorisationResponseCode: string;
  /** The issuer's own verdict; when absent, '00', '10' and '11' approve. */
  readonly approved?: boolean;
  /** Issuer Authentication Data (91): ARPC and ARC (or proprietary). */
  readonly issuerAuthenticationData?: Uint8Array;
  /** Issuer Script Templates 71 / 72 as TLV bytes. */
  readonly issuerScripts?: Uint8Array;
  readonly reason?: string;
}

/** Sends the authorisation request: the issuer's answer, or 'unable' when no host could be reached. */
export type GoOnline = (request: OnlineRequest) => Promise<OnlineResponse | 'unable'>;

export type OnlineProcessingResult =
  | { readonly kind: 'unable' }
  | {
      readonly kind: 'answered';
      readonly approved: boolean;
      readonly authorisationResponseCode: string;
      readonly issuerScripts?: Uint8Array;
      readonly reason?: string;
    };

/** The data objects of the authorisation request, in this order. See Book 4, 12.2 / Annex (online messages). */
const ICC_DATA_TAGS: readonly number[] = [
  TAG_9F26_APPLICATION_CRYPTOGRAM,
  TAG_9F27_CRYPTOGRAM_INFORMATION_DATA,
  TAG_9F10_ISSUER_APPLICATION_DATA,
  TAG_9F37_UNPREDICTABLE_NUMBER,
  TAG_9F36_ATC,
  TAG_95_TERMINAL_VERIFICATION_RESULTS,
  TAG_9A_TRANSACTION_DATE,
  TAG_9C_TRANSACTION_TYPE,
  TAG_9F02_AMOUNT_AUTHORISED,
  TAG_9F03_AMOUNT_OTHER,
  TAG_5F2A_TRANSACTION_CURRENCY_CODE,
  TAG_82_APPLICATION_INTERCHANGE_PROFILE,
  TAG_9F1A_TERMINAL_COUNTRY_CODE,
  TAG_9F34_CVM_RESULTS,
  TAG_84_DF_NAME,
  TAG_9F33_TERMINAL_CAPABILITIES,
  TAG_9F35_TERMINAL_TYPE,
  TAG_5F34_PAN_SEQUENCE_NUMBER,
];

/** Authorisation Response Codes that approve when the issuer gives no explicit verdict. See Book 4, Annex A6. */
const APPROVING_ARCS: ReadonlySet<string> = new Set(['00', '10', '11']);

/** The ICC data of the authorisation request: the tags above that the transaction has, as TLV. */
export function buildIccData(context: TransactionContext): Uint8Array {
  const nodes = [];
  for (const tag of ICC_DATA_TAGS) {
    const value = lookupData(context, tag);
    if (value) nodes.push({ tag, value });
  }
  return encodeTlv(nodes);
}

/**
 * Online Processing: sends the ARQC and its data to the issuer through `goOnline`; stores the ARC (8A) and the
 * Issuer Authentication Data (91). When the AIP says the card supports issuer authentication (byte 1 b3) and 91
 * came back, EXTERNAL AUTHENTICATE sends it (TSI 'issuer authentication performed'; any answer but 9000 sets
 * TVR 'issuer authentication failed'); otherwise 91 reaches the card through CDOL2. An ARC that is not two
 * printable characters is `EMV_FORMAT_INVALID` (the transaction ends).
 * @remarks See EMV 4.4 Book 3, 10.9 (Online Processing) and 6.5.4 (EXTERNAL AUTHENTICATE); Book 4, Annex A6.
 */
export async function onlineProcessing(
  context: TransactionContext,
  input: { readonly goOnline: GoOnline; readonly pan: string; readonly panSequenceNumber: number; readonly onlineBiometric?: Uint8Array },
): Promise<OnlineProcessingResult> {
  const request: OnlineRequest = {
    pan: input.pan,
    panSequenceNumber: input.panSequenceNumber,
    iccData: buildIccData(context),
    ...(input.onlineBiometric ? { onlineBiometric: input.onlineBiometric } : {}),
  };
  const response = await input.goOnline(request);
  if (response === 'unable') {
    logStep(context, 'online processing: unable to go online');
    return { kind: 'unable' };
  }
  const arc = response.authorisationResponseCode;
  if (typeof arc !== 'string' || !/^[\x20-\x7e]{2}$/.test(arc)) {
    throw new EmvError('EMV_FORMAT_INVALID', 'the issuer answered an Authorisation Response Code that is not two characters');
  }
  context.data.set(TAG_8A_AUTHORISATION_RESPONSE_CODE, new TextEncoder().encode(arc));
  const approved = response.approved ?? APPROVING_ARCS.has(arc);
  const iad = response.issuerAuthenticationData;
  if (iad && iad.length > 0) {
    context.data.set(TAG_91_ISSUER_AUTHENTICATION_DATA, Uint8Array.from(iad));
    const aip = context.data.get(TAG_82_APPLICATION_INTERCHANGE_PROFILE);
    if (aip && (aip[0]! & AIP1.ISSUER_AUTHENTICATION_SUPPORTED) !== 0) {
      // See Book 3, 10.9 and 6.5.4: EXTERNAL AUTHENTICATE 00 82 00 00 Lc <91 value>, at most once.
      setBit(context.tsi, TSI.ISSUER_AUTHENTICATION_PERFORMED);
      const answer = await exchange(context.trx, EmvCommands.externalAuthenticate(iad));
      if (answer.sw !== 0x9000) {
        setBit(context.tvr, TVR.ISSUER_AUTHENTICATION_FAILED);
        logStep(context, `EXTERNAL AUTHENTICATE: ${swHex(answer.sw)}, issuer authentication failed`);
      } else {
        logStep(context, 'EXTERNAL AUTHENTICATE: issuer authenticated');
      }
    }
  }
  logStep(context, `online processing: issuer ${approved ? 'approved' : 'declined'} (ARC ${arc})`);
  return {
    kind: 'answered',
    approved,
    authorisationResponseCode: arc,
    ...(response.issuerScripts ? { issuerScripts: response.issuerScripts } : {}),
    ...(response.reason ? { reason: response.reason } : {}),
  };
}
