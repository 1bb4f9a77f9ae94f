import type { CaPublicKey } from '../oda/index.ts';

/** One application the terminal accepts, with its Terminal Application Version Number (9F09). */
export interface TerminalApplication {
  /** The terminal's AID (9F06): RID and PIX, 5..16 bytes. */
  readonly aid: Uint8Array;
  /** Accept card applications whose DF name starts with `aid` and is longer. See EMV 4.4 Book 1, 12.3.1. */
  readonly partialSelection: boolean;
  /** Application Version Number, terminal (9F09), 2 bytes. */
  readonly applicationVersion: Uint8Array;
  /** A name for logs. */
  readonly name?: string;
}

/** Random transaction selection parameters. See EMV 4.4 Book 3, 10.6.2. */
export interface RandomSelection {
  /** Amounts below this are selected with `targetPercent`; binary minor units. */
  readonly thresholdAmount: number;
  /** Target Percentage to be Used for Random Selection, 0..99. */
  readonly targetPercent: number;
  /** Maximum Target Percentage to be Used for Biased Random Selection, targetPercent..99. */
  readonly maxTargetPercent: number;
}

/**
 * What an EMV terminal is configured with: its identity data objects, capabilities, risk parameters, action
 * codes, accepted applications and the certification authority public keys.
 * @remarks See EMV 4.4 Book 4, 6.3 (terminal data), Annex A1 (9F35), A2 (9F33), A3 (9F40); Book 3, 10.6
 * (floor limit, random selection), 10.7 (Terminal Action Codes).
 */
export interface EmvTerminalConfig {
  /** Terminal Country Code (9F1A), ISO 3166 numeric: 818 for Egypt. */
  readonly terminalCountryCode: number;
  /** Transaction Currency Code (5F2A), ISO 4217 numeric: 818 for the Egyptian pound. */
  readonly transactionCurrencyCode: number;
  /** Transaction Currency Exponent (5F36): 2 for piastres. */
  readonly transactionCurrencyExponent: number;
  /** Terminal Type (9F35): 22 = attended, merchant, offline with online capability. */
  readonly terminalType: number;
  /** Terminal Capabilities (9F33), 3 bytes. */
  readonly terminalCapabilities: Uint8Array;
  /** Additional Terminal Capabilities (9F40), 5 bytes. */
  readonly additionalTerminalCapabilities: Uint8Array;
  /** Biometric Terminal Capabilities (9F30, EMV 4.4): which finger CVMs the terminal performs. */
  readonly biometricCapabilities: { readonly fingerOffline: boolean; readonly fingerOnline: boolean };
  /** Terminal Floor Limit (9F1B), binary minor units. */
  readonly floorLimit: number;
  readonly randomSelection: RandomSelection;
  /** Terminal Action Codes, 5 bytes each. */
  readonly tacDenial: Uint8Array;
  readonly tacOnline: Uint8Array;
  readonly tacDefault: Uint8Array;
  readonly applications: readonly TerminalApplication[];
  /** Certification Authority Public Keys by RID and index. */
  readonly caKeys: readonly CaPublicKey[];
  /** Default DDOL (a DOL, not data), used when the card has no 9F49. */
  readonly defaultDdol: Uint8Array;
  /** Default TDOL (a DOL), used when a CDOL asks for the TC Hash Value (98) and the card has no 97. */
  readonly defaultTdol: Uint8Array;
  /** Further terminal data objects (9F1C Terminal Identification, 9F16, 9F4E, 9F15 ...) by tag. */
  readonly extraData?: ReadonlyMap<number, Uint8Array>;
}

/** Terminal Type (9F35) low nibble 1 or 4: online only. See EMV 4.4 Book 4, Annex A1. */
export function isOnlineOnly(terminalType: number): boolean {
  const environment = terminalType & 0x0f;
  return environment === 1 || environment === 4;
}

/** Terminal Type (9F35) low nibble 3 or 6: offline only. See EMV 4.4 Book 4, Annex A1. */
export function isOfflineOnly(terminalType: number): boolean {
  const environment = terminalType & 0x0f;
  return environment === 3 || environment === 6;
}

/** Terminal Type (9F35) low nibble 4, 5 or 6: unattended. See EMV 4.4 Book 4, Annex A1. */
export function isUnattended(terminalType: number): boolean {
  const environment = terminalType & 0x0f;
  return environment >= 4 && environment <= 6;
}
