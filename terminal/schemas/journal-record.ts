/**
 * The journal transaction record body: what a terminal journals for each sale, approved or declined. The journal
 * wraps it (sequence framing, hash chain); this is the body only. Not signed itself: it embeds the card's signed
 * debit proof byte for byte, and batches carry the terminal's signature. See SCHEMAS.md.
 *
 * Version 2 (what terminals write now) appends the card kind and, for an old ration card (which signs nothing),
 * the card's transaction counter and balance after the sale instead of a debit proof. Version 1 still decodes (it
 * reads as a unified card's record).
 */
import type { CborValue } from '../codec/cbor.ts';
import { CARD_ID_LENGTH, HOUSEHOLD_ID_LENGTH } from './card-id.ts';
import type { CardId, HouseholdId } from './card-id.ts';
import { decodeDebitProof } from './debit-proof.ts';
import { readItemLines, sameItemLines } from './item-lines.ts';
import { schemaCodec } from './schema-codec.ts';
import { SchemaError } from './schema-error.ts';
import { bool, bytesOrNull, check, int, oneOf, text, tuple, uint } from './schema-fields.ts';
import { SERVICE, SERVICES } from './service.ts';
import type { ItemLine, Service } from './service.ts';

/** The version terminals write now. */
export const JOURNAL_RECORD_VERSION = 2;

/** Which card the sale was on (version 2). */
export const CARD_KIND = { UNIFIED: 0, LEGACY: 1 } as const;
export type CardKind = (typeof CARD_KIND)[keyof typeof CARD_KIND];

export const OUTCOME = { APPROVED: 0, DECLINED: 1 } as const;
export type Outcome = (typeof OUTCOME)[keyof typeof OUTCOME];

/** Cardholder verification method used. */
export const CVM = { NONE: 0, FINGERPRINT: 1, PIN: 2, SUPERVISED_EXCEPTION: 3 } as const;
export type Cvm = (typeof CVM)[keyof typeof CVM];

/** A stable outcome code: `APPROVED`, or a decline code such as `CARD_BLOCKED`. */
export const OUTCOME_CODE_PATTERN = /^[A-Z][A-Z0-9_]{0,47}$/;

interface JournalRecordFields {
  readonly terminalId: number;
  /** The terminal's record sequence number: contiguous from 1, never reused. */
  readonly terminalSeq: number;
  /** Terminal clock, seconds since 1970-01-01 UTC. */
  readonly time: number;
  /** The local offset from UTC in minutes at `time` (Egypt: 120, or 180 in summer time). */
  readonly utcOffsetMinutes: number;
  readonly outcome: Outcome;
  /** `APPROVED` exactly when approved; otherwise the decline code. */
  readonly code: string;
  readonly service: Service;
  /** null when the card could not be read far enough to know it. */
  readonly householdId: HouseholdId | null;
  readonly cardId: CardId | null;
  /** The debit in the service's unit (as in the debit proof); 0 when declined. */
  readonly amount: number;
  readonly items: readonly ItemLine[];
  /** What the customer paid at the counter, piastres. */
  readonly pricePiastres: number;
  readonly cvm: Cvm;
  /** The supervisor's card id, exactly when `cvm` is `SUPERVISED_EXCEPTION`. */
  readonly supervisorCardId: CardId | null;
  /** True if the ledger authorized it online; false for an offline approval or decline. */
  readonly online: boolean;
  /** The card's debit proof as the card sent it (CBOR bytes): present exactly when approved. */
  readonly debitProof: Uint8Array | null;
  readonly parameterVersion: number;
  readonly blocklistVersion: number;
}

/** Version 1: unified cards only; every approval carries the card's debit proof. */
export interface JournalRecordV1 extends JournalRecordFields {
  readonly version: 1;
}

/** Version 2: the card kind; an old ration card's sale carries its counter and balance instead of a proof. */
export interface JournalRecordV2 extends JournalRecordFields {
  readonly version: 2;
  readonly cardKind: CardKind;
  /** Old ration card: its transaction counter after the sale (approved), or as read (declined, may be null). */
  readonly legacyAtc: number | null;
  /** Old ration card: its balance after the sale, piastres (approved), or as read (declined, may be null). */
  readonly legacyBalanceAfter: number | null;
}

