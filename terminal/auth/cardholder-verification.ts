/**
 * The cardholder verification policy as a pure state machine: fingerprint first, up to `fingerprintTries`
 * attempts; then the PIN, up to `pinTries`; then a supervised exception: the supervisor presents their own card
 * (never the cashier's) and enters their own PIN, within the terminal's daily cap. Every step yields an event
 * to journal. No path ends silently: the final state is `verified` (with the method) or `referred`, which says
 * what the cashier must do, and every exhausted path is journaled for the daily report.
 *
 * A device fault on the scanner or a card without a fingerprint reference moves on to the PIN at once; a card
 * whose PIN is blocked moves on to the supervised exception at once. Cancel and timeout on the keypad cost no try.
 */
import type { UserMessage } from '../errors.ts';
import type { VerificationResult } from './auth-types.ts';
import type { VerificationParameters } from './parameters.ts';

/** Where verification stands. `tries` counts attempts used at the current step. */
export type VerificationState =
  | { readonly step: 'fingerprint'; readonly tries: number }
  | { readonly step: 'pin'; readonly tries: number }
  | { readonly step: 'supervisor-card' }
  | { readonly step: 'supervisor-pin'; readonly supervisorCardId: Uint8Array; readonly tries: number }
  | { readonly step: 'verified'; readonly result: Extract<VerificationResult, { verified: true }> }
  | { readonly step: 'referred'; readonly why: ReferralReason; readonly action: UserMessage };

export type ReferralReason = 'SUPERVISED_CAP_REACHED' | 'SUPERVISOR_PIN_FAILED' | 'NO_SUPERVISOR';

/** What happened at the counter. */
export type VerificationInput =
  | { readonly type: 'fingerprint'; readonly outcome: 'match' | 'no-match' | 'low-quality' | 'error' }
  | { readonly type: 'no-fingerprint-reference' }
  | { readonly type: 'pin'; readonly outcome: 'correct' | 'wrong' | 'blocked' | 'canceled' | 'timeout' }
  | { readonly type: 'supervisor-card'; readonly supervisorCardId: Uint8Array }
  | { readonly type: 'supervisor-pin'; readonly outcome: 'correct' | 'wrong' }
  | { readonly type: 'no-supervisor' };

/** The terminal's situation for this verification. */
export interface VerificationContext {
  readonly policy: VerificationParameters;
  /** The cashier's own card: never accepted as the supervisor's. */
  readonly cashierCardId: Uint8Array;
  /** Supervised exceptions this terminal already granted today. */
  readonly supervisedToday: number;
}

/** One journaled step. */
export interface VerificationEvent {
  readonly type:
    | 'CVM_FINGERPRINT' | 'CVM_NO_REFERENCE' | 'CVM_PIN' | 'CVM_SUPERVISOR_CARD' | 'CVM_SUPERVISOR_IS_CASHIER'
    | 'CVM_SUPERVISOR_PIN' | 'CVM_VERIFIED' | 'CVM_REFERRED' | 'CVM_IGNORED';
  /** The attempt number at its step (1-based), when it is one. */
  readonly attempt?: number;
  readonly outcome?: string;
  readonly supervisorCardId?: Uint8Array;
}

export interface VerificationStep {
  readonly state: VerificationState;
  readonly events: readonly VerificationEvent[];
}

const REFERRALS: Readonly<Record<ReferralReason, UserMessage>> = {
  SUPERVISED_CAP_REACHED: {
    ar: 'تم بلوغ الحد اليومي لاستثناءات المشرف: لا تُرفض الأسرة؛ أعطِ العميل الإيصال ووجّهه إلى مكتب التموين، أو يمكن لفرد آخر من الأسرة الصرف بكارته.',
    en: "Today's supervised exceptions are used up: the household is not refused; give the customer the slip and refer them to the ration office, or another household member may use their own card.",
  },
  SUPERVISOR_PIN_FAILED: {
    ar: 'فشل رقم المشرف السري: أعطِ العميل الإيصال ووجّهه إلى مكتب التموين أو اتصل بـ 15999.',
    en: "The supervisor's PIN failed: give the customer the slip and refer them to the ration office or call 15999.",
  },
  NO_SUPERVISOR: {
    ar: 'لا يوجد مشرف: أعطِ العميل الإيصال ووجّهه إلى مكتب التموين، أو يمكن لفرد آخر من الأسرة الصرف بكارته.',
    en: 'No supervisor is available: give the customer the slip and refer them to the ration office, or another household member may use their own card.',
  },
};

