import * as assert from 'uvu/assert';
import { suite } from '../../support/suite.ts';
import { TerminalError } from '../../../terminal/errors.ts';
import { encodeJournalRecord, ZERO_HASH } from '../../../terminal/journal/journal-record.ts';
import { recoverJournal } from '../../../terminal/journal/recover-journal.ts';

const test = suite('terminal/journal/recover-journal');
const body = new Uint8Array([1]);
const checkpoint = encodeJournalRecord({ seq: 0, time: 1, type: 0, body: new Uint8Array(0), prevHash: ZERO_HASH });
const one = encodeJournalRecord({ seq: 1, time: 2, type: 1, body, prevHash: ZERO_HASH });
const two = encodeJournalRecord({ seq: 2, time: 3, type: 1, body, prevHash: one.hash });
const join = (...parts: Uint8Array[]): Uint8Array => new Uint8Array(Buffer.concat(parts));
const corruptCode = (bytes: Uint8Array): string | undefined => {
  try {
    recoverJournal(bytes);
    return undefined;
  } catch (error) {
    return (error as TerminalError).code;
  }
};

test('an intact file indexes every record after the checkpoint', () => {
  const file = join(checkpoint.bytes, one.bytes, two.bytes);
  const result = recoverJournal(file);
  assert.is(result.checkpoint?.seq, 0);
  assert.equal(result.entries.map((e) => [e.seq, e.offset, e.length]), [[1, checkpoint.bytes.length, one.bytes.length], [2, checkpoint.bytes.length + one.bytes.length, two.bytes.length]]);
  assert.is(result.validEnd, file.length);
  assert.is(result.tail, undefined);
});

test('an empty file and a torn first checkpoint have no checkpoint; the torn one is a tail cut', () => {
  assert.equal(recoverJournal(new Uint8Array(0)), { checkpoint: undefined, entries: [], validEnd: 0, tail: undefined });
  const torn = recoverJournal(checkpoint.bytes.subarray(0, 9));
  assert.equal([torn.checkpoint, torn.tail], [undefined, { offset: 0, bytesCut: 9, reason: 'incomplete' }]);
});

test('structural breaks of intact records are TERM_JOURNAL_CORRUPT', () => {
  assert.is(corruptCode(join(one.bytes, two.bytes)), 'TERM_JOURNAL_CORRUPT', 'no checkpoint first');
  assert.is(corruptCode(join(checkpoint.bytes, checkpoint.bytes)), 'TERM_JOURNAL_CORRUPT', 'second checkpoint');
  assert.is(corruptCode(join(checkpoint.bytes, two.bytes)), 'TERM_JOURNAL_CORRUPT', 'seq gap');
  assert.is(corruptCode(join(checkpoint.bytes, one.bytes, one.bytes)), 'TERM_JOURNAL_CORRUPT', 'repeated seq');
  assert.is(corruptCode(join(checkpoint.bytes, new Uint8Array([0, 0]), one.bytes)), 'TERM_JOURNAL_CORRUPT', 'garbage then intact');
  assert.is(corruptCode(join(checkpoint.bytes, one.bytes, new Uint8Array([0, 0]))), undefined, 'garbage tail is cuttable');
});

test.run();
