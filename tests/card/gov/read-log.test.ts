import * as assert from 'uvu/assert';
import * as T from '../../../card/gov/gov-tags.ts';
import { decodeDebitProof } from '../../../terminal/schemas/debit-proof.ts';
import { suite } from '../../support/suite.ts';
import { challenge, cmd, govCard, ISSUE_DAY, send, valueOf, verified } from './gov-fixture.ts';

const test = suite('card/gov/read-log');

test('the log keeps the last N debit proofs, most recent first; 6A83 past the end', () => {
  const card = verified(govCard({ logSize: 3 }));
  for (let i = 1; i <= 4; i++) assert.is(send(card, cmd.debitBread(ISSUE_DAY, 1, `d${i}`)).sw, 0x9000);
  assert.equal([...valueOf(send(card, cmd.readLog(0)).data, T.TAG_DF51_LOG_COUNT)], [3]);
  const atcs = [1, 2, 3].map((n) => decodeDebitProof(valueOf(send(card, cmd.readLog(n)).data, T.TAG_DF50_DEBIT_PROOF)));
  assert.equal(atcs.map((p) => p.atc), [4, 3, 2]);
  assert.equal(atcs[0]!.challenge, challenge('d4'));
  assert.is(send(card, cmd.readLog(4)).sw, 0x6a83);
  assert.is(send(card, Uint8Array.of(0x80, 0xb2, 0x01, 0x04, 0x00)).sw, 0x6a86);
  assert.is(send(card, Uint8Array.of(0x00, 0xb2, 0x01, 0x00, 0x00)).sw, 0x6e00, 'READ LOG is class 80');
});

test('a refused debit leaves no log entry', () => {
  const card = verified(govCard());
  assert.is(send(card, cmd.debitBread(ISSUE_DAY, 1000)).sw, 0x9d05);
  assert.equal([...valueOf(send(card, cmd.readLog(0)).data, T.TAG_DF51_LOG_COUNT)], [0]);
});

test.run();
