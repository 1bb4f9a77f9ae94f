/**
 * Fixtures for the ledger and sync suites: a test PKI (CA → issuer → cards, from the schemas-v1 test keys),
 * signed bread debits, in-memory key stores, and a terminal (journal on PowerLossStorage + key) that sells.
 * TEST KEYS ONLY.
 */
import { createPublicKey, generateKeyPairSync, sign, type KeyObject } from 'node:crypto';
import { Journal } from '../../terminal/journal/journal.ts';
import { PowerLossStorage } from '../../terminal/journal/power-loss-storage.ts';
import type { KeyStore } from '../../terminal/keys/key-store.ts';
import { CERT_KIND, certificateCodec, encodeCertificate, KEY_USAGE, type Certificate } from '../../terminal/schemas/certificate.ts';
import { debitProofCodec } from '../../terminal/schemas/debit-proof.ts';
import { CVM, encodeJournalRecord, OUTCOME } from '../../terminal/schemas/journal-record.ts';
import { keyIdOf } from '../../terminal/schemas/p256.ts';
import { SERVICE } from '../../terminal/schemas/service.ts';
import { TRANSACTION_RECORD_TYPE } from '../../terminal/sync/batch-totals.ts';
import { testKeyPair, type TestKeyPair } from '../fixtures/schemas-v1/test-keys.ts';

/** 2025-03-15, days since 1970-01-01. */
export const DAY = 20162;
export const DAY_START_S = DAY * 86_400;

/** An in-memory ES256 key store (fresh random key unless one is given). */
export function memoryKeyStore(privateKey?: KeyObject): KeyStore & { readonly privateKey: KeyObject } {
  const key = privateKey ?? generateKeyPairSync('ec', { namedCurve: 'prime256v1' }).privateKey;
  const spki = new Uint8Array(createPublicKey(key).export({ format: 'der', type: 'spki' }));
  return {
    privateKey: key,
    publicKey: async () => spki.slice(),
    sign: async (data) => new Uint8Array(sign('sha256', data, { key, dsaEncoding: 'ieee-p1363' })),
  };
}

export interface TestCard {
  readonly cardId: Uint8Array;
  readonly householdId: Uint8Array;
  readonly key: TestKeyPair;
  readonly issuerBytes: Uint8Array;
  readonly cardBytes: Uint8Array;
}

const caKey = testKeyPair('issuer-ca');
const issuerKey = testKeyPair('issuer');

export const CA_CERT: Certificate = certificateCodec.sign({
  version: 1, kind: CERT_KIND.CA, serial: 1, subject: 1, notBefore: 19_723, notAfter: 27_028,
  keyUsage: KEY_USAGE.CERT_SIGN | KEY_USAGE.LIST_SIGN, publicKey: caKey.publicKey, signerKeyId: keyIdOf(caKey.publicKey),
}, caKey.privateKey);

const ISSUER_BYTES = encodeCertificate(certificateCodec.sign({
  version: 1, kind: CERT_KIND.ISSUER, serial: 10, subject: 818, notBefore: 19_723, notAfter: 23_375,
  keyUsage: KEY_USAGE.CERT_SIGN, publicKey: issuerKey.publicKey, signerKeyId: keyIdOf(caKey.publicKey),
}, caKey.privateKey));

const hexId = (prefix: number, n: number): Uint8Array => {
  const out = new Uint8Array(8);
  new DataView(out.buffer).setUint32(0, prefix);
  new DataView(out.buffer).setUint32(4, n);
  return out;
};

const cardCache = new Map<string, TestCard>();

/** Test card number `n` of household number `household` (the same on every call). */
export function testCard(n: number, household: number): TestCard {
  const id = `${n}/${household}`;
  const cached = cardCache.get(id);
  if (cached) return cached;
  const key = testKeyPair(`ledger card ${n}`);
  const cardId = hexId(0x50780300, n);
  const householdId = hexId(0, household);
  const cardBytes = encodeCertificate(certificateCodec.sign({
    version: 1, kind: CERT_KIND.CARD, serial: 1_000_000 + n, subject: { cardId, householdId }, notBefore: 20_148, notAfter: 21_243,
    keyUsage: KEY_USAGE.DEBIT_SIGN, publicKey: key.publicKey, signerKeyId: keyIdOf(issuerKey.publicKey),
  }, issuerKey.privateKey));
  const card = { cardId, householdId, key, issuerBytes: ISSUER_BYTES, cardBytes };
  cardCache.set(id, card);
  return card;
}

export interface SaleOptions {
  readonly terminalId: number;
  readonly seq: number;
  readonly card: TestCard;
  readonly atc: number;
  readonly loaves?: number;
  /** Seconds since the epoch (default 06:00 UTC on DAY plus seq minutes). */
  readonly time?: number;
  readonly day?: number;
  /** Sign the proof with another key (a forgery). */
  readonly signingKey?: KeyObject;
}

