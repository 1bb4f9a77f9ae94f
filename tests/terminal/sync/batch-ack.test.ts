import * as assert from 'uvu/assert';
import { suite } from '../../support/suite.ts';
import { isTerminalError } from '../../../terminal/errors.ts';
import { signBatchAck, verifyBatchAck, type BatchAck } from '../../../terminal/sync/batch-ack.ts';
import { batchIdOf } from '../../../terminal/sync/batch.ts';
import { memoryKeyStore } from '../../ledger/ledger-fixtures.ts';

const test = suite('terminal/sync/batch-ack');
const ledger = memoryKeyStore();
const ack: BatchAck = {
  version: 1, terminalId: 7, batchId: batchIdOf(7, 1), payloadHash: new Uint8Array(32).fill(3), status: 'accepted', reason: 'OK',
  storedUpToSeq: 9, durable: true, totals: [{ service: 1, type: 0, count: 2, amount: 10 }],
  verdicts: [{ seq: 4, kind: 'rejected', code: 'CARD_UNKNOWN' }, { seq: 5, kind: 'flagged', code: 'HOUSEHOLD_OVERDRAW' }],
};
const expected = { terminalId: 7, batchId: ack.batchId, payloadHash: ack.payloadHash };

test('round trip through the ledger signature', async () => {
  assert.equal(verifyBatchAck(await signBatchAck(ack, ledger), await ledger.publicKey(), expected), ack);
});

test('refuses another signer, another batch, and damaged bytes with SYNC_ACK_INVALID', async () => {
  const signed = await signBatchAck(ack, ledger);
  const key = await ledger.publicKey();
  const attempts = [
    async () => verifyBatchAck(signed, await memoryKeyStore().publicKey(), expected),
    async () => verifyBatchAck(await signBatchAck(ack, memoryKeyStore()), key, expected),
    () => verifyBatchAck(signed, key, { ...expected, terminalId: 8 }),
    () => verifyBatchAck(signed, key, { ...expected, payloadHash: new Uint8Array(32) }),
    () => verifyBatchAck(signed.subarray(0, signed.length - 1), key, expected),
  ];
  for (const [i, attempt] of attempts.entries()) {
    let error: unknown;
    try {
      await attempt();
    } catch (e) {
      error = e;
    }
    assert.ok(isTerminalError(error, 'SYNC_ACK_INVALID'), `case ${i}: ${String(error)}`);
  }
});

test.run();
