import { encodeBiometricTerminalCapabilities } from '../biometric/biometric-data-objects.ts';
import { encodeN } from '../tlv/data-format.ts';
import * as T from '../tlv/tags.ts';
import type { CvmTransactionType } from './cardholder-verification.ts';
import { CVM_CODE } from './cvm-list.ts';
import type { EmvTerminalConfig } from './terminal-config.ts';

/** Biometric Terminal Capabilities (EMV 4.4). See Book 4, A7. */
export const TAG_9F30_BIOMETRIC_TERMINAL_CAPABILITIES = 0x9f30;

const TRANSACTION_TYPE_9C: Record<CvmTransactionType, number> = { purchase: 0x00, cash: 0x01, 'purchase-with-cashback': 0x09 };

/**
 * The terminal's data objects for one transaction: country, currency, type, capabilities, floor limit, amounts,
 * date and time, transaction type, POS entry mode (05, chip), Unpredictable Number, sequence counter, and any
 * extra data of the configuration.
 * @remarks See EMV 4.4 Book 4, 6.3 and Book 3, Annex A.
 */
export function terminalData(
  config: EmvTerminalConfig,
  request: { readonly amountAuthorised: number; readonly amountOther?: number; readonly transactionType?: CvmTransactionType; readonly now?: Date; readonly transactionSequenceCounter?: number },
  unpredictableNumber: Uint8Array,
): Map<number, Uint8Array> {
  const now = request.now ?? new Date();
  const pad = (n: number): string => String(n).padStart(2, '0');
  const date = `${pad(now.getUTCFullYear() % 100)}${pad(now.getUTCMonth() + 1)}${pad(now.getUTCDate())}`;
  const time = `${pad(now.getUTCHours())}${pad(now.getUTCMinutes())}${pad(now.getUTCSeconds())}`;
  const binary4 = (n: number): Uint8Array => Uint8Array.of(n >>> 24, (n >>> 16) & 0xff, (n >>> 8) & 0xff, n & 0xff);
  const amount = request.amountAuthorised;
  const other = request.amountOther ?? 0;
  const data = new Map<number, Uint8Array>(config.extraData);
  data.set(T.TAG_9F1A_TERMINAL_COUNTRY_CODE, encodeN(config.terminalCountryCode, 2));
  data.set(T.TAG_5F2A_TRANSACTION_CURRENCY_CODE, encodeN(config.transactionCurrencyCode, 2));
  data.set(T.TAG_5F36_TRANSACTION_CURRENCY_EXPONENT, encodeN(config.transactionCurrencyExponent, 1));
  data.set(T.TAG_9F35_TERMINAL_TYPE, Uint8Array.of(config.terminalType & 0xff));
  data.set(T.TAG_9F33_TERMINAL_CAPABILITIES, Uint8Array.from(config.terminalCapabilities));
  data.set(T.TAG_9F40_ADDITIONAL_TERMINAL_CAPABILITIES, Uint8Array.from(config.additionalTerminalCapabilities));
  data.set(TAG_9F30_BIOMETRIC_TERMINAL_CAPABILITIES, encodeBiometricTerminalCapabilities(config.biometricCapabilities));
  data.set(T.TAG_9F1B_TERMINAL_FLOOR_LIMIT, binary4(config.floorLimit));
  data.set(T.TAG_9F02_AMOUNT_AUTHORISED, encodeN(amount, 6));
  data.set(T.TAG_81_AMOUNT_AUTHORISED_BINARY, binary4(amount));
  data.set(T.TAG_9F03_AMOUNT_OTHER, encodeN(other, 6));
  data.set(T.TAG_9F04_AMOUNT_OTHER_BINARY, binary4(other));
  data.set(T.TAG_9A_TRANSACTION_DATE, encodeN(date, 3));
  data.set(T.TAG_9F21_TRANSACTION_TIME, encodeN(time, 3));
  data.set(T.TAG_9C_TRANSACTION_TYPE, Uint8Array.of(TRANSACTION_TYPE_9C[request.transactionType ?? 'purchase']));
  data.set(T.TAG_9F39_POS_ENTRY_MODE, Uint8Array.of(0x05));
  data.set(T.TAG_9F37_UNPREDICTABLE_NUMBER, Uint8Array.from(unpredictableNumber));
  if (request.transactionSequenceCounter !== undefined) {
    data.set(T.TAG_9F41_TRANSACTION_SEQUENCE_COUNTER, encodeN(request.transactionSequenceCounter, 4));
  }
  return data;
}

/**
 * The CVMs the terminal performs, from Terminal Capabilities byte 2 and the Biometric Terminal Capabilities.
 * @remarks See EMV 4.4 Book 4, Annex A2 (9F33 byte 2) and A7 (9F30).
 */
export function supportedCvms(config: EmvTerminalConfig): ReadonlySet<number> {
  const cvm = config.terminalCapabilities[1] ?? 0;
  const out = new Set<number>([CVM_CODE.FAIL_CVM_PROCESSING]);
  if (cvm & 0x80) out.add(CVM_CODE.PLAINTEXT_PIN_BY_ICC);
  if (cvm & 0x80 && cvm & 0x20) out.add(CVM_CODE.PLAINTEXT_PIN_BY_ICC_AND_SIGNATURE);
  if (cvm & 0x20) out.add(CVM_CODE.SIGNATURE);
  if (cvm & 0x08) out.add(CVM_CODE.NO_CVM_REQUIRED);
  if (cvm & 0x02 && config.biometricCapabilities.fingerOffline) out.add(CVM_CODE.FINGER_BIOMETRIC_OFFLINE);
  if (cvm & 0x04 && config.biometricCapabilities.fingerOnline) out.add(CVM_CODE.FINGER_BIOMETRIC_ONLINE);
  return out;
}