/** A journal record body: an approved offline bread sale with the card's signed debit proof. */
export function breadSale(o: SaleOptions): Uint8Array {
  const loaves = o.loaves ?? 5;
  const proof = debitProofCodec.sign({
    version: 1, cardId: o.card.cardId, atc: o.atc, service: SERVICE.BREAD, amount: loaves, items: [], balanceAfter: 100,
    date: o.day ?? DAY, terminalId: o.terminalId, challenge: new Uint8Array(16).fill(o.seq & 0xff),
  }, o.signingKey ?? o.card.key.privateKey);
  return encodeJournalRecord({
    version: 1, terminalId: o.terminalId, terminalSeq: o.seq, time: o.time ?? DAY_START_S + 6 * 3600 + o.seq * 60,
    utcOffsetMinutes: 120, outcome: OUTCOME.APPROVED, code: 'APPROVED', service: SERVICE.BREAD,
    householdId: o.card.householdId, cardId: o.card.cardId, amount: loaves, items: [], pricePiastres: loaves * 20,
    cvm: CVM.FINGERPRINT, supervisorCardId: null, online: false, debitProof: debitProofCodec.encode(proof),
    parameterVersion: 1, blocklistVersion: 1,
  });
}

/** A journal record body: an approved offline ration sale of `piastres` (one line of item 1), with its signed proof. */
export function rationSale(o: Omit<SaleOptions, 'loaves'> & { readonly piastres: number }): Uint8Array {
  const items = [[1, 1] as const];
  const proof = debitProofCodec.sign({
    version: 1, cardId: o.card.cardId, atc: o.atc, service: SERVICE.RATION, amount: o.piastres, items, balanceAfter: 0,
    date: o.day ?? DAY, terminalId: o.terminalId, challenge: new Uint8Array(16).fill(o.seq & 0xff),
  }, o.signingKey ?? o.card.key.privateKey);
  return encodeJournalRecord({
    version: 1, terminalId: o.terminalId, terminalSeq: o.seq, time: o.time ?? DAY_START_S + 6 * 3600 + o.seq * 60,
    utcOffsetMinutes: 120, outcome: OUTCOME.APPROVED, code: 'APPROVED', service: SERVICE.RATION,
    householdId: o.card.householdId, cardId: o.card.cardId, amount: o.piastres, items, pricePiastres: o.piastres,
    cvm: CVM.FINGERPRINT, supervisorCardId: null, online: false, debitProof: debitProofCodec.encode(proof),
    parameterVersion: 1, blocklistVersion: 1,
  });
}

/** A declined sale body (card on the blocklist). */
export function declinedSale(terminalId: number, seq: number, card: TestCard): Uint8Array {
  return encodeJournalRecord({
    version: 1, terminalId, terminalSeq: seq, time: DAY_START_S + 7 * 3600 + seq, utcOffsetMinutes: 120, outcome: OUTCOME.DECLINED,
    code: 'CARD_BLOCKED', service: SERVICE.BREAD, householdId: card.householdId, cardId: card.cardId, amount: 0, items: [],
    pricePiastres: 0, cvm: CVM.NONE, supervisorCardId: null, online: false, debitProof: null, parameterVersion: 1, blocklistVersion: 1,
  });
}

/** A terminal under test: its journal (in-memory, power-loss capable), key and id. */
export interface TestTerminal {
  readonly terminalId: number;
  readonly storage: PowerLossStorage;
  journal: Journal;
  readonly keys: ReturnType<typeof memoryKeyStore>;
  /** Appends an approved bread sale of `card` (next ATC per card) and returns its seq. */
  sell(card: TestCard, loaves?: number, time?: number): Promise<number>;
}

const atcs = new Map<string, number>();
/** The next ATC for a card in this process (every sale unique). */
export function nextAtc(card: TestCard): number {
  const key = Buffer.from(card.cardId).toString('hex');
  const atc = (atcs.get(key) ?? 0) + 1;
  atcs.set(key, atc);
  return atc;
}

export async function testTerminal(terminalId: number, seed = terminalId): Promise<TestTerminal> {
  const storage = new PowerLossStorage({ seed });
  const terminal: TestTerminal = {
    terminalId, storage, journal: await Journal.open({ storage }), keys: memoryKeyStore(),
    async sell(card, loaves = 5, time) {
      const seq = terminal.journal.state.lastSeq + 1;
      const body = breadSale({ terminalId, seq, card, atc: nextAtc(card), loaves, ...(time === undefined ? {} : { time }) });
      return (await terminal.journal.append({ type: TRANSACTION_RECORD_TYPE, body })).seq;
    },
  };
  return terminal;
}

