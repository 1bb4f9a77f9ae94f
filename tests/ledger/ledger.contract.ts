/**
 * The ledger contract: the same suite on every store back end (PGlite in process, PostgreSQL 15 through `pg`).
 * Each test uses its own terminal ids and cards, so the tests share one database.
 */
import * as assert from 'uvu/assert';
import { encodeCbor } from '../../terminal/codec/cbor.ts';
import type { KeyStore } from '../../terminal/keys/key-store.ts';
import { decodeBatchAck, type BatchAck } from '../../terminal/sync/batch-ack.ts';
import { buildBatch, encodeBatchPayload, terminalKeyIdOf, type BatchPayload, type BuiltBatch } from '../../terminal/sync/batch.ts';
import { parseCoseSign1, signCoseSign1 } from '../../terminal/sync/cose-sign1.ts';
import { Ledger } from '../../ledger/ledger.ts';
import { LedgerError } from '../../ledger/ledger-error.ts';
import type { LedgerStore } from '../../ledger/store/ledger-store.ts';
import { applySchema } from '../../ledger/store/schema-sql.ts';
import { CA_CERT, DAY, declinedSale, memoryKeyStore, testCard, testTerminal, type TestTerminal } from './ledger-fixtures.ts';
import type { Test } from '../support/suite.ts';
import { TRANSACTION_RECORD_TYPE } from '../../terminal/sync/batch-totals.ts';

let nextTerminalId = 7_000;
let nextCard = 1;
let nextHousehold = 1;

export interface LedgerContractContext {
  ledger: Ledger;
  store: LedgerStore;
}

