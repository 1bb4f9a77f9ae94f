import * as assert from 'uvu/assert';
import { suite } from '../../support/suite.ts';
import { startVerification, verificationResult, verificationStep } from '../../../terminal/auth/cardholder-verification.ts';
import type { VerificationContext, VerificationEvent, VerificationInput, VerificationState } from '../../../terminal/auth/cardholder-verification.ts';
import { DEFAULT_PARAMETERS } from '../../../terminal/auth/parameters.ts';
import { SUPERVISOR_ID } from './auth-fixtures.ts';

const test = suite('terminal/auth/cardholder-verification', { timeoutMs: 5000 });

const CASHIER = Uint8Array.of(0x43, 0, 0, 0, 0, 0, 0, 9);
const ctx = (supervisedToday = 0, policy = DEFAULT_PARAMETERS.verification): VerificationContext => ({ policy, cashierCardId: CASHIER, supervisedToday });
const fp = (outcome: 'match' | 'no-match' | 'low-quality' | 'error'): VerificationInput => ({ type: 'fingerprint', outcome });
const pin = (outcome: 'correct' | 'wrong' | 'blocked' | 'canceled' | 'timeout'): VerificationInput => ({ type: 'pin', outcome });
const supCard = (id: Uint8Array): VerificationInput => ({ type: 'supervisor-card', supervisorCardId: id });
const supPin = (outcome: 'correct' | 'wrong'): VerificationInput => ({ type: 'supervisor-pin', outcome });

function run(inputs: readonly VerificationInput[], context = ctx()): { state: VerificationState; events: VerificationEvent[] } {
  let state = startVerification();
  const events: VerificationEvent[] = [];
  for (const input of inputs) {
    const step = verificationStep(state, input, context);
    state = step.state;
    events.push(...step.events);
  }
  return { state, events };
}