/** Where every verification starts. */
export function startVerification(): VerificationState {
  return { step: 'fingerprint', tries: 0 };
}

const sameId = (a: Uint8Array, b: Uint8Array): boolean => a.length === b.length && a.every((v, i) => v === b[i]);

function refer(why: ReferralReason, events: VerificationEvent[]): VerificationStep {
  events.push({ type: 'CVM_REFERRED', outcome: why });
  return { state: { step: 'referred', why, action: REFERRALS[why] }, events };
}

function toSupervised(ctx: VerificationContext, events: VerificationEvent[]): VerificationStep {
  if (ctx.supervisedToday >= ctx.policy.supervisedDailyCap) return refer('SUPERVISED_CAP_REACHED', events);
  return { state: { step: 'supervisor-card' }, events };
}

function toPin(ctx: VerificationContext, events: VerificationEvent[]): VerificationStep {
  return ctx.policy.pinTries > 0 ? { state: { step: 'pin', tries: 0 }, events } : toSupervised(ctx, events);
}

function verified(result: Extract<VerificationResult, { verified: true }>, events: VerificationEvent[]): VerificationStep {
  events.push({ type: 'CVM_VERIFIED', outcome: result.method });
  return { state: { step: 'verified', result }, events };
}

/** The next state and the events to journal after `input` in `state`. Inputs that do not fit the step are ignored. */
export function verificationStep(state: VerificationState, input: VerificationInput, ctx: VerificationContext): VerificationStep {
  const events: VerificationEvent[] = [];
  if (state.step === 'fingerprint' && state.tries >= ctx.policy.fingerprintTries) return toPin(ctx, events);
  switch (state.step) {
    case 'fingerprint':
      if (input.type === 'no-fingerprint-reference') {
        events.push({ type: 'CVM_NO_REFERENCE' });
        return toPin(ctx, events);
      }
      if (input.type !== 'fingerprint') break;
      events.push({ type: 'CVM_FINGERPRINT', attempt: state.tries + 1, outcome: input.outcome });
      if (input.outcome === 'match') return verified({ verified: true, method: 'fingerprint' }, events);
      if (input.outcome === 'error' || state.tries + 1 >= ctx.policy.fingerprintTries) return toPin(ctx, events);
      return { state: { step: 'fingerprint', tries: state.tries + 1 }, events };
    case 'pin': {
      if (input.type !== 'pin') break;
      const costs = input.outcome === 'correct' || input.outcome === 'wrong';
      events.push({ type: 'CVM_PIN', attempt: state.tries + (costs ? 1 : 0), outcome: input.outcome });
      if (input.outcome === 'correct') return verified({ verified: true, method: 'pin' }, events);
      if (input.outcome === 'blocked' || (costs && state.tries + 1 >= ctx.policy.pinTries)) return toSupervised(ctx, events);
      return { state: { step: 'pin', tries: state.tries + (costs ? 1 : 0) }, events };
    }
    case 'supervisor-card':
      if (input.type === 'no-supervisor') return refer('NO_SUPERVISOR', events);
      if (input.type !== 'supervisor-card') break;
      if (sameId(input.supervisorCardId, ctx.cashierCardId)) {
        events.push({ type: 'CVM_SUPERVISOR_IS_CASHIER', supervisorCardId: input.supervisorCardId });
        return { state, events };
      }
      events.push({ type: 'CVM_SUPERVISOR_CARD', supervisorCardId: input.supervisorCardId });
      return { state: { step: 'supervisor-pin', supervisorCardId: input.supervisorCardId, tries: 0 }, events };
    case 'supervisor-pin':
      if (input.type === 'no-supervisor') return refer('NO_SUPERVISOR', events);
      if (input.type !== 'supervisor-pin') break;
      events.push({ type: 'CVM_SUPERVISOR_PIN', attempt: state.tries + 1, outcome: input.outcome, supervisorCardId: state.supervisorCardId });
      if (input.outcome === 'correct') {
        return verified({ verified: true, method: 'supervised', supervisorCardId: state.supervisorCardId }, events);
      }
      if (state.tries + 1 >= ctx.policy.pinTries) return refer('SUPERVISOR_PIN_FAILED', events);
      return { state: { ...state, tries: state.tries + 1 }, events };
    case 'verified':
    case 'referred':
      break;
  }
  events.push({ type: 'CVM_IGNORED', outcome: input.type });
  return { state, events };
}

/** The engine's view of a verification: verified only in the `verified` state. */
export function verificationResult(state: VerificationState): VerificationResult {
  return state.step === 'verified' ? state.result : { verified: false };
}
