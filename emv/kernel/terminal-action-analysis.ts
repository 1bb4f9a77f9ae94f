import { toHex } from '../tlv/hex.ts';
import { isOfflineOnly, isOnlineOnly } from './terminal-config.ts';

/** The application cryptograms: decline (AAC), offline approval (TC), go online (ARQC). */
export type CryptogramType = 'AAC' | 'TC' | 'ARQC';

/** Issuer or Terminal Action Codes (5 bytes each); an absent IAC takes the default the spec gives it. */
export interface ActionCodes {
  readonly denial?: Uint8Array;
  readonly online?: Uint8Array;
  readonly default?: Uint8Array;
}

export interface TerminalActionAnalysisInput {
  readonly tvr: Uint8Array;
  /** Issuer Action Codes from the card (9F0E denial, 9F0F online, 9F0D default), when present. */
  readonly iac: ActionCodes;
  /** Terminal Action Codes from the configuration. */
  readonly tac: Required<ActionCodes>;
  /** Terminal Type (9F35): online-only, offline-only or both. */
  readonly terminalType: number;
}

export interface ActionDecision {
  readonly cryptogram: CryptogramType;
  /** Which check decided, for the step log. */
  readonly reason: string;
}

const ZEROES = new Uint8Array(5);
const ONES = new Uint8Array(5).fill(0xff);

/** TVR bits that both the TAC and the IAC (or either) select: (TAC | IAC) & TVR, as hex when non-zero. */
function matches(tvr: Uint8Array, tac: Uint8Array, iac: Uint8Array): string | undefined {
  const hit = new Uint8Array(5);
  for (let i = 0; i < 5; i++) hit[i] = ((tac[i] ?? 0) | (iac[i] ?? 0)) & (tvr[i] ?? 0);
  return hit.some((b) => b !== 0) ? toHex(hit) : undefined;
}

/**
 * Terminal Action Analysis: the denial codes (an absent IAC-Denial counts as all zeroes) ask for an AAC; an
 * online-only terminal then asks for an ARQC; an offline-capable terminal with online capability asks for an
 * ARQC when the online codes match (an absent IAC-Online counts as all ones), else a TC; an offline-only
 * terminal applies the default codes (absent IAC-Default: all ones): AAC on a match, else TC.
 * @remarks See EMV 4.4 Book 3, 10.7 (Terminal Action Analysis) and Annex C5.
 */
export function terminalActionAnalysis(input: TerminalActionAnalysisInput): ActionDecision {
  const { tvr, iac, tac } = input;
  // See Book 3, 10.7: denial first.
  const denied = matches(tvr, tac.denial, iac.denial ?? ZEROES);
  if (denied) return { cryptogram: 'AAC', reason: `denial codes match TVR bits ${denied}` };
  if (isOnlineOnly(input.terminalType)) return { cryptogram: 'ARQC', reason: 'online-only terminal' };
  if (isOfflineOnly(input.terminalType)) return defaultActionAnalysis(tvr, iac.default, tac.default);
  // See Book 3, 10.7: offline-capable terminal with online capability.
  const online = matches(tvr, tac.online, iac.online ?? ONES);
  if (online) return { cryptogram: 'ARQC', reason: `online codes match TVR bits ${online}` };
  return { cryptogram: 'TC', reason: 'no denial or online code matches' };
}

/**
 * The default action codes: used by an offline-only terminal and, after an ARQC, by a terminal that could
 * not go online: AAC when (TAC-Default | IAC-Default) & TVR is non-zero (absent IAC-Default: all ones), else TC.
 * @remarks See EMV 4.4 Book 3, 10.7 (the default codes) and 10.9 (unable to go online).
 */
export function defaultActionAnalysis(tvr: Uint8Array, iacDefault: Uint8Array | undefined, tacDefault: Uint8Array): ActionDecision {
  const hit = matches(tvr, tacDefault, iacDefault ?? ONES);
  return hit
    ? { cryptogram: 'AAC', reason: `default codes match TVR bits ${hit}` }
    : { cryptogram: 'TC', reason: 'no default code matches' };
}