/** Registers the contract's tests on `test`; `open` gives a fresh (migrated) store once per suite. */
export function ledgerContract(test: Test, open: () => Promise<LedgerStore>, expectDurable: boolean): void {
  const ctx = {} as LedgerContractContext;
  test.before(async () => {
    ctx.store = await open();
    ctx.ledger = new Ledger({ store: ctx.store, keys: memoryKeyStore(), trustedCas: [CA_CERT], now: () => (DAY + 21) * 86_400_000 }); // after every card-signed date used here (no CARD_DATE_AHEAD)
  });
  test.after(async () => {
    await ctx.store?.close();
  });

  const enrolled = async (): Promise<TestTerminal> => {
    const terminal = await testTerminal(nextTerminalId++);
    await ctx.ledger.enrolTerminal(terminal.terminalId, 'Port Said bakery', await terminal.keys.publicKey());
    return terminal;
  };
  const newCard = async (household = nextHousehold++, beneficiaries = 4) => {
    const card = testCard(nextCard++, household);
    await ctx.ledger.registerCard(card.issuerBytes, card.cardBytes, DAY);
    await ctx.ledger.setHousehold(card.householdId, beneficiaries);
    return card;
  };
  const batch = async (t: TestTerminal, from: number, to: number, keys: KeyStore = t.keys): Promise<BuiltBatch> =>
    buildBatch(await t.journal.read(from, to - from + 1), keys, { terminalId: t.terminalId, blocklistVersion: 1, parameterVersion: 1 });
  const ingest = async (bytes: Uint8Array): Promise<{ status: number; ack: BatchAck; raw: Uint8Array }> => {
    const result = await ctx.ledger.ingest(bytes);
    return { status: result.status, ack: decodeBatchAck(parseCoseSign1(result.ack).payload), raw: result.ack };
  };
  const count = async (terminalId: number): Promise<number> =>
    Number((await ctx.store.query('SELECT count(*) AS n FROM transactions WHERE terminal_id = $1', [terminalId]))[0]!['n']);
  /** Re-signs a modified payload with the terminal's key. */
  const craft = (p: BatchPayload, keys: KeyStore, spki: Uint8Array): Promise<Uint8Array> =>
    signCoseSign1(encodeBatchPayload(p), keys, { kid: terminalKeyIdOf(spki) });

  test('stores a batch once, with totals, and says whether it is durable', async () => {
    const t = await enrolled();
    const card = await newCard();
    for (let i = 0; i < 3; i++) await t.sell(card, 5);
    await t.journal.append({ type: TRANSACTION_RECORD_TYPE, body: declinedSale(t.terminalId, 4, card) });
    const { status, ack } = await ingest((await batch(t, 1, 4)).bytes);
    assert.is(status, 200);
    assert.is(ack.status, 'accepted');
    assert.is(ack.storedUpToSeq, 4);
    assert.is(ack.durable, expectDurable);
    assert.equal(ack.totals, [{ service: 1, type: 0, count: 3, amount: 15 }, { service: 1, type: 1, count: 1, amount: 0 }]);
    assert.equal(ack.verdicts, []);
    const rec = await ctx.ledger.reconciliation(t.terminalId, DAY);
    assert.equal(rec.totals, ack.totals);
    assert.is(rec.storedUpToSeq, 4);
  });

  test('a re-sent batch gets the same acknowledgement bytes and nothing is doubled', async () => {
    const t = await enrolled();
    const card = await newCard();
    await t.sell(card);
    await t.sell(card);
    const first = await batch(t, 1, 2);
    const a = await ingest(first.bytes);
    const again = await ingest(first.bytes);
    const resigned = await ingest((await batch(t, 1, 2)).bytes); // new ECDSA signature, same payload
    assert.equal(again.raw, a.raw);
    assert.equal(resigned.raw, a.raw);
    assert.is(await count(t.terminalId), 2);
  });

  test('a reused batch id with another body is refused, saying what is stored', async () => {
    const t = await enrolled();
    const card = await newCard();
    for (let i = 0; i < 3; i++) await t.sell(card);
    await ingest((await batch(t, 1, 2)).bytes);
    const { status, ack } = await ingest((await batch(t, 1, 3)).bytes);
    assert.is(status, 422);
    assert.is(ack.reason, 'BATCH_ID_REUSED');
    assert.is(ack.storedUpToSeq, 2);
    assert.is(await count(t.terminalId), 2);
  });

  test('tampered, truncated and forged batches are refused and nothing good is lost', async () => {
    const t = await enrolled();
    const card = await newCard();
    await t.sell(card);
    await t.sell(card);
    const good = await batch(t, 1, 2);
    const tampered = good.bytes.slice();
    tampered[tampered.length - 100]! ^= 0x01; // inside the last record, under the signature
    const refusedTamper = await ingest(tampered).catch((e: unknown) => e);
    if (refusedTamper instanceof LedgerError) assert.is(refusedTamper.code, 'LEDGER_BODY_MALFORMED');
    else assert.is((refusedTamper as { ack: BatchAck }).ack.reason, 'SIGNATURE_INVALID');
    for (const cut of [1, 10, good.bytes.length - 1]) {
      const error = await ingest(good.bytes.subarray(0, cut)).catch((e: unknown) => e);
      assert.ok(error instanceof LedgerError && error.code === 'LEDGER_BODY_MALFORMED', `cut at ${cut}`);
    }
    const stranger = memoryKeyStore();
    assert.is((await ingest((await batch(t, 1, 2, stranger)).bytes)).ack.reason, 'KEY_UNKNOWN');
    const forged = await craft(good.payload, stranger, await t.keys.publicKey()); // the enrolled key's kid, another key
    assert.is((await ingest(forged)).ack.reason, 'SIGNATURE_INVALID');
    assert.is(await count(t.terminalId), 0);
    assert.is((await ingest(good.bytes)).ack.storedUpToSeq, 2);
    assert.is(await count(t.terminalId), 2);
  });

  test('reordered batches: a gap is refused, then both arrive in order', async () => {
    const t = await enrolled();
    const card = await newCard();
    for (let i = 0; i < 4; i++) await t.sell(card);
    const later = await batch(t, 3, 4);
    assert.is((await ingest(later.bytes)).ack.reason, 'SEQ_GAP');
    assert.is((await ingest((await batch(t, 1, 2)).bytes)).ack.status, 'accepted');
    assert.is((await ingest((await batch(t, 2, 3)).bytes)).ack.reason, 'BATCH_OVERLAP');
    assert.is((await ingest(later.bytes)).ack.storedUpToSeq, 4);
    assert.is(await count(t.terminalId), 4);
  });

  test('signed but inconsistent batches are refused: gaps inside, broken chain, false totals, wrong id', async () => {
    const t = await enrolled();
    const card = await newCard();
    for (let i = 0; i < 3; i++) await t.sell(card);
    const { payload } = await batch(t, 1, 3);
    const spki = await t.keys.publicKey();
    const reasons = [];
    reasons.push((await ingest(await craft({ ...payload, records: [payload.records[0]!, payload.records[2]!, payload.records[1]!] }, t.keys, spki))).ack.reason);
    reasons.push((await ingest(await craft({ ...payload, records: payload.records.slice(0, 2) }, t.keys, spki))).ack.reason);
    reasons.push((await ingest(await craft({ ...payload, totals: [{ service: 1, type: 0, count: 3, amount: 16 }] }, t.keys, spki))).ack.reason);
    reasons.push((await ingest(await craft({ ...payload, prevHash: new Uint8Array(32).fill(1) }, t.keys, spki))).ack.reason);
    reasons.push((await ingest(await craft({ ...payload, batchId: new Uint8Array(16) }, t.keys, spki))).ack.reason);
    assert.equal(reasons, ['RECORDS_NOT_CONTIGUOUS', 'RECORDS_RANGE_MISMATCH', 'TOTALS_MISMATCH', 'CHAIN_BROKEN', 'BATCH_ID_INVALID']);
    assert.is(await count(t.terminalId), 0);
  });

  test('bad records are rejected one by one with reasons, the rest accepted', async () => {
    const t = await enrolled();
    const good = await newCard();
    const unknown = testCard(nextCard++, nextHousehold++); // never registered
    await t.sell(good); // 1 accepted
    await t.sell(unknown); // 2 CARD_UNKNOWN
    const { breadSale } = await import('./ledger-fixtures.ts');
    const forger = memoryKeyStore();
    await t.journal.append({ type: TRANSACTION_RECORD_TYPE, body: breadSale({ terminalId: t.terminalId, seq: 3, card: good, atc: 900, signingKey: forger.privateKey }) });
    await t.journal.append({ type: TRANSACTION_RECORD_TYPE, body: breadSale({ terminalId: t.terminalId, seq: 4, card: good, atc: 901 }) });
    await t.journal.append({ type: TRANSACTION_RECORD_TYPE, body: breadSale({ terminalId: t.terminalId, seq: 5, card: good, atc: 901 }) });
    await t.journal.append({ type: TRANSACTION_RECORD_TYPE, body: encodeCbor(['not', 'a', 'sale']) });
    await t.journal.append({ type: TRANSACTION_RECORD_TYPE, body: breadSale({ terminalId: t.terminalId, seq: 99, card: good, atc: 902 }) });
    await t.journal.append({ type: 77, body: new Uint8Array([1, 2, 3]) }); // another record type: stored as is
    const { ack } = await ingest((await batch(t, 1, 8)).bytes);
    assert.is(ack.status, 'accepted');
    assert.is(ack.storedUpToSeq, 8);
    assert.equal(ack.verdicts.map((v) => [v.seq, v.kind, v.code]), [
      [2, 'rejected', 'CARD_UNKNOWN'], [3, 'rejected', 'PROOF_SIGNATURE_INVALID'], [5, 'rejected', 'PROOF_REPLAYED'],
      [6, 'rejected', 'RECORD_MALFORMED'], [7, 'rejected', 'RECORD_SEQ_MISMATCH'],
    ]);
    assert.equal(ack.totals, [{ service: 1, type: 0, count: 2, amount: 10 }]);
    assert.is(await count(t.terminalId), 2);
  });

  test('key rotation and revocation', async () => {
    const t = await enrolled();
    const card = await newCard();
    for (let i = 0; i < 5; i++) await t.sell(card);
    const next = memoryKeyStore();
    await ctx.ledger.rotateTerminalKey(t.terminalId, await next.publicKey(), 3);
    assert.is((await ingest((await batch(t, 1, 2)).bytes)).ack.status, 'accepted');
    assert.is((await ingest((await batch(t, 3, 4)).bytes)).ack.reason, 'KEY_ROTATED_OUT');
    assert.is((await ingest((await batch(t, 3, 4, next)).bytes)).ack.status, 'accepted');
    await ctx.ledger.revokeTerminalKey(t.terminalId, terminalKeyIdOf(await next.publicKey()));
    assert.is((await ingest((await batch(t, 5, 5, next)).bytes)).ack.reason, 'KEY_REVOKED');
    assert.is(await count(t.terminalId), 4);
  });

  test('flags a household over-drawing across cards and terminals, and a card at two terminals at once', async () => {
    const household = nextHousehold++;
    const a = await newCard(household, 1); // one beneficiary: 5 loaves x 3 days = 15 a day at most
    const b = await newCard(household, 1);
    const t1 = await enrolled();
    const t2 = await enrolled();
    await t1.sell(a, 10);
    await t2.sell(b, 10);
    assert.equal((await ingest((await batch(t1, 1, 1)).bytes)).ack.verdicts, []);
    const second = (await ingest((await batch(t2, 1, 1)).bytes)).ack;
    assert.equal(second.verdicts, [{ seq: 1, kind: 'flagged', code: 'HOUSEHOLD_OVERDRAW' }]);
    const t3 = await enrolled();
    const c = await newCard();
    await t1.sell(c, 1, 1_742_030_000);
    await t3.sell(c, 1, 1_742_030_060);
    await ingest((await batch(t1, 2, 2)).bytes);
    const twin = (await ingest((await batch(t3, 1, 1)).bytes)).ack;
    assert.equal(twin.verdicts, [{ seq: 1, kind: 'flagged', code: 'CARD_AT_TWO_TERMINALS' }]);
    const report = await ctx.ledger.householdReport(Buffer.from(a.householdId).toString('hex'), DAY);
    assert.is(report.transactions.length, 2);
  });

  test('flags a household whose ration debits in one month exceed its entitlement, across cards and terminals', async () => {
    const { rationSale } = await import('./ledger-fixtures.ts');
    const household = nextHousehold++;
    const a = await newCard(household, 1); // one beneficiary: EGP 50 = 5000 piastres a month
    const b = await newCard(household, 1);
    const t1 = await enrolled();
    const t2 = await enrolled();
    const sell = (t: TestTerminal, card: typeof a, piastres: number, day = DAY) => t.journal.append({
      type: TRANSACTION_RECORD_TYPE,
      body: rationSale({ terminalId: t.terminalId, seq: t.journal.state.lastSeq + 1, card, atc: 5000 + t.journal.state.lastSeq, piastres, day }),
    });
    await sell(t1, a, 3000);
    await sell(t1, a, 2000); // 5000: exactly the entitlement
    await sell(t2, b, 4000, DAY + 20); // next month: its own entitlement
    assert.equal((await ingest((await batch(t1, 1, 2)).bytes)).ack.verdicts, []);
    assert.equal((await ingest((await batch(t2, 1, 1)).bytes)).ack.verdicts, []);
    await sell(t2, b, 1, DAY + 3); // same month as the first two: 5001
    const over = (await ingest((await batch(t2, 2, 2)).bytes)).ack;
    assert.equal(over.verdicts, [{ seq: 2, kind: 'flagged', code: 'HOUSEHOLD_MONTH_OVERDRAW' }]);
    assert.equal(over.totals, [{ service: 2, type: 0, count: 1, amount: 1 }], 'flagged, still counted');
  });

  test('the same batch ingested twice at once is stored once', async () => {
    const t = await enrolled();
    const card = await newCard();
    for (let i = 0; i < 3; i++) await t.sell(card);
    const b = await batch(t, 1, 3);
    const [x, y] = await Promise.all([ingest(b.bytes), ingest(b.bytes)]);
    assert.equal(x.raw, y.raw);
    assert.is(await count(t.terminalId), 3);
  });

  test('a database made before an index was added gets it when the schema is applied again, rows kept', async () => {
    const t = await enrolled();
    const card = await newCard();
    await t.sell(card);
    assert.is((await ingest((await batch(t, 1, 1)).bytes)).status, 200);
    const index = async () => (await ctx.store.query(`SELECT indexdef FROM pg_indexes WHERE indexname = 'transactions_household_legacy'`))
      .map((r) => String(r['indexdef']));
    assert.is((await index()).length, 1, 'made with the schema');
    await ctx.store.query('DROP INDEX transactions_household_legacy');
    assert.equal(await index(), []);
    await applySchema(ctx.store);
    assert.match((await index())[0] ?? '', /WHERE \(\(card_kind = 1\) AND \(outcome = 0\)\)/);
    assert.is(await count(t.terminalId), 1);
    await applySchema(ctx.store);
    assert.is((await index()).length, 1, 'applying it again changes nothing');
  });
}
