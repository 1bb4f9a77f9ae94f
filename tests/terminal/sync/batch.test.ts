import * as assert from 'uvu/assert';
import { suite } from '../../support/suite.ts';
import { encodeCbor } from '../../../terminal/codec/cbor.ts';
import { isTerminalError } from '../../../terminal/errors.ts';
import { parseJournalRecordAt } from '../../../terminal/journal/journal-record.ts';
import { batchIdOf, buildBatch, decodeBatchPayload, encodeBatchPayload, payloadHashOf, terminalKeyIdOf } from '../../../terminal/sync/batch.ts';
import { verifyCoseSign1 } from '../../../terminal/sync/cose-sign1.ts';
import { declinedSale, testCard, testTerminal } from '../../ledger/ledger-fixtures.ts';
import { TRANSACTION_RECORD_TYPE } from '../../../terminal/sync/batch-totals.ts';

const test = suite('terminal/sync/batch');

test('builds a signed, deterministic batch whose payload a re-send repeats exactly', async () => {
  const t = await testTerminal(42);
  const card = testCard(1, 1);
  await t.sell(card, 5);
  await t.sell(card, 3);
  await t.journal.append({ type: TRANSACTION_RECORD_TYPE, body: declinedSale(42, 3, card) });
  await t.journal.append({ type: 9, body: new Uint8Array([7]) });
  const records = await t.journal.read(1);
  const options = { terminalId: 42, blocklistVersion: 12, parameterVersion: 3 };
  const a = await buildBatch(records, t.keys, options);
  const b = await buildBatch(records, t.keys, options);
  assert.not.equal(a.bytes, b.bytes, 'ECDSA signatures differ');
  assert.equal(a.payloadHash, b.payloadHash, 'the payload does not');
  const checked = verifyCoseSign1(a.bytes, await t.keys.publicKey());
  assert.ok(checked.ok);
  if (!checked.ok) return;
  assert.equal(checked.kid, terminalKeyIdOf(await t.keys.publicKey()));
  assert.equal(payloadHashOf(checked.payload), a.payloadHash);
  const p = decodeBatchPayload(checked.payload);
  assert.equal(p.batchId, batchIdOf(42, 1));
  assert.is(p.firstSeq, 1);
  assert.is(p.lastSeq, 4);
  assert.equal(p.prevHash, new Uint8Array(32));
  assert.is(p.blocklistVersion, 12);
  assert.equal(p.totals, [{ service: 1, type: 0, count: 2, amount: 8 }, { service: 1, type: 1, count: 1, amount: 0 }]);
  const frame = parseJournalRecordAt(p.records[3]!, 0);
  assert.ok(frame.ok && frame.record.seq === 4 && frame.record.type === 9);
  assert.equal(encodeBatchPayload(p), checked.payload);
});

test('the batch id depends on terminal and first seq only', () => {
  assert.equal(batchIdOf(1, 5), batchIdOf(1, 5));
  assert.not.equal(batchIdOf(1, 5), batchIdOf(1, 6));
  assert.not.equal(batchIdOf(1, 5), batchIdOf(2, 5));
  assert.is(batchIdOf(1, 5).length, 16);
});

test('refuses empty or non-contiguous input and malformed payloads with SYNC_BATCH_MALFORMED', async () => {
  const t = await testTerminal(43);
  const card = testCard(2, 2);
  for (let i = 0; i < 3; i++) await t.sell(card);
  const [r1, , r3] = await t.journal.read(1);
  const options = { terminalId: 43, blocklistVersion: 1, parameterVersion: 1 };
  for (const records of [[], [r1!, r3!]]) {
    const error = await buildBatch(records, t.keys, options).catch((e: unknown) => e);
    assert.ok(isTerminalError(error, 'SYNC_BATCH_MALFORMED'));
  }
  const good = decodeBatchPayload((verifyCoseSign1((await buildBatch([r1!], t.keys, options)).bytes, await t.keys.publicKey()) as { payload: Uint8Array }).payload);
  const bad = [
    encodeCbor([1, 2]),
    encodeCbor([2, 43, good.batchId, 1, 1, good.prevHash, 1, 1, [], []]),
    encodeCbor([1, 43, good.batchId, 2, 1, good.prevHash, 1, 1, [], []]),
    encodeCbor([1, 43, new Uint8Array(3), 1, 1, good.prevHash, 1, 1, [], []]),
    encodeCbor([1, 43, good.batchId, 1, 1, good.prevHash, 1, 1, [[1, 2, 3, 4]], []]),
    encodeCbor([1, 43, good.batchId, 1, 1, good.prevHash, 1, 1, [], [5]]),
    new Uint8Array([0x9a, 0, 0, 0, 10]),
  ];
  for (const [i, bytes] of bad.entries()) {
    let error: unknown;
    try {
      decodeBatchPayload(bytes);
    } catch (e) {
      error = e;
    }
    assert.ok(isTerminalError(error, 'SYNC_BATCH_MALFORMED'), `case ${i}`);
  }
});

test.run();
