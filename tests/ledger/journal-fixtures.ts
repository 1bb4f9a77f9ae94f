/**
 * Fixtures for the ledger suites that need what terminals journal now (not a suite): journal record v2 bodies
 * (an old ration card's sale; a unified sale with a v3 proof, supervised or not), debit intents (type 2), their
 * settlement (3) and foreign debit reports (4), supervisor card certificates, and a ledger on PGlite with a helper
 * that appends bodies to a terminal's journal and ingests them as one batch. TEST KEYS ONLY.
 */
import { buildBatch } from '../../terminal/sync/batch.ts';
import { decodeBatchAck, type BatchAck } from '../../terminal/sync/batch-ack.ts';
import { parseCoseSign1 } from '../../terminal/sync/cose-sign1.ts';
import { CERT_KIND, certificateCodec, encodeCertificate, KEY_USAGE } from '../../terminal/schemas/certificate.ts';
import { debitProofCodec, encodeDebitProof, type DebitProofV3 } from '../../terminal/schemas/debit-proof.ts';
import { CARD_KIND, CVM, encodeJournalRecord, OUTCOME, type Cvm } from '../../terminal/schemas/journal-record.ts';
import { keyIdOf } from '../../terminal/schemas/p256.ts';
import { SERVICE, type Service } from '../../terminal/schemas/service.ts';
import { encodeForeignDebit, encodeIntent, encodeSettled, RECORD_TYPE } from '../../terminal/services/service-records.ts';
import { Ledger } from '../../ledger/ledger.ts';
import type { FlagRules } from '../../ledger/flags.ts';
import { DEFAULT_FLAG_RULES } from '../../ledger/flags.ts';
import { PgliteStore } from '../../ledger/store/pglite-store.ts';
import { testKeyPair } from '../fixtures/schemas-v1/test-keys.ts';
import { CA_CERT, DAY, DAY_START_S, memoryKeyStore, testTerminal, type TestCard, type TestTerminal } from './ledger-fixtures.ts';

export { DAY, DAY_START_S };

const issuerKey = testKeyPair('issuer');

/** A registered-able supervisor's (or, `supervise` false, an ordinary) card certificate of household `household`. */
export function staffCertificate(n: number, supervise = true): { cardId: Uint8Array; cardBytes: Uint8Array } {
  const cardId = Uint8Array.of(0x53, 0x55, 0x50, 0, 0, 0, n >> 8, n & 0xff);
  const cardBytes = encodeCertificate(certificateCodec.sign({
    version: 1, kind: CERT_KIND.CARD, serial: 2_000_000 + n, subject: { cardId, householdId: Uint8Array.of(0x4f, 0, 0, 0, 0, 0, n >> 8, n & 0xff) },
    notBefore: 20_148, notAfter: 21_243, keyUsage: KEY_USAGE.DEBIT_SIGN | (supervise ? KEY_USAGE.SUPERVISE : 0),
    publicKey: testKeyPair(`staff ${n}`).publicKey, signerKeyId: keyIdOf(issuerKey.publicKey),
  }, issuerKey.privateKey));
  return { cardId, cardBytes };
}

export interface V3Sale {
  readonly terminalId: number;
  readonly seq: number;
  readonly card: TestCard;
  readonly atc: number;
  readonly service?: Service;
  readonly amount?: number;
  readonly cvm?: Cvm;
  readonly supervisorCardId?: Uint8Array | null;
  readonly day?: number;
  /** Terminal time, seconds (default 06:00 UTC of `day` + seq minutes). */
  readonly time?: number;
  readonly challenge?: Uint8Array;
}

/** A version 3 debit proof (bytes) as the card signs it. */
export function v3Proof(o: V3Sale): { bytes: Uint8Array; proof: DebitProofV3 } {
  const service = o.service ?? SERVICE.BREAD;
  const proof = debitProofCodec.sign({
    version: 3, cardId: o.card.cardId, atc: o.atc, service, amount: o.amount ?? 5, items: service === SERVICE.RATION ? [[1, 1]] : [],
    balanceAfter: 100, date: o.day ?? DAY, terminalId: o.terminalId, challenge: o.challenge ?? new Uint8Array(16).fill(o.seq & 0xff),
    pointsPiastres: 0, cvm: (o.cvm ?? CVM.FINGERPRINT) as 1 | 2 | 3, supervisorCardId: o.supervisorCardId ?? null,
  }, o.card.key.privateKey) as DebitProofV3;
  return { bytes: encodeDebitProof(proof), proof };
}

const common = (terminalId: number, seq: number, time: number) => ({
  version: 2 as const, terminalId, terminalSeq: seq, time, utcOffsetMinutes: 120, parameterVersion: 1, blocklistVersion: 1, online: false,
});

