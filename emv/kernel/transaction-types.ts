import type { EmvErrorCode } from '../errors.ts';
import type { Transceiver } from '../transceiver.ts';
import type { BiometricVerifier, CvmTransactionType, PinPad } from './cardholder-verification.ts';
import type { ChooseApplication } from './final-selection.ts';
import type { GoOnline } from './online-processing.ts';
import type { CryptogramType } from './terminal-action-analysis.ts';

/** One sale (or cash, or purchase with cashback) to run. */
export interface EmvTransactionRequest {
  /** Amount, Authorised in minor units (piastres). */
  readonly amountAuthorised: number;
  /** Amount, Other (cashback) in minor units. */
  readonly amountOther?: number;
  readonly transactionType?: CvmTransactionType;
  /** Transaction date and time (default now). */
  readonly now?: Date;
  /** The merchant asks for online authorisation (TVR byte 4 b4). */
  readonly forceOnline?: boolean;
  /** Transaction Sequence Counter (9F41). */
  readonly transactionSequenceCounter?: number;
}

/** The terminal's devices and links, injected. */
export interface EmvTransactionIo {
  readonly trx: Transceiver;
  readonly pinPad: PinPad;
  readonly biometricVerifier: BiometricVerifier;
  readonly goOnline: GoOnline;
  readonly chooseApplication?: ChooseApplication;
  /** Uniform in [0, 1) for random transaction selection (default Math.random); seed it in tests. */
  readonly random?: () => number;
  /** Bytes for the Unpredictable Number (default node:crypto). */
  readonly randomBytes?: (length: number) => Uint8Array;
}

/** Why the transaction ended as it did: a stable code for branching, beside the English reason. */
export type EmvReasonCode =
  | 'OFFLINE_APPROVED'
  | 'OFFLINE_DECLINED'
  | 'ONLINE_APPROVED'
  | 'ONLINE_DECLINED'
  | 'CARD_DECLINED_AFTER_ONLINE_APPROVAL'
  | 'UNABLE_ONLINE_APPROVED'
  | 'UNABLE_ONLINE_DECLINED'
  | 'CDA_FAILED'
  | EmvErrorCode;

export interface EmvTransactionResult {
  readonly outcome: 'approved' | 'declined' | 'terminated';
  /** The last cryptogram the card generated, when it generated one. */
  readonly cryptogramType?: CryptogramType;
  /** Whether the issuer was asked (and answered). */
  readonly online: boolean;
  readonly reasonCode: EmvReasonCode;
  readonly reason: string;
  readonly tvr: Uint8Array;
  readonly tsi: Uint8Array;
  readonly cvmResults: Uint8Array;
  /** Every data object of the transaction by tag (card, terminal, issuer), with the final 95, 9B and 9F34. */
  readonly data: ReadonlyMap<number, Uint8Array>;
  readonly signatureRequired: boolean;
  /** A readable log of the steps (no PINs, keys or biometric data). */
  readonly steps: readonly string[];
}