export type JournalRecord = JournalRecordV1 | JournalRecordV2;

const FIELDS_V1 = [
  'version', 'terminalId', 'terminalSeq', 'time', 'utcOffsetMinutes', 'outcome', 'code', 'service', 'householdId',
  'cardId', 'amount', 'items', 'pricePiastres', 'cvm', 'supervisorCardId', 'online', 'debitProof',
  'parameterVersion', 'blocklistVersion',
] as const;
const FIELDS_V2 = [...FIELDS_V1, 'cardKind', 'legacyAtc', 'legacyBalanceAfter'] as const;

function toArray(r: JournalRecord): CborValue[] {
  const items = r.items.map((line) => [line[0], line[1]]);
  const v1 = [
    r.version, r.terminalId, r.terminalSeq, r.time, r.utcOffsetMinutes, r.outcome, r.code, r.service, r.householdId,
    r.cardId, r.amount, items, r.pricePiastres, r.cvm, r.supervisorCardId, r.online, r.debitProof,
    r.parameterVersion, r.blocklistVersion,
  ];
  return r.version === 1 ? v1 : [...v1, r.cardKind, r.legacyAtc, r.legacyBalanceAfter];
}

function fromArray(raw: unknown, root: string): JournalRecord {
  // The version decides the field list, so it is read (at its own path) before the length is checked.
  const v = Array.isArray(raw) && raw.length > 0 ? uint(raw[0], `${root}[0].version`) : JOURNAL_RECORD_VERSION;
  if (v !== 1 && v !== 2) throw new SchemaError(`${root}[0].version`, `unsupported version ${v}, expected 1 or 2`);
  const { items: f, at } = tuple(raw, root, v === 1 ? FIELDS_V1 : FIELDS_V2);
  const cardKind = v === 1 ? CARD_KIND.UNIFIED : oneOf(f[19], at(19), Object.values(CARD_KIND));
  const legacyAtc = v === 1 ? null : uintOrNull(f[20], at(20), 0xffff_ffff);
  const legacyBalanceAfter = v === 1 ? null : uintOrNull(f[21], at(21), 0xffff_ffff);
  const terminalId = uint(f[1], at(1), 0xffff_ffff);
  const terminalSeq = uint(f[2], at(2));
  check(terminalSeq >= 1, at(2), 'sequence numbers start at 1');
  const time = uint(f[3], at(3));
  const utcOffsetMinutes = int(f[4], at(4), -720, 840);
  const outcome = oneOf(f[5], at(5), Object.values(OUTCOME));
  const code = text(f[6], at(6), OUTCOME_CODE_PATTERN);
  check((code === 'APPROVED') === (outcome === OUTCOME.APPROVED), at(6), `code ${code} does not fit outcome ${outcome}`);
  const service = oneOf(f[7], at(7), SERVICES);
  const householdId = bytesOrNull(f[8], at(8), HOUSEHOLD_ID_LENGTH);
  const cardId = bytesOrNull(f[9], at(9), CARD_ID_LENGTH);
  const amount = uint(f[10], at(10), 0xffff_ffff);
  const items = readItemLines(f[11], at(11), service, outcome === OUTCOME.DECLINED);
  const pricePiastres = uint(f[12], at(12), 0xffff_ffff);
  const cvm = oneOf(f[13], at(13), Object.values(CVM));
  const supervisorCardId = bytesOrNull(f[14], at(14), CARD_ID_LENGTH);
  check((cvm === CVM.SUPERVISED_EXCEPTION) === (supervisorCardId !== null), at(14), 'present exactly for a supervised exception');
  const online = bool(f[15], at(15));
  const debitProof = bytesOrNull(f[16], at(16));
  const parameterVersion = uint(f[17], at(17));
  const blocklistVersion = uint(f[18], at(18));
  if (cardKind === CARD_KIND.LEGACY) {
    // An old ration card signs nothing: no proof, no cardholder verification; ration goods only, in piastres.
    check(debitProof === null, at(16), 'an old ration card gives no debit proof');
    check(cvm === CVM.NONE, at(13), 'an old ration card verifies no cardholder');
    if (outcome === OUTCOME.APPROVED) {
      check(service === SERVICE.RATION, at(7), 'an old ration card pays ration goods only');
      check(householdId !== null && legacyAtc !== null && legacyBalanceAfter !== null, at(20), 'an old-card approval needs the household, counter and balance');
    }
  } else {
    check(legacyAtc === null && legacyBalanceAfter === null, at(20), 'only an old ration card has these');
  }
  if (outcome === OUTCOME.APPROVED && cardKind === CARD_KIND.UNIFIED) {
    check(debitProof !== null && cardId !== null && householdId !== null, at(16), 'an approval needs the card, household and debit proof');
    checkProofMatches(debitProof, at(16), { cardId, service, amount, items, terminalId, cvm, supervisorCardId });
  } else if (outcome === OUTCOME.DECLINED) {
    check(debitProof === null, at(16), 'a decline carries no debit proof');
    check(amount === 0, at(10), 'a decline debits nothing');
  }
  const common = {
    terminalId, terminalSeq, time, utcOffsetMinutes, outcome, code, service, householdId, cardId, amount,
    items, pricePiastres, cvm, supervisorCardId, online, debitProof, parameterVersion, blocklistVersion,
  };
  return v === 1 ? { version: 1, ...common } : { version: 2, ...common, cardKind, legacyAtc, legacyBalanceAfter };
}

