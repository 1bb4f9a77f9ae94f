/**
 * The journal body of a card payment (journal record type 6, `CARD_PAYMENT_RECORD_TYPE`): one EMV payment on the
 * card's payment application (KARTPAY), approved or not, with what the kernel and the card said. Deterministic
 * CBOR positional array, version 1, like every schema here (SCHEMAS.md, "card payment"). Not signed on its own:
 * the card's application cryptogram is in it, and batches carry the terminal's signature.
 *
 * The PAN is never journaled in clear: `panMasked` keeps the first 6 and last 4 digits (PCI DSS 3.4 display rule),
 * `panToken` is HMAC-SHA-256 of the PAN under the acquirer's tokenisation key, so the ledger (holding the key) can
 * match payments of one card and nobody can brute-force the PAN from the journal.
 *
 * @remarks Field meanings: EMV 4.4 Book 3, Annex A (data elements 9F02, 5F2A, 9F36, 9F26, 9F27, 95, 9B, 9F34,
 * 9F10, 9F37, 8A); Book 4, Annex A4 (CVM Results) and A5 (TSI).
 */
import type { CborValue } from '../codec/cbor.ts';
import { schemaCodec } from './schema-codec.ts';
import { SchemaError } from './schema-error.ts';
import { bool, bytes, bytesOrNull, check, int, oneOf, text, tuple, uint } from './schema-fields.ts';

/** The journal record type of a card payment (1 transaction, 2 debit intent, 3 settled, 4 foreign debit, 5 day register). */
export const CARD_PAYMENT_RECORD_TYPE = 6;

export const CARD_PAYMENT_RECORD_VERSION = 1;

export const PAYMENT_OUTCOME = { APPROVED: 0, DECLINED: 1 } as const;
export type PaymentOutcome = (typeof PAYMENT_OUTCOME)[keyof typeof PAYMENT_OUTCOME];

/**
 * The type of the last application cryptogram the card gave: CID (9F27) b8-b7 00 AAC, 01 TC, 10 ARQC.
 * See EMV 4.4 Book 3, 6.5.5.4, Table 14.
 */
export const CRYPTOGRAM_TYPE = { AAC: 0, TC: 1, ARQC: 2 } as const;
export type CryptogramType = (typeof CRYPTOGRAM_TYPE)[keyof typeof CRYPTOGRAM_TYPE];

/** `APPROVED`, or a decline code (`CARD_DECLINED`, `ISSUER_DECLINED`, ...). */
export const PAYMENT_CODE_PATTERN = /^[A-Z][A-Z0-9_]{0,47}$/;
/** First 6 and last 4 digits of a 12- to 19-digit PAN, the rest as `*`. */
export const MASKED_PAN_PATTERN = /^[0-9]{6}\*{2,9}[0-9]{4}$/;
/** Authorisation Response Code (8A): an 2, two printable characters (Book 3, Annex A; Book 4, Annex A6). */
export const ARC_PATTERN = /^[\x20-\x7e]{2}$/;

export interface CardPaymentRecord {
  readonly version: 1;
  readonly terminalId: number;
  /** Terminal clock, seconds since 1970-01-01 UTC. */
  readonly time: number;
  /** Local offset from UTC at `time`, minutes (Egypt 120, summer 180). */
  readonly utcOffsetMinutes: number;
  readonly outcome: PaymentOutcome;
  /** `APPROVED` exactly when approved, else the decline code. */
  readonly code: string;
  /** Application identifier (4F / 84) of the payment application, 5 to 16 bytes. */
  readonly aid: Uint8Array;
  readonly panMasked: string;
  /** HMAC-SHA-256(tokenisation key, PAN digits), 32 bytes. */
  readonly panToken: Uint8Array;
  /** PAN Sequence Number (5F34), when the card has one. */
  readonly panSequenceNumber: number | null;
  /** Amount, Authorised (9F02), minor units of `currency`. */
  readonly amount: number;
  /** Transaction Currency Code (5F2A), ISO 4217 numeric. */
  readonly currency: number;
  /** Application Transaction Counter (9F36); null when the card never gave one (ended before GENERATE AC). */
  readonly atc: number | null;
  /** The last cryptogram's type; null when no GENERATE AC was answered. */
  readonly cryptogramType: CryptogramType | null;
  /** The last Application Cryptogram (9F26), 8 bytes. */
  readonly cryptogram: Uint8Array | null;
  /** Cryptogram Information Data (9F27) of the last GENERATE AC. */
  readonly cid: number | null;
  /** Terminal Verification Results (95), 5 bytes. */
  readonly tvr: Uint8Array;
  /** Transaction Status Information (9B), 2 bytes. */
  readonly tsi: Uint8Array;
  /** CVM Results (9F34), 3 bytes. */
  readonly cvmResults: Uint8Array;
  /** Issuer Application Data (9F10), at most 32 bytes. */
  readonly iad: Uint8Array | null;
  /** Unpredictable Number (9F37), 4 bytes. */
  readonly unpredictableNumber: Uint8Array;
  /** Whether the issuer was reached (an authorisation response came back). */
  readonly online: boolean;
  /** Authorisation Response Code (8A): the issuer's, or the terminal's Y1/Z1/Y3/Z3 offline codes. */
  readonly arc: string | null;
}

const FIELDS = [
  'version', 'terminalId', 'time', 'utcOffsetMinutes', 'outcome', 'code', 'aid', 'panMasked', 'panToken',
  'panSequenceNumber', 'amount', 'currency', 'atc', 'cryptogramType', 'cryptogram', 'cid', 'tvr', 'tsi', 'cvmResults',
  'iad', 'unpredictableNumber', 'online', 'arc',
] as const;

