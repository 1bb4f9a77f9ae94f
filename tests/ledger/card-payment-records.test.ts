/**
 * Card payments (journal type 6) in synced batches: the ledger accepts the batch, stores each record as it is
 * (verdict `STORED`, no rejection in the acknowledgement, not in the entitlement totals), and rejects a body that
 * does not decode as a card payment record (`RECORD_MALFORMED`) without refusing the rest of the batch.
 */
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import * as assert from 'uvu/assert';
import { CARD_PAYMENT_RECORD_TYPE, decodeCardPaymentRecord } from '../../terminal/schemas/card-payment-record.ts';
import { unhex } from '../fixtures/schemas-v1/vector-json.ts';
import { suite } from '../support/suite.ts';
import { testLedger, type TestLedger } from './journal-fixtures.ts';

const test = suite('ledger/card-payment-records', { timeoutMs: 60_000 });
const ctx = {} as { l: TestLedger };
const vector = (file: string): Uint8Array =>
  unhex((JSON.parse(readFileSync(join(import.meta.dirname, '../terminal/payment/vectors', file), 'utf8')) as { cbor: string }).cbor);

test.before(async () => {
  ctx.l = await testLedger();
});
test.after(() => ctx.l?.close());

test('a batch of card payments is accepted and each record stored byte for byte, verdict STORED', async () => {
  const t = await ctx.l.terminal();
  const bodies = ['card-payment-offline-tc.json', 'card-payment-online-approved.json', 'card-payment-declined.json'].map(vector);
  const sent = await ctx.l.send(t, bodies.map((body) => [CARD_PAYMENT_RECORD_TYPE, () => body] as const));
  assert.equal([sent.ack.status, sent.ack.reason], ['accepted', 'OK']);
  assert.is(sent.ack.storedUpToSeq, sent.first + 2);
  assert.equal(sent.ack.verdicts, [], 'no record rejected');
  assert.equal(sent.ack.totals, [], 'card payments are not entitlement debits');
  const rows = await ctx.l.store.query('SELECT seq, type, verdict FROM records WHERE terminal_id = $1 ORDER BY seq', [t.terminalId]);
  assert.equal(rows.map((r) => [Number(r['seq']), Number(r['type']), r['verdict']]), [
    [sent.first, 6, 'STORED'], [sent.first + 1, 6, 'STORED'], [sent.first + 2, 6, 'STORED'],
  ]);
  const frames = await t.journal.read(sent.first, 3);
  assert.equal(frames.map((f) => decodeCardPaymentRecord(f.body).code), ['APPROVED', 'APPROVED', 'ISSUER_DECLINED']);
});

test('a type 6 body that is no card payment record: RECORD_MALFORMED for it alone, the batch still stored', async () => {
  const t = await ctx.l.terminal();
  const good = vector('card-payment-offline-tc.json');
  const sent = await ctx.l.send(t, [
    [CARD_PAYMENT_RECORD_TYPE, () => good],
    [CARD_PAYMENT_RECORD_TYPE, () => Uint8Array.of(0x83, 0x01, 0x02, 0x03)],
  ]);
  assert.equal([sent.ack.status, sent.ack.reason], ['accepted', 'OK']);
  assert.is(sent.ack.storedUpToSeq, sent.first + 1, 'both are stored (a rejection is kept with its verdict)');
  assert.equal(sent.ack.verdicts.map((v) => [v.seq, v.kind, v.code]), [[sent.first + 1, 'rejected', 'RECORD_MALFORMED']]);
});

test.run();