function uintOrNull(value: unknown, path: string, max: number): number | null {
  return value === null ? null : uint(value, path, max);
}

/** The embedded proof must decode and describe this very sale. */
function checkProofMatches(
  proofBytes: Uint8Array,
  path: string,
  sale: {
    cardId: Uint8Array; service: Service; amount: number; items: readonly ItemLine[]; terminalId: number; cvm: Cvm;
    supervisorCardId: Uint8Array | null;
  },
): void {
  let proof;
  try {
    proof = decodeDebitProof(proofBytes);
  } catch (error) {
    // Re-root the proof's own path: debitProof[5].items -> journalRecord[16].debitProof[5].items.
    if (error instanceof SchemaError) {
      throw new SchemaError(path + error.path.slice('debitProof'.length), error.problem, { cause: error });
    }
    throw error;
  }
  check(proof.cardId.every((b, i) => b === sale.cardId[i]), path, 'debit proof is for another card');
  check(proof.service === sale.service, path, 'debit proof is for another service');
  check(proof.amount === sale.amount, path, 'debit proof amount differs');
  check(sameItemLines(proof.items, sale.items), path, 'debit proof item lines differ');
  check(proof.terminalId === sale.terminalId, path, 'debit proof is for another terminal');
  if (proof.version === 3) {
    // The card signed how it verified its holder: the record must say the same (a supervised exception above all).
    check(proof.cvm === sale.cvm, path, 'debit proof verification method differs');
    const s = sale.supervisorCardId;
    const p = proof.supervisorCardId;
    check(p === null ? s === null : s !== null && p.every((b, i) => b === s[i]), path, 'debit proof supervisor differs');
  }
}

/** Codec for `journalRecord` (versions 1 and 2): `encode` and `decode` (the embedded debit proof is decoded and matched too). */
export const journalRecordCodec = schemaCodec<JournalRecord>('journalRecord', toArray, fromArray);

/** Deterministic CBOR of a journal record body; throws `SchemaError` naming the bad field. */
export const encodeJournalRecord = (value: JournalRecord): Uint8Array => journalRecordCodec.encode(value);
/** A journal record body from its CBOR; throws `SchemaError` (code `SCHEMA_INVALID`) naming the bad field. */
export const decodeJournalRecord = (bytes: Uint8Array): JournalRecord => journalRecordCodec.decode(bytes);