/** 9F02 is n 12: at most 999 999 999 999 minor units. */
const MAX_AMOUNT = 999_999_999_999;

function toArray(r: CardPaymentRecord): CborValue[] {
  return [
    r.version, r.terminalId, r.time, r.utcOffsetMinutes, r.outcome, r.code, r.aid, r.panMasked, r.panToken,
    r.panSequenceNumber, r.amount, r.currency, r.atc, r.cryptogramType, r.cryptogram, r.cid, r.tvr, r.tsi, r.cvmResults,
    r.iad, r.unpredictableNumber, r.online, r.arc,
  ];
}

function fromArray(raw: unknown, root: string): CardPaymentRecord {
  const v = Array.isArray(raw) && raw.length > 0 ? uint(raw[0], `${root}[0].version`) : CARD_PAYMENT_RECORD_VERSION;
  if (v !== 1) throw new SchemaError(`${root}[0].version`, `unsupported version ${v}, expected 1`);
  const { items: f, at } = tuple(raw, root, FIELDS);
  const terminalId = uint(f[1], at(1), 0xffff_ffff);
  const time = uint(f[2], at(2));
  const utcOffsetMinutes = int(f[3], at(3), -720, 840);
  const outcome = oneOf(f[4], at(4), Object.values(PAYMENT_OUTCOME));
  const code = text(f[5], at(5), PAYMENT_CODE_PATTERN);
  check((code === 'APPROVED') === (outcome === PAYMENT_OUTCOME.APPROVED), at(5), `code ${code} does not fit outcome ${outcome}`);
  const aid = bytes(f[6], at(6));
  check(aid.length >= 5 && aid.length <= 16, at(6), `expected 5 to 16 bytes, got ${aid.length}`);
  const panMasked = text(f[7], at(7), MASKED_PAN_PATTERN);
  const panToken = bytes(f[8], at(8), 32);
  const panSequenceNumber = f[9] === null ? null : uint(f[9], at(9), 99);
  const amount = uint(f[10], at(10), MAX_AMOUNT);
  const currency = uint(f[11], at(11), 999);
  const atc = f[12] === null ? null : uint(f[12], at(12), 0xffff);
  const cryptogramType = f[13] === null ? null : oneOf(f[13], at(13), Object.values(CRYPTOGRAM_TYPE));
  const cryptogram = bytesOrNull(f[14], at(14), 8);
  const cid = f[15] === null ? null : uint(f[15], at(15), 0xff);
  check((cryptogramType === null) === (cryptogram === null) && (cryptogram === null) === (cid === null), at(13),
    'cryptogram type, cryptogram and CID come together');
  if (cid !== null) check(cidType(cid) === cryptogramType, at(15), `CID ${cid.toString(16).padStart(2, '0')} does not give cryptogram type ${cryptogramType}`);
  if (cryptogram !== null) check(atc !== null, at(12), 'a cryptogram comes with its ATC');
  const tvr = bytes(f[16], at(16), 5);
  const tsi = bytes(f[17], at(17), 2);
  const cvmResults = bytes(f[18], at(18), 3);
  const iad = bytesOrNull(f[19], at(19));
  if (iad !== null) check(iad.length <= 32, at(19), `at most 32 bytes, got ${iad.length}`);
  const unpredictableNumber = bytes(f[20], at(20), 4);
  const online = bool(f[21], at(21));
  const arc = f[22] === null ? null : text(f[22], at(22), ARC_PATTERN);
  if (outcome === PAYMENT_OUTCOME.APPROVED) {
    // See EMV 4.4 Book 3, 10.8 and 10.9: a transaction is approved only by a TC from the card.
    check(cryptogramType === CRYPTOGRAM_TYPE.TC, at(13), 'an approval needs the card\'s TC');
    check(!online || arc !== null, at(22), 'an online approval carries the issuer\'s response code');
  }
  return {
    version: 1, terminalId, time, utcOffsetMinutes, outcome, code, aid, panMasked, panToken, panSequenceNumber, amount,
    currency, atc, cryptogramType, cryptogram, cid, tvr, tsi, cvmResults, iad, unpredictableNumber, online, arc,
  };
}

/** The cryptogram type CID b8-b7 give; undefined for the RFU value 11. See EMV 4.4 Book 3, 6.5.5.4, Table 14. */
export function cidType(cid: number): CryptogramType | undefined {
  switch (cid & 0xc0) {
    case 0x00: return CRYPTOGRAM_TYPE.AAC;
    case 0x40: return CRYPTOGRAM_TYPE.TC;
    case 0x80: return CRYPTOGRAM_TYPE.ARQC;
    default: return undefined;
  }
}

/** Codec for `cardPaymentRecord` version 1. */
export const cardPaymentRecordCodec = schemaCodec<CardPaymentRecord>('cardPaymentRecord', toArray, fromArray);

/** Deterministic CBOR of a card payment record; throws `SchemaError` naming the bad field. */
export const encodeCardPaymentRecord = (value: CardPaymentRecord): Uint8Array => cardPaymentRecordCodec.encode(value);
/** A card payment record from its CBOR; throws `SchemaError` (code `SCHEMA_INVALID`) naming the bad field. */
export const decodeCardPaymentRecord = (bytes: Uint8Array): CardPaymentRecord => cardPaymentRecordCodec.decode(bytes);
