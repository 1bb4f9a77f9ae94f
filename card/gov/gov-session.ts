/** Volatile (RAM) state of the applet for one selection: who verified the cardholder. Power loss clears it. */
import type { AppletContext } from '../applet.ts';

export type Verification = 'pin' | 'biometric' | 'supervised';
const RAM_VERIFIED = 'verified';
const RAM_SUPERVISION = 'supervision';

/** What an accepted supervisor authorization allows: one DEBIT with exactly these values. */
export interface Supervision {
  readonly challenge: Uint8Array;
  readonly terminalId: number;
  readonly date: number;
  /** The card's ATC when it was accepted: a debit moves it, so the authorization serves once. */
  readonly atc: number;
  readonly supervisorCardId: Uint8Array;
}

/** How the cardholder was verified in this session, if at all (`supervised`: a supervisor authorization). */
export function verifiedBy(context: AppletContext): Verification | undefined {
  const v = context.ram.get(RAM_VERIFIED);
  return v === 'pin' || v === 'biometric' || v === 'supervised' ? v : undefined;
}

/** The session's supervisor authorization, when `verifiedBy` is `supervised`. */
export function supervisionOf(context: AppletContext): Supervision | undefined {
  return verifiedBy(context) === 'supervised' ? (context.ram.get(RAM_SUPERVISION) as Supervision | undefined) : undefined;
}

/**
 * Records (or, with `undefined`, clears) the session's cardholder verification; `supervised` needs the
 * authorization's `supervision`. Any new verification replaces (and any clearing drops) a supervision.
 */
export function setVerified(context: AppletContext, by: Verification | undefined, supervision?: Supervision): void {
  context.ram.delete(RAM_SUPERVISION);
  if (by === undefined) context.ram.delete(RAM_VERIFIED);
  else {
    context.ram.set(RAM_VERIFIED, by);
    if (by === 'supervised') context.ram.set(RAM_SUPERVISION, supervision);
  }
}

/** Constant-time comparison of two byte strings (lengths compared too). */
export function constantTimeEqual(a: Uint8Array, b: Uint8Array): boolean {
  let diff = a.length ^ b.length;
  for (let i = 0; i < Math.max(a.length, b.length); i++) diff |= (a[i] ?? 0) ^ (b[i] ?? 0);
  return diff === 0;
}
