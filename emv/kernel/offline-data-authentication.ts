import { EmvCommands } from '../apdu/emv-commands.ts';
import { EmvError } from '../errors.ts';
import {
  findCaPublicKey,
  recoverIccPublicKey,
  recoverIssuerPublicKey,
  staticDataToAuthenticate,
  verifySignedDynamicApplicationData,
  verifySignedStaticApplicationData,
  type CaPublicKey,
  type RsaPublicKey,
  type YearMonth,
} from '../oda/index.ts';
import { buildDolData } from '../tlv/build-dol-data.ts';
import { decodeTlv } from '../tlv/decode-tlv.ts';
import { tagToHex, toHex } from '../tlv/hex.ts';
import { parseDol } from '../tlv/parse-dol.ts';
import {
  TAG_5A_PAN,
  TAG_77_RESPONSE_TEMPLATE_FORMAT_2,
  TAG_80_RESPONSE_TEMPLATE_FORMAT_1,
  TAG_82_APPLICATION_INTERCHANGE_PROFILE,
  TAG_8F_CA_PUBLIC_KEY_INDEX,
  TAG_90_ISSUER_PUBLIC_KEY_CERTIFICATE,
  TAG_92_ISSUER_PUBLIC_KEY_REMAINDER,
  TAG_93_SIGNED_STATIC_APPLICATION_DATA,
  TAG_9F32_ISSUER_PUBLIC_KEY_EXPONENT,
  TAG_9F37_UNPREDICTABLE_NUMBER,
  TAG_9F45_DATA_AUTHENTICATION_CODE,
  TAG_9F46_ICC_PUBLIC_KEY_CERTIFICATE,
  TAG_9F47_ICC_PUBLIC_KEY_EXPONENT,
  TAG_9F48_ICC_PUBLIC_KEY_REMAINDER,
  TAG_9F49_DDOL,
  TAG_9F4A_SDA_TAG_LIST,
  TAG_9F4B_SIGNED_DYNAMIC_APPLICATION_DATA,
  TAG_9F4C_ICC_DYNAMIC_NUMBER,
} from '../tlv/tags.ts';
import { exchange, swHex } from './card-exchange.ts';
import type { OdaRecord } from './read-application-data.ts';
import { panDigits } from './read-application-data.ts';
import { logStep, lookupData, type TransactionContext } from './transaction-context.ts';
import { TSI } from './tsi.ts';
import { TVR, setBit, type BitRef } from './tvr.ts';
import { AIP1 } from './aip.ts';

/** The offline data authentication method chosen for the transaction. */
export type OdaMethod = 'CDA' | 'DDA' | 'SDA' | 'none';

export interface OfflineDataAuthenticationInput {
  /** The terminal's Certification Authority Public Keys. */
  readonly caKeys: readonly CaPublicKey[];
  /** The RID: the first 5 bytes of the selected application's AID. */
  readonly rid: Uint8Array;
  /** The records the AFL marked for ODA, in the order read. */
  readonly odaRecords: readonly OdaRecord[];
  /** Terminal Capabilities (9F33): byte 3 says which methods the terminal supports. */
  readonly terminalCapabilities: Uint8Array;
  /** Default DDOL for a DDA card without 9F49. */
  readonly defaultDdol: Uint8Array;
  /** The transaction month, for certificate expiry. */
  readonly today: YearMonth;
}

export interface OfflineDataAuthenticationResult {
  readonly method: OdaMethod;
  /** Whether the chosen method has (so far) succeeded; CDA finishes at GENERATE AC. */
  readonly ok: boolean;
  /** The ICC Public Key (DDA and CDA): for the CDA signatures and to encipher the finger for the card. */
  readonly iccPublicKey?: RsaPublicKey;
  /** CDA is to be requested in GENERATE AC (CDA chosen and the ICC key recovered). */
  readonly cdaRequested: boolean;
  /** The Issuer Public Key, when recovered (for the biometric encipherment key, Book 2, 7.1). */
  readonly issuerPublicKey?: RsaPublicKey;
  /** The static data to be authenticated, when built. */
  readonly staticData?: Uint8Array;
}

// See EMV 4.4 Book 3, Annex C1 (AIP byte 1) and Book 4, Annex A2 (Terminal Capabilities byte 3).
const AIP_SDA = AIP1.SDA_SUPPORTED;
const AIP_DDA = AIP1.DDA_SUPPORTED;
const AIP_CDA = AIP1.CDA_SUPPORTED;
const TERM_SDA = 0x80;
const TERM_DDA = 0x40;
const TERM_CDA = 0x08;

