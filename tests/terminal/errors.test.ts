import * as assert from 'uvu/assert';
import { suite } from '../support/suite.ts';
import { isTerminalError, TERMINAL_USER_MESSAGES, TerminalError } from '../../terminal/errors.ts';

const test = suite('terminal/errors');

test('carries code, cause and the bilingual message of a visible code', () => {
  const cause = new Error('ENOSPC');
  const error = new TerminalError('TERM_JOURNAL_FULL', 'journal holds 100 of 100 bytes', { cause });
  assert.is(error.code, 'TERM_JOURNAL_FULL');
  assert.is(error.cause, cause);
  assert.is(error.name, 'TerminalError');
  assert.match(error.userMessage!.ar, /[\u0600-\u06FF]/);
  assert.match(error.userMessage!.en, 'full');
  assert.ok(isTerminalError(error, 'TERM_JOURNAL_FULL'));
  assert.not.ok(isTerminalError(error, 'TERM_JOURNAL_CORRUPT'));
  assert.not.ok(isTerminalError(new Error('x')));
});

test('an internal code has no user message and no cause unless given', () => {
  const error = new TerminalError('TERM_JOURNAL_ACK_INVALID', 'ack beyond the last record');
  assert.is(error.userMessage, undefined);
  assert.not.ok('cause' in error);
});

test('every user message has Arabic and English text', () => {
  for (const [code, message] of Object.entries(TERMINAL_USER_MESSAGES)) {
    assert.match(message!.ar, /[\u0600-\u06FF]/, `${code} Arabic`);
    assert.match(message!.en, /^[\x20-\x7e]+$/, `${code} English`);
  }
});

test.run();
