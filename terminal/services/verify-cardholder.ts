/**
 * Cardholder verification at the counter, driving the policy state machine (`terminal/auth/cardholder-verification.ts`)
 * with the devices: the fingerprint matched on the card up to `fingerprintTries` times, then the PIN through the
 * PIN entry and VERIFY on the card up to `pinTries` times, then the supervised exception (the supervisor's own card
 * and PIN, within the daily cap). Every step's events are returned for the journal and the daily report. Keypad
 * cancel or timeout costs no try; three inputs in a row that change nothing (cancel, timeout, the cashier's own
 * card offered as the supervisor's) end verification (the customer left). The transaction's
 * AbortSignal ends any wait with `HAL_CANCELED`.
 */
import type { VerificationResult } from '../auth/auth-types.ts';
import type { ReferralReason, VerificationEvent, VerificationInput, VerificationState } from '../auth/cardholder-verification.ts';
import { startVerification, verificationResult, verificationStep } from '../auth/cardholder-verification.ts';
import type { VerificationParameters } from '../auth/parameters.ts';
import type { UserMessage } from '../errors.ts';
import { HalError } from '../hal/errors.ts';
import type { FingerprintVerifier } from '../hal/fingerprint-verifier.ts';
import type { PinEntry } from '../hal/pin-entry.ts';
import { GovApdu } from './gov-apdu.ts';
import type { GovCardChannel } from './gov-card-channel.ts';
import { ServiceError } from './service-error.ts';
import type { SupervisorDesk } from './supervisor-desk.ts';

export interface CardholderDevices {
  readonly fingerprint: FingerprintVerifier;
  readonly pinEntry: PinEntry;
  readonly supervisor?: SupervisorDesk;
}

export interface CardholderVerificationOptions {
  readonly policy: VerificationParameters;
  readonly cashierCardId: Uint8Array;
  readonly supervisedToday: number;
  /** Per capture or PIN entry (default 30 s). */
  readonly inputTimeoutMs?: number;
}

export interface CardholderVerificationOutcome {
  readonly result: VerificationResult;
  readonly events: readonly VerificationEvent[];
  /** Set when the path ended in a referral: why, and what the cashier must do. */
  readonly referral?: { readonly why: ReferralReason; readonly action: UserMessage };
}

const PIN_PROMPT: UserMessage = { ar: 'أدخل الرقم السري للكارت', en: 'Enter the card PIN' };
const SUPERVISOR_PROMPT: UserMessage = { ar: 'المشرف: أدخل رقمك السري', en: 'Supervisor: enter your own PIN' };
const MAX_IDLE_INPUTS = 3;

/** Runs verification to its end on `channel`'s card. */
export async function verifyCardholder(
  channel: GovCardChannel,
  devices: CardholderDevices,
  options: CardholderVerificationOptions,
): Promise<CardholderVerificationOutcome> {
  const ctx = { policy: options.policy, cashierCardId: options.cashierCardId, supervisedToday: options.supervisedToday };
  const timing = { ...(channel.signal ? { signal: channel.signal } : {}), timeoutMs: options.inputTimeoutMs ?? 30_000 };
  const events: VerificationEvent[] = [];
  let state: VerificationState = startVerification();
  let idle = 0;
  while (state.step !== 'verified' && state.step !== 'referred') {
    const input = await nextInput(state, channel, devices, timing);
    const step = verificationStep(state, input, ctx);
    const stalled = step.state === state || (input.type === 'pin' && (input.outcome === 'canceled' || input.outcome === 'timeout'));
    idle = stalled ? idle + 1 : 0;
    events.push(...step.events);
    state = step.state;
    if (idle >= MAX_IDLE_INPUTS) break;
  }
  const referral = state.step === 'referred' ? { why: state.why, action: state.action } : undefined;
  return { result: verificationResult(state), events, ...(referral ? { referral } : {}) };
}

async function nextInput(
  state: VerificationState,
  channel: GovCardChannel,
  devices: CardholderDevices,
  timing: { signal?: AbortSignal; timeoutMs: number },
): Promise<VerificationInput> {
  switch (state.step) {
    case 'fingerprint': {
      try {
        const { outcome } = await devices.fingerprint.verify({ kind: 'card' }, timing);
        return { type: 'fingerprint', outcome };
      } catch (error) {
        if (timing.signal?.aborted || !(error instanceof HalError) || error.code === 'HAL_CANCELED') throw error;
        return { type: 'fingerprint', outcome: 'error' }; // scanner fault or no finger: on to the PIN
      }
    }
    case 'pin': {
      let pin;
      try {
        pin = await devices.pinEntry.collectPin({ prompt: PIN_PROMPT, ...timing });
      } catch (error) {
        if (timing.signal?.aborted || !(error instanceof HalError)) throw error;
        if (error.code === 'HAL_CANCELED') return { type: 'pin', outcome: 'canceled' };
        if (error.code === 'HAL_TIMEOUT') return { type: 'pin', outcome: 'timeout' };
        throw error;
      }
      // See COMMANDS.md, VERIFY (PIN): 9000 verified, 63Cx wrong, 6983 blocked.
      const { sw } = await channel.send(GovApdu.verifyPin(pin.bytes()), 'VERIFY PIN');
      if (sw === 0x9000) return { type: 'pin', outcome: 'correct' };
      if ((sw & 0xfff0) === 0x63c0) return { type: 'pin', outcome: 'wrong' };
      if (sw === 0x6983) return { type: 'pin', outcome: 'blocked' };
      throw new ServiceError('SVC_CARD_PROTOCOL', `VERIFY PIN: the card answered ${sw.toString(16)}`);
    }
    case 'supervisor-card': {
      const id = devices.supervisor ? await devices.supervisor.presentCard(timing) : undefined;
      return id ? { type: 'supervisor-card', supervisorCardId: id } : { type: 'no-supervisor' };
    }
    case 'supervisor-pin': {
      if (!devices.supervisor) return { type: 'no-supervisor' };
      const pin = await devices.pinEntry.collectPin({ prompt: SUPERVISOR_PROMPT, ...timing });
      return { type: 'supervisor-pin', outcome: await devices.supervisor.verifyPin(state.supervisorCardId, pin, timing) };
    }
    default:
      throw new Error('unreachable: verification already ended');
  }
}