/** A failed ODA check; `missing` adds 'ICC data missing'. */
class OdaFailure extends Error {
  constructor(
    message: string,
    readonly missing = false,
  ) {
    super(message);
  }
}

/**
 * Offline Data Authentication: chooses CDA, else DDA, else SDA as both the card (AIP) and the terminal (9F33
 * byte 3) support, finds the CA key by RID and 8F, recovers the issuer key (and for DDA/CDA the ICC key), and
 * verifies the Signed Static Application Data (SDA) or, after INTERNAL AUTHENTICATE, the Signed Dynamic
 * Application Data (DDA). A failure is recorded, not thrown: TVR byte 1 b7/b4/b3 for the method (SDA also sets
 * b2 'SDA selected'), b6 when card data is missing, b8 when no method applies; the TSI bit is set whenever a
 * method was performed. CDA's signature is checked at GENERATE AC (see `generateAc`).
 * @remarks See EMV 4.4 Book 3, 10.3 (Offline Data Authentication); Book 2, 5 (SDA), 6.3-6.5 (DDA), 6.6 (CDA).
 */
export async function offlineDataAuthentication(
  context: TransactionContext,
  input: OfflineDataAuthenticationInput,
): Promise<OfflineDataAuthenticationResult> {
  const aip = context.data.get(TAG_82_APPLICATION_INTERCHANGE_PROFILE) ?? new Uint8Array(2);
  const term = input.terminalCapabilities[2] ?? 0;
  // See Book 3, 10.3: CDA if both support it, else DDA, else SDA.
  const method: OdaMethod =
    aip[0]! & AIP_CDA && term & TERM_CDA
      ? 'CDA'
      : aip[0]! & AIP_DDA && term & TERM_DDA
        ? 'DDA'
        : aip[0]! & AIP_SDA && term & TERM_SDA
          ? 'SDA'
          : 'none';
  if (method === 'none') {
    setBit(context.tvr, TVR.OFFLINE_DATA_AUTHENTICATION_NOT_PERFORMED);
    logStep(context, 'offline data authentication: not performed (no method both support)');
    return { method, ok: false, cdaRequested: false };
  }
  setBit(context.tsi, TSI.OFFLINE_DATA_AUTHENTICATION_PERFORMED);
  if (method === 'SDA') setBit(context.tvr, TVR.SDA_SELECTED);
  const failedBit: BitRef = method === 'SDA' ? TVR.SDA_FAILED : method === 'DDA' ? TVR.DDA_FAILED : TVR.CDA_FAILED;
  let recovered: { issuerPublicKey?: RsaPublicKey; staticData?: Uint8Array } = {};
  try {
    const staticData = buildStaticData(context, input.odaRecords);
    recovered = { staticData };
    const issuerKey = recoverIssuerKey(context, input);
    recovered = { staticData, issuerPublicKey: issuerKey };
    if (method === 'SDA') {
      const signed = need(context, TAG_93_SIGNED_STATIC_APPLICATION_DATA);
      const { dataAuthenticationCode } = checked(() => verifySignedStaticApplicationData(issuerKey, signed, staticData));
      context.data.set(TAG_9F45_DATA_AUTHENTICATION_CODE, dataAuthenticationCode);
      logStep(context, 'offline data authentication: SDA passed');
      return { method, ok: true, cdaRequested: false, ...recovered };
    }
    const iccPublicKey = checked(() =>
      recoverIccPublicKey({
        issuerKey,
        certificate: need(context, TAG_9F46_ICC_PUBLIC_KEY_CERTIFICATE),
        ...optional(context, TAG_9F48_ICC_PUBLIC_KEY_REMAINDER),
        exponent: need(context, TAG_9F47_ICC_PUBLIC_KEY_EXPONENT),
        pan: panDigits(need(context, TAG_5A_PAN)),
        staticData,
        today: input.today,
      }),
    );
    if (method === 'CDA') {
      logStep(context, 'offline data authentication: CDA keys recovered, signature checked at GENERATE AC');
      return { method, ok: true, iccPublicKey, cdaRequested: true, ...recovered };
    }
    await dynamicDataAuthentication(context, iccPublicKey, input.defaultDdol);
    logStep(context, 'offline data authentication: DDA passed');
    return { method, ok: true, iccPublicKey, cdaRequested: false, ...recovered };
  } catch (error) {
    if (!(error instanceof OdaFailure)) throw error;
    setBit(context.tvr, failedBit);
    if (error.missing) setBit(context.tvr, TVR.ICC_DATA_MISSING);
    logStep(context, `offline data authentication: ${method} failed: ${error.message}`);
    return { method, ok: false, cdaRequested: false, ...recovered };
  }
}