const brief = (events: readonly VerificationEvent[]): string[] => events.map((e) => `${e.type}${e.attempt ? `#${e.attempt}` : ''}${e.outcome ? `:${e.outcome}` : ''}`);

const rows: { name: string; inputs: VerificationInput[]; context?: VerificationContext; step: string; method?: string; why?: string; events: string[] }[] = [
  { name: 'first finger matches', inputs: [fp('match')], step: 'verified', method: 'fingerprint', events: ['CVM_FINGERPRINT#1:match', 'CVM_VERIFIED:fingerprint'] },
  { name: 'third finger matches', inputs: [fp('no-match'), fp('low-quality'), fp('match')], step: 'verified', method: 'fingerprint', events: ['CVM_FINGERPRINT#1:no-match', 'CVM_FINGERPRINT#2:low-quality', 'CVM_FINGERPRINT#3:match', 'CVM_VERIFIED:fingerprint'] },
  { name: 'three misses, then the PIN', inputs: [fp('no-match'), fp('no-match'), fp('no-match'), pin('correct')], step: 'verified', method: 'pin', events: ['CVM_FINGERPRINT#1:no-match', 'CVM_FINGERPRINT#2:no-match', 'CVM_FINGERPRINT#3:no-match', 'CVM_PIN#1:correct', 'CVM_VERIFIED:pin'] },
  { name: 'a fourth finger is not taken after three', inputs: [fp('no-match'), fp('no-match'), fp('no-match'), fp('match')], step: 'pin', events: ['CVM_FINGERPRINT#1:no-match', 'CVM_FINGERPRINT#2:no-match', 'CVM_FINGERPRINT#3:no-match', 'CVM_IGNORED:fingerprint'] },
  { name: 'scanner fault: straight to the PIN', inputs: [fp('error'), pin('correct')], step: 'verified', method: 'pin', events: ['CVM_FINGERPRINT#1:error', 'CVM_PIN#1:correct', 'CVM_VERIFIED:pin'] },
  { name: 'no reference on the card: PIN', inputs: [{ type: 'no-fingerprint-reference' }, pin('correct')], step: 'verified', method: 'pin', events: ['CVM_NO_REFERENCE', 'CVM_PIN#1:correct', 'CVM_VERIFIED:pin'] },
  { name: 'cancel and timeout cost no PIN try', inputs: [fp('error'), pin('canceled'), pin('timeout'), pin('wrong'), pin('wrong'), pin('correct')], step: 'verified', method: 'pin', events: ['CVM_FINGERPRINT#1:error', 'CVM_PIN:canceled', 'CVM_PIN:timeout', 'CVM_PIN#1:wrong', 'CVM_PIN#2:wrong', 'CVM_PIN#3:correct', 'CVM_VERIFIED:pin'] },
  { name: 'fingerprint ×3, PIN ×3, supervised exception', inputs: [fp('no-match'), fp('no-match'), fp('no-match'), pin('wrong'), pin('wrong'), pin('wrong'), supCard(SUPERVISOR_ID), supPin('correct')], step: 'verified', method: 'supervised', events: ['CVM_FINGERPRINT#1:no-match', 'CVM_FINGERPRINT#2:no-match', 'CVM_FINGERPRINT#3:no-match', 'CVM_PIN#1:wrong', 'CVM_PIN#2:wrong', 'CVM_PIN#3:wrong', 'CVM_SUPERVISOR_CARD', 'CVM_SUPERVISOR_PIN#1:correct', 'CVM_VERIFIED:supervised'] },
  { name: 'PIN blocked on the card: supervised at once', inputs: [fp('error'), pin('blocked'), supCard(SUPERVISOR_ID), supPin('wrong'), supPin('correct')], step: 'verified', method: 'supervised', events: ['CVM_FINGERPRINT#1:error', 'CVM_PIN:blocked', 'CVM_SUPERVISOR_CARD', 'CVM_SUPERVISOR_PIN#1:wrong', 'CVM_SUPERVISOR_PIN#2:correct', 'CVM_VERIFIED:supervised'] },
  { name: 'the cashier\'s card is not a supervisor\'s', inputs: [fp('error'), pin('blocked'), supCard(CASHIER), supPin('correct')], step: 'supervisor-card', events: ['CVM_FINGERPRINT#1:error', 'CVM_PIN:blocked', 'CVM_SUPERVISOR_IS_CASHIER', 'CVM_IGNORED:supervisor-pin'] },
  { name: 'supervisor PIN fails 3 times: referred', inputs: [fp('error'), pin('blocked'), supCard(SUPERVISOR_ID), supPin('wrong'), supPin('wrong'), supPin('wrong')], step: 'referred', why: 'SUPERVISOR_PIN_FAILED', events: ['CVM_FINGERPRINT#1:error', 'CVM_PIN:blocked', 'CVM_SUPERVISOR_CARD', 'CVM_SUPERVISOR_PIN#1:wrong', 'CVM_SUPERVISOR_PIN#2:wrong', 'CVM_SUPERVISOR_PIN#3:wrong', 'CVM_REFERRED:SUPERVISOR_PIN_FAILED'] },
  { name: 'daily cap reached: referred, not locked out silently', inputs: [fp('error'), pin('blocked'), supCard(SUPERVISOR_ID)], context: ctx(20), step: 'referred', why: 'SUPERVISED_CAP_REACHED', events: ['CVM_FINGERPRINT#1:error', 'CVM_PIN:blocked', 'CVM_REFERRED:SUPERVISED_CAP_REACHED', 'CVM_IGNORED:supervisor-card'] },
  { name: 'one under the cap: granted', inputs: [fp('error'), pin('blocked'), supCard(SUPERVISOR_ID), supPin('correct')], context: ctx(19), step: 'verified', method: 'supervised', events: ['CVM_FINGERPRINT#1:error', 'CVM_PIN:blocked', 'CVM_SUPERVISOR_CARD', 'CVM_SUPERVISOR_PIN#1:correct', 'CVM_VERIFIED:supervised'] },
  { name: 'no supervisor: referred', inputs: [fp('error'), pin('blocked'), { type: 'no-supervisor' }], step: 'referred', why: 'NO_SUPERVISOR', events: ['CVM_FINGERPRINT#1:error', 'CVM_PIN:blocked', 'CVM_REFERRED:NO_SUPERVISOR'] },
  { name: 'one fingerprint try configured', inputs: [fp('no-match'), pin('correct')], context: ctx(0, { ...DEFAULT_PARAMETERS.verification, fingerprintTries: 1 }), step: 'verified', method: 'pin', events: ['CVM_FINGERPRINT#1:no-match', 'CVM_PIN#1:correct', 'CVM_VERIFIED:pin'] },
];

for (const row of rows) {
  test(row.name, () => {
    const { state, events } = run(row.inputs, row.context);
    assert.is(state.step, row.step);
    assert.equal(brief(events), row.events);
    const result = verificationResult(state);
    if (row.method) {
      assert.ok(result.verified && result.method === row.method);
      if (result.verified && result.method === 'supervised') assert.equal(result.supervisorCardId, SUPERVISOR_ID);
    } else assert.is(result.verified, false);
    if (row.why) {
      assert.ok(state.step === 'referred' && state.why === row.why);
      if (state.step === 'referred') assert.ok(state.action.ar.length > 0 && state.action.en.includes('refer'));
    }
  });
}

test('supervisor events carry the supervisor card for the journal', () => {
  const { events } = run([fp('error'), pin('blocked'), supCard(SUPERVISOR_ID), supPin('correct')]);
  assert.equal(events.find((e) => e.type === 'CVM_SUPERVISOR_PIN')?.supervisorCardId, SUPERVISOR_ID);
});

test.run();
