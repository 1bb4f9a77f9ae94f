/**
 * KARTPAY's card risk management: the issuer-defined decisions of the first and the second GENERATE AC, as pure
 * functions of what the card knows. The rules are listed in `PAYMENT-APP.md`.
 *
 * @remarks See EMV 4.4 Book 3, 10.8 (card action analysis: the card may answer with a lower cryptogram than the
 * terminal asked for, never a higher one: AAC < ARQC < TC) and Annex D (card risk management is issuer-defined).
 */
import type { AcType } from './payment-constants.ts';

/** What the card knows at the first GENERATE AC. */
export interface FirstAcRiskInput {
  readonly requested: AcType;
  readonly offlineCount: number;
  readonly lowerLimit: number;
  readonly upperLimit: number;
  /** Last Online ATC Register is zero: the card has never completed an online transaction. */
  readonly neverOnline: boolean;
  readonly issuerAuthenticationFailedLastOnline: boolean;
  readonly lastOnlineTransactionNotCompleted: boolean;
  readonly pinTryLimitExceeded: boolean;
  readonly fingerTryLimitExceeded: boolean;
  /** Offline PIN or finger failed in this transaction (the terminal then fell back to another CVM). */
  readonly offlineCvmFailed: boolean;
  /** Terminal Type (9F35) says offline only (second digit 3 or 6). See Book 4, Annex A1. */
  readonly terminalOfflineOnly: boolean;
}

export interface RiskDecision {
  readonly decision: AcType;
  /** Why, in words for tests and traces (never secrets). */
  readonly reasons: readonly string[];
}

/**
 * The first GENERATE AC: the terminal's request, lowered when the card's rules say so.
 * - AAC asked: AAC.
 * - PIN try limit exceeded: AAC (the cardholder must go to the issuer to unblock the PIN).
 * - TC asked: go online (ARQC) when the lower consecutive offline limit is reached, when issuer authentication
 *   failed last time, when the last online transaction did not complete, when the card was never online, when the
 *   finger try limit is exceeded, or when an offline CVM failed in this transaction. At an offline-only terminal
 *   the card cannot go online: TC while under the upper limit, AAC at or over it.
 * - ARQC asked: ARQC; at an offline-only terminal over the upper limit, AAC.
 */
export function firstAcDecision(input: FirstAcRiskInput): RiskDecision {
  if (input.requested === 'AAC') return { decision: 'AAC', reasons: ['terminal asked for AAC'] };
  if (input.pinTryLimitExceeded) return { decision: 'AAC', reasons: ['PIN try limit exceeded'] };
  const upperReached = input.offlineCount >= input.upperLimit;
  if (input.requested === 'ARQC') {
    return input.terminalOfflineOnly && upperReached
      ? { decision: 'AAC', reasons: ['upper consecutive offline limit reached at an offline-only terminal'] }
      : { decision: 'ARQC', reasons: ['terminal asked for ARQC'] };
  }
  const online: string[] = [];
  if (input.offlineCount >= input.lowerLimit) online.push('lower consecutive offline limit reached');
  if (input.issuerAuthenticationFailedLastOnline) online.push('issuer authentication failed last online');
  if (input.lastOnlineTransactionNotCompleted) online.push('last online transaction not completed');
  if (input.neverOnline) online.push('new card, never online');
  if (input.fingerTryLimitExceeded) online.push('finger try limit exceeded');
  if (input.offlineCvmFailed) online.push('offline CVM failed in this transaction');
  if (online.length === 0) return { decision: 'TC', reasons: ['offline approval within limits'] };
  if (!input.terminalOfflineOnly) return { decision: 'ARQC', reasons: online };
  return upperReached
    ? { decision: 'AAC', reasons: [...online, 'upper consecutive offline limit reached at an offline-only terminal'] }
    : { decision: 'TC', reasons: [...online, 'offline-only terminal, under the upper limit'] };
}

/** What the card knows at the second GENERATE AC. */
export interface SecondAcRiskInput {
  /** TC or AAC (the second GENERATE AC never asks for an ARQC). */
  readonly requested: 'AAC' | 'TC';
  /** The terminal could not go online (ARC Y3 / Z3, and no Issuer Authentication Data). */
  readonly unableToGoOnline: boolean;
  /** Issuer authentication: ARPC checked good, checked bad, or not received. */
  readonly issuerAuthentication: 'ok' | 'failed' | 'absent';
  /** The issuer approved (ARC 00, 10 or 11). */
  readonly issuerApproved: boolean;
  readonly offlineCount: number;
  readonly upperLimit: number;
}

/**
 * The second GENERATE AC:
 * - AAC asked: AAC.
 * - Unable to go online: TC (an offline approval, counted) while under the upper consecutive offline limit, else AAC.
 * - Online: TC only with a good ARPC and an approving ARC; a bad or missing ARPC gives AAC (and the card remembers
 *   the failure for the next transaction); an issuer decline gives AAC.
 */
export function secondAcDecision(input: SecondAcRiskInput): RiskDecision {
  if (input.requested === 'AAC') return { decision: 'AAC', reasons: ['terminal asked for AAC'] };
  if (input.unableToGoOnline) {
    return input.offlineCount >= input.upperLimit
      ? { decision: 'AAC', reasons: ['unable to go online, upper consecutive offline limit reached'] }
      : { decision: 'TC', reasons: ['unable to go online, under the upper consecutive offline limit'] };
  }
  if (input.issuerAuthentication === 'failed') return { decision: 'AAC', reasons: ['issuer authentication failed'] };
  if (input.issuerAuthentication === 'absent') return { decision: 'AAC', reasons: ['issuer authentication data missing'] };
  if (!input.issuerApproved) return { decision: 'AAC', reasons: ['issuer declined'] };
  return { decision: 'TC', reasons: ['issuer approved, issuer authenticated'] };
}
