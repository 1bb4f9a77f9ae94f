import { EmvError } from '../errors.ts';
import { decodeN } from '../tlv/data-format.ts';
import { decodeEmvDate } from '../tlv/emv-date.ts';
import { toHex } from '../tlv/hex.ts';
import {
  TAG_5F24_APPLICATION_EXPIRATION_DATE,
  TAG_5F25_APPLICATION_EFFECTIVE_DATE,
  TAG_5F28_ISSUER_COUNTRY_CODE,
  TAG_9F07_APPLICATION_USAGE_CONTROL,
  TAG_9F08_CARD_APPLICATION_VERSION_NUMBER,
} from '../tlv/tags.ts';
import { cardFault, sameBytes } from './card-exchange.ts';
import type { CvmTransactionType } from './cardholder-verification.ts';
import { logStep, type TransactionContext } from './transaction-context.ts';
import { TVR, setBit } from './tvr.ts';

/** Terminal facts processing restrictions compares the card's data with. */
export interface ProcessingRestrictionsInput {
  /** Application Version Number, terminal (9F09). */
  readonly terminalApplicationVersion: Uint8Array;
  /** Terminal Country Code (9F1A), numeric. */
  readonly terminalCountryCode: number;
  readonly transactionType: CvmTransactionType;
  /** Transaction date as `YYYY-MM-DD`. */
  readonly transactionDate: string;
  /** Whether the terminal is an ATM (Kart counters are not). */
  readonly atm?: boolean;
}

// See EMV 4.4 Book 3, Annex C2 (Application Usage Control), bytes 1 and 2.
const AUC = {
  DOMESTIC_CASH: { byte: 1, mask: 0x80 },
  INTERNATIONAL_CASH: { byte: 1, mask: 0x40 },
  DOMESTIC_GOODS: { byte: 1, mask: 0x20 },
  INTERNATIONAL_GOODS: { byte: 1, mask: 0x10 },
  VALID_AT_ATMS: { byte: 1, mask: 0x02 },
  VALID_AT_OTHER_TERMINALS: { byte: 1, mask: 0x01 },
  DOMESTIC_CASHBACK: { byte: 2, mask: 0x80 },
  INTERNATIONAL_CASHBACK: { byte: 2, mask: 0x40 },
} as const;

/**
 * Processing Restrictions: application version (9F08 against 9F09), Application Usage Control (9F07, with the
 * Issuer Country Code 5F28 to tell domestic from international; a Kart purchase counts as goods), effective
 * (5F25) and expiration (5F24) dates. Sets TVR byte 2 b8..b5; never refuses by itself (terminal action
 * analysis decides). A malformed date or country code is `EMV_CARD_DATA_INVALID`.
 * @remarks See EMV 4.4 Book 3, 10.4 (10.4.1 version, 10.4.2 usage control, 10.4.3 dates).
 */
export function processingRestrictions(context: TransactionContext, input: ProcessingRestrictionsInput): void {
  const { data, tvr } = context;
  const notes: string[] = [];
  // See Book 3, 10.4.1: both version numbers present and different.
  const cardVersion = data.get(TAG_9F08_CARD_APPLICATION_VERSION_NUMBER);
  if (cardVersion && !sameBytes(cardVersion, input.terminalApplicationVersion)) {
    setBit(tvr, TVR.APPLICATION_VERSIONS_DIFFERENT);
    notes.push(`versions differ (card ${toHex(cardVersion)}, terminal ${toHex(input.terminalApplicationVersion)})`);
  }
  // See Book 3, 10.4.2.
  const auc = data.get(TAG_9F07_APPLICATION_USAGE_CONTROL);
  if (auc) {
    if (auc.length !== 2) throw cardFault('EMV_CARD_DATA_INVALID', `AUC (9F07) has ${auc.length} bytes, not 2`);
    if (!serviceAllowed(auc, data.get(TAG_5F28_ISSUER_COUNTRY_CODE), input)) {
      setBit(tvr, TVR.SERVICE_NOT_ALLOWED);
      notes.push('service not allowed by the AUC');
    }
  }
  // See Book 3, 10.4.3: today before the effective date; today after the expiration date.
  const effective = data.get(TAG_5F25_APPLICATION_EFFECTIVE_DATE);
  if (effective && input.transactionDate < cardDate(effective, '5F25')) {
    setBit(tvr, TVR.APPLICATION_NOT_YET_EFFECTIVE);
    notes.push('not yet effective');
  }
  const expiry = data.get(TAG_5F24_APPLICATION_EXPIRATION_DATE);
  if (expiry && input.transactionDate > cardDate(expiry, '5F24')) {
    setBit(tvr, TVR.EXPIRED_APPLICATION);
    notes.push('expired');
  }
  logStep(context, `processing restrictions: ${notes.length === 0 ? 'none' : notes.join(', ')}`);
}

function has(auc: Uint8Array, bit: { byte: number; mask: number }): boolean {
  return ((auc[bit.byte - 1] ?? 0) & bit.mask) !== 0;
}

function serviceAllowed(auc: Uint8Array, issuerCountry: Uint8Array | undefined, input: ProcessingRestrictionsInput): boolean {
  // See Book 3, 10.4.2: valid at ATMs / at terminals other than ATMs.
  if (!has(auc, input.atm ? AUC.VALID_AT_ATMS : AUC.VALID_AT_OTHER_TERMINALS)) return false;
  // See Book 3, 10.4.2: without the Issuer Country Code the domestic/international checks are not made.
  if (!issuerCountry) return true;
  let country: number;
  try {
    country = Number(decodeN(issuerCountry));
  } catch (error) {
    if (error instanceof EmvError) throw cardFault('EMV_CARD_DATA_INVALID', 'Issuer Country Code (5F28) is not BCD', error);
    throw error;
  }
  const domestic = country === input.terminalCountryCode;
  switch (input.transactionType) {
    case 'cash':
      return has(auc, domestic ? AUC.DOMESTIC_CASH : AUC.INTERNATIONAL_CASH);
    case 'purchase-with-cashback':
      return (
        has(auc, domestic ? AUC.DOMESTIC_GOODS : AUC.INTERNATIONAL_GOODS) &&
        has(auc, domestic ? AUC.DOMESTIC_CASHBACK : AUC.INTERNATIONAL_CASHBACK)
      );
    default:
      return has(auc, domestic ? AUC.DOMESTIC_GOODS : AUC.INTERNATIONAL_GOODS);
  }
}

function cardDate(value: Uint8Array, tag: string): string {
  try {
    return decodeEmvDate(value);
  } catch (error) {
    if (error instanceof EmvError) throw cardFault('EMV_CARD_DATA_INVALID', `${tag} is not a YYMMDD date`, error);
    throw error;
  }
}
