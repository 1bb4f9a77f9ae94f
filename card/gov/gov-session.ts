/** Volatile (RAM) state of the applet for one selection: who verified the cardholder. Power loss clears it. */
import type { AppletContext } from '../applet.ts';

export type Verification = 'pin' | 'biometric';
const RAM_VERIFIED = 'verified';

/** How the cardholder was verified in this session, if at all. */
export function verifiedBy(context: AppletContext): Verification | undefined {
  const v = context.ram.get(RAM_VERIFIED);
  return v === 'pin' || v === 'biometric' ? v : undefined;
}

/** Records (or, with `undefined`, clears) the session's cardholder verification. */
export function setVerified(context: AppletContext, by: Verification | undefined): void {
  if (by === undefined) context.ram.delete(RAM_VERIFIED);
  else context.ram.set(RAM_VERIFIED, by);
}

/** Constant-time comparison of two byte strings (lengths compared too). */
export function constantTimeEqual(a: Uint8Array, b: Uint8Array): boolean {
  let diff = a.length ^ b.length;
  for (let i = 0; i < Math.max(a.length, b.length); i++) diff |= (a[i] ?? 0) ^ (b[i] ?? 0);
  return diff === 0;
}
