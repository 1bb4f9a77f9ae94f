import * as assert from 'uvu/assert';
import { suite } from '../../support/suite.ts';
import { DECLINE_CODES, DECLINE_MESSAGES, WARNING_CODES, WARNING_MESSAGES, declineMessage } from '../../../terminal/auth/decline-codes.ts';
import { OUTCOME_CODE_PATTERN } from '../../../terminal/schemas/journal-record.ts';

const test = suite('terminal/auth/decline-codes', { timeoutMs: 5000 });

test('every code fits the journal record and has Arabic and English messages', () => {
  assert.is(new Set(DECLINE_CODES).size, DECLINE_CODES.length);
  for (const code of DECLINE_CODES) {
    assert.ok(OUTCOME_CODE_PATTERN.test(code) && (code as string) !== 'APPROVED', code);
    const m = declineMessage(code);
    assert.match(m.ar, /[\u0600-\u06ff]/, code);
    assert.match(m.en, /^[A-Z]/, code);
  }
  assert.equal(Object.keys(DECLINE_MESSAGES).sort(), [...DECLINE_CODES].sort());
  for (const code of WARNING_CODES) assert.match(WARNING_MESSAGES[code].ar, /[\u0600-\u06ff]/);
});

test('the catalogue holds the codes the brief names', () => {
  for (const code of ['CARD_BLOCKED', 'CARD_DESTROYED', 'CARD_EXPIRED', 'CARD_NOT_GENUINE', 'SERVICE_INACTIVE', 'NOT_ON_THIS_CARD',
    'CARDHOLDER_NOT_VERIFIED', 'QUOTA_EXHAUSTED', 'COLLECT_AHEAD_LIMIT', 'ITEM_CAP_REACHED', 'BALANCE_INSUFFICIENT',
    'OFFLINE_LIMIT_REACHED', 'LEGACY_CARD_SWITCHED'] as const) {
    assert.ok((DECLINE_CODES as readonly string[]).includes(code), code);
  }
});

test.run();