/** Runs an ODA primitive; its typed errors become a recorded failure. */
function checked<T>(fn: () => T): T {
  try {
    return fn();
  } catch (error) {
    if (error instanceof EmvError) throw new OdaFailure(`${error.code}: ${error.message}`);
    throw error;
  }
}

function need(context: TransactionContext, tag: number): Uint8Array {
  const value = context.data.get(tag);
  if (!value) throw new OdaFailure(`the card has no ${tagToHex(tag)}`, true);
  return value;
}

function optional(context: TransactionContext, tag: number): { remainder?: Uint8Array } {
  const value = context.data.get(tag);
  return value ? { remainder: value } : {};
}

/** See Book 3, 10.3: the ODA records, then the values 9F4A lists (only the AIP may be listed). */
function buildStaticData(context: TransactionContext, records: readonly OdaRecord[]): Uint8Array {
  const tagList = context.data.get(TAG_9F4A_SDA_TAG_LIST);
  let extra: Uint8Array | undefined;
  if (tagList) {
    if (tagList.length !== 1 || tagList[0] !== TAG_82_APPLICATION_INTERCHANGE_PROFILE) {
      throw new OdaFailure(`the SDA Tag List (9F4A) is ${toHex(tagList)}, not just 82`);
    }
    extra = context.data.get(TAG_82_APPLICATION_INTERCHANGE_PROFILE);
  }
  return checked(() => staticDataToAuthenticate(records, extra));
}

function recoverIssuerKey(context: TransactionContext, input: OfflineDataAuthenticationInput): RsaPublicKey {
  const index = need(context, TAG_8F_CA_PUBLIC_KEY_INDEX);
  if (index.length !== 1) throw new OdaFailure('the CA Public Key Index (8F) is not one byte');
  const ca = findCaPublicKey(input.caKeys, input.rid, index[0]!);
  if (!ca) throw new OdaFailure(`no CA key ${toHex(input.rid)} / ${toHex(index)} in the terminal`);
  return checked(() =>
    recoverIssuerPublicKey({
      ca,
      certificate: need(context, TAG_90_ISSUER_PUBLIC_KEY_CERTIFICATE),
      ...optional(context, TAG_92_ISSUER_PUBLIC_KEY_REMAINDER),
      exponent: need(context, TAG_9F32_ISSUER_PUBLIC_KEY_EXPONENT),
      pan: panDigits(need(context, TAG_5A_PAN)),
      today: input.today,
    }),
  );
}

/**
 * DDA: INTERNAL AUTHENTICATE with the DDOL data (the card's 9F49, else the terminal's default DDOL, which must
 * ask for the Unpredictable Number), then the Signed Dynamic Application Data check; stores 9F4C.
 * @remarks See EMV 4.4 Book 2, 6.5 and Book 3, 6.5.9 (INTERNAL AUTHENTICATE, formats 1 and 2).
 */
async function dynamicDataAuthentication(context: TransactionContext, iccKey: RsaPublicKey, defaultDdol: Uint8Array): Promise<void> {
  const ddolBytes = context.data.get(TAG_9F49_DDOL) ?? defaultDdol;
  const ddol = checked(() => parseDol(ddolBytes));
  // See Book 2, 6.5.1: the DDOL must include the Unpredictable Number.
  if (!ddol.some((entry) => entry.tag === TAG_9F37_UNPREDICTABLE_NUMBER)) {
    throw new OdaFailure('the DDOL does not ask for the Unpredictable Number (9F37)');
  }
  const ddolData = buildDolData(ddol, (tag) => lookupData(context, tag));
  const answer = await exchange(context.trx, EmvCommands.internalAuthenticate(ddolData));
  if (answer.sw !== 0x9000) throw new OdaFailure(`INTERNAL AUTHENTICATE answered ${swHex(answer.sw)}`);
  const signed = checked(() => {
    const nodes = decodeTlv(answer.data);
    const top = nodes[0];
    if (nodes.length === 1 && top?.tag === TAG_80_RESPONSE_TEMPLATE_FORMAT_1) return top.value;
    const inner = top?.tag === TAG_77_RESPONSE_TEMPLATE_FORMAT_2 ? top.children?.find((n) => n.tag === TAG_9F4B_SIGNED_DYNAMIC_APPLICATION_DATA) : undefined;
    if (nodes.length === 1 && inner) return inner.value;
    throw new EmvError('EMV_CARD_DATA_INVALID', 'INTERNAL AUTHENTICATE response is neither 80 nor 77 with 9F4B');
  });
  const { iccDynamicNumber } = checked(() => verifySignedDynamicApplicationData(iccKey, signed, ddolData));
  context.data.set(TAG_9F4C_ICC_DYNAMIC_NUMBER, iccDynamicNumber);
}