/** A journal record v2 body: a unified card's approval with a v3 proof. */
export function v3Sale(o: V3Sale): Uint8Array {
  const { bytes, proof } = v3Proof(o);
  return encodeJournalRecord({
    ...common(o.terminalId, o.seq, o.time ?? (o.day ?? DAY) * 86_400 + 6 * 3600 + o.seq * 60), outcome: OUTCOME.APPROVED, code: 'APPROVED',
    service: proof.service, householdId: o.card.householdId, cardId: o.card.cardId, amount: proof.amount, items: proof.items,
    pricePiastres: proof.amount * 20, cvm: proof.cvm, supervisorCardId: proof.supervisorCardId, debitProof: bytes,
    cardKind: CARD_KIND.UNIFIED, legacyAtc: null, legacyBalanceAfter: null,
  });
}

/** A journal record v2 body: an approved sale of `piastres` on an old ration card (nothing signed). */
export function legacySale(o: { terminalId: number; seq: number; cardNumber: Uint8Array; householdId: Uint8Array; legacyAtc: number; piastres: number; time?: number }): Uint8Array {
  return encodeJournalRecord({
    ...common(o.terminalId, o.seq, o.time ?? DAY_START_S + 6 * 3600 + o.seq * 60), outcome: OUTCOME.APPROVED, code: 'APPROVED',
    service: SERVICE.RATION, householdId: o.householdId, cardId: o.cardNumber, amount: o.piastres, items: [[1, 1]], pricePiastres: o.piastres,
    cvm: CVM.NONE, supervisorCardId: null, debitProof: null, cardKind: CARD_KIND.LEGACY, legacyAtc: o.legacyAtc, legacyBalanceAfter: 1000,
  });
}

/** A debit intent (type 2) body for `card` with ATC `atcBefore` and `challenge`. */
export function intent(card: TestCard, atcBefore: number, challenge: Uint8Array, timeMs = DAY_START_S * 1000 + 6 * 3_600_000): Uint8Array {
  return encodeIntent({
    cardId: card.cardId, householdId: card.householdId, challenge, service: SERVICE.BREAD, quantity: 5, items: [], day: DAY, atcBefore,
    pricePiastres: 100, cvm: CVM.FINGERPRINT, supervisorCardId: null, online: false, timeMs, lastSyncMs: timeMs - 3_600_000,
  });
}

export const settled = (challenge: Uint8Array, reason: 'NO_DEBIT' | 'LOG_WRAPPED' = 'NO_DEBIT'): Uint8Array => encodeSettled(challenge, reason);
export const foreignDebit = (proof: Uint8Array, observedMs = DAY_START_S * 1000 + 9 * 3_600_000): Uint8Array => encodeForeignDebit(proof, observedMs);
export { RECORD_TYPE };

/** A ledger on PGlite in memory with the test CA, clock settable. */
export interface TestLedger {
  readonly ledger: Ledger;
  readonly store: PgliteStore;
  readonly clock: { nowMs: number };
  /** A fresh enrolled terminal. */
  terminal(): Promise<TestTerminal>;
  /** Appends the (type, body) records to `t`'s journal (bodies built from their seq) and ingests them as one batch. */
  send(t: TestTerminal, records: readonly (readonly [number, (seq: number) => Uint8Array])[]): Promise<{ ack: BatchAck; first: number }>;
  close(): Promise<void>;
}

let nextTerminal = 9_100;

export async function testLedger(rules: Partial<FlagRules> = {}): Promise<TestLedger> {
  const store = await PgliteStore.open();
  const clock = { nowMs: (DAY + 1) * 86_400_000 };
  const ledger = new Ledger({ store, keys: memoryKeyStore(), trustedCas: [CA_CERT], now: () => clock.nowMs, rules: { ...DEFAULT_FLAG_RULES, ...rules } });
  return {
    ledger, store, clock,
    async terminal() {
      const t = await testTerminal(nextTerminal++);
      await ledger.enrolTerminal(t.terminalId, 'test', await t.keys.publicKey());
      return t;
    },
    async send(t, records) {
      const first = t.journal.state.lastSeq + 1;
      for (const [type, body] of records) await t.journal.append({ type, body: body(t.journal.state.lastSeq + 1) });
      const built = await buildBatch(await t.journal.read(first, records.length), t.keys, { terminalId: t.terminalId, blocklistVersion: 1, parameterVersion: 1 });
      const result = await ledger.ingest(built.bytes);
      return { ack: decodeBatchAck(parseCoseSign1(result.ack).payload), first };
    },
    close: () => store.close(),
  };
}
