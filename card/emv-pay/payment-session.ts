/**
 * KARTPAY's volatile (RAM) state for one selection: where the transaction stands, the data the terminal sent
 * (kept for the CDA hash and the second cryptogram), the cardholder verification done so far, and the GET
 * CHALLENGE number, good for the next command only. Power loss, reset and a new SELECT clear it.
 */
import type { AppletContext } from '../applet.ts';
import type { CardVerificationResults } from '../../emv/cryptogram/issuer-application-data.ts';

export type Phase = 'selected' | 'processing' | 'online' | 'completed';

export interface PaymentSession {
  phase: Phase;
  pdolData?: Uint8Array;
  cdol1Data?: Uint8Array;
  /** The ATC counted at GET PROCESSING OPTIONS for this transaction. */
  atc?: number;
  /** First GENERATE AC: the ARQC, for issuer authentication and the second AC. */
  arqc?: Uint8Array;
  /** What the first GENERATE AC answered, and the CVR it carried (the second one builds on it). */
  firstAcType?: 'AAC' | 'TC' | 'ARQC';
  cvr?: CardVerificationResults;
  /** EXTERNAL AUTHENTICATE's result, when the terminal used it. */
  issuerAuthentication?: 'ok' | 'failed';
  externalAuthenticateDone?: boolean;
  offlinePinPerformed: boolean;
  offlinePinFailed: boolean;
  offlineFingerPerformed: boolean;
  offlineFingerFailed: boolean;
  offlineDataAuthenticationPerformed: boolean;
  verifiedBy?: 'pin' | 'finger';
}

const RAM_SESSION = 'payment-session';
const RAM_CHALLENGE = 'challenge';

export function newSession(context: AppletContext): PaymentSession {
  const session: PaymentSession = {
    phase: 'selected', offlinePinPerformed: false, offlinePinFailed: false, offlineFingerPerformed: false,
    offlineFingerFailed: false, offlineDataAuthenticationPerformed: false,
  };
  context.ram.set(RAM_SESSION, session);
  context.ram.delete(RAM_CHALLENGE);
  return session;
}

/** The session of the current selection (a fresh one if RAM lost it). */
export function sessionOf(context: AppletContext): PaymentSession {
  return (context.ram.get(RAM_SESSION) as PaymentSession | undefined) ?? newSession(context);
}

export function endSession(context: AppletContext): void {
  context.ram.delete(RAM_SESSION);
  context.ram.delete(RAM_CHALLENGE);
}

/** Takes the pending GET CHALLENGE number out of RAM: whatever the command, it serves once. */
export function takeChallenge(context: AppletContext): Uint8Array | undefined {
  const challenge = context.ram.get(RAM_CHALLENGE) as Uint8Array | undefined;
  context.ram.delete(RAM_CHALLENGE);
  return challenge;
}

export function setChallenge(context: AppletContext, challenge: Uint8Array): void {
  context.ram.set(RAM_CHALLENGE, challenge);
}
