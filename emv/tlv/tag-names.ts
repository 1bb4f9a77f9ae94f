import type { DataFormat } from './data-format.ts';
import { isConstructedTag } from './tlv-node.ts';
import * as T from './tags.ts';

/** Where a data element comes from: the card (ICC), the terminal, or the issuer (via the authorisation response). */
export type TagSource = 'card' | 'terminal' | 'issuer';

/** What the dictionary knows about one tag. `layout` marks `n` dates and times for display. */
export interface TagInfo {
  readonly name: string;
  readonly format: DataFormat;
  readonly source: TagSource;
  readonly constructed: boolean;
  readonly layout?: 'YYMMDD' | 'HHMMSS';
}

type Row = readonly [tag: number, name: string, format: DataFormat, source: TagSource, layout?: 'YYMMDD' | 'HHMMSS'];

// See EMV 4.4 Book 3, Annex A, table 33 (data elements by name) and table 34 (by tag). Formats "var." are `b`.
const ROWS: readonly Row[] = [
  [T.TAG_42_ISSUER_IDENTIFICATION_NUMBER, 'Issuer Identification Number (IIN)', 'n', 'card'],
  [T.TAG_4F_APPLICATION_IDENTIFIER, 'Application Identifier (AID) - card', 'b', 'card'],
  [T.TAG_50_APPLICATION_LABEL, 'Application Label', 'ans', 'card'],
  [T.TAG_57_TRACK2_EQUIVALENT_DATA, 'Track 2 Equivalent Data', 'b', 'card'],
  [T.TAG_5A_PAN, 'Application Primary Account Number (PAN)', 'cn', 'card'],
  [T.TAG_5F20_CARDHOLDER_NAME, 'Cardholder Name', 'ans', 'card'],
  [T.TAG_5F24_APPLICATION_EXPIRATION_DATE, 'Application Expiration Date', 'n', 'card', 'YYMMDD'],
  [T.TAG_5F25_APPLICATION_EFFECTIVE_DATE, 'Application Effective Date', 'n', 'card', 'YYMMDD'],
  [T.TAG_5F28_ISSUER_COUNTRY_CODE, 'Issuer Country Code', 'n', 'card'],
  [T.TAG_5F2A_TRANSACTION_CURRENCY_CODE, 'Transaction Currency Code', 'n', 'terminal'],
  [T.TAG_5F2D_LANGUAGE_PREFERENCE, 'Language Preference', 'an', 'card'],
  [T.TAG_5F30_SERVICE_CODE, 'Service Code', 'n', 'card'],
  [T.TAG_5F34_PAN_SEQUENCE_NUMBER, 'Application PAN Sequence Number', 'n', 'card'],
  [T.TAG_5F36_TRANSACTION_CURRENCY_EXPONENT, 'Transaction Currency Exponent', 'n', 'terminal'],
  [T.TAG_5F50_ISSUER_URL, 'Issuer URL', 'ans', 'card'],
  [T.TAG_5F53_IBAN, 'International Bank Account Number (IBAN)', 'b', 'card'],
  [T.TAG_5F54_BANK_IDENTIFIER_CODE, 'Bank Identifier Code (BIC)', 'b', 'card'],
  [T.TAG_5F55_ISSUER_COUNTRY_CODE_ALPHA2, 'Issuer Country Code (alpha2 format)', 'a', 'card'],
  [T.TAG_5F56_ISSUER_COUNTRY_CODE_ALPHA3, 'Issuer Country Code (alpha3 format)', 'a', 'card'],
  [T.TAG_5F57_ACCOUNT_TYPE, 'Account Type', 'n', 'terminal'],
  [T.TAG_61_APPLICATION_TEMPLATE, 'Application Template', 'b', 'card'],
  [T.TAG_6F_FCI_TEMPLATE, 'File Control Information (FCI) Template', 'b', 'card'],
  [T.TAG_70_READ_RECORD_TEMPLATE, 'READ RECORD Response Message Template', 'b', 'card'],
  [T.TAG_71_ISSUER_SCRIPT_TEMPLATE_1, 'Issuer Script Template 1', 'b', 'issuer'],
  [T.TAG_72_ISSUER_SCRIPT_TEMPLATE_2, 'Issuer Script Template 2', 'b', 'issuer'],
  [T.TAG_73_DIRECTORY_DISCRETIONARY_TEMPLATE, 'Directory Discretionary Template', 'b', 'card'],
  [T.TAG_77_RESPONSE_TEMPLATE_FORMAT_2, 'Response Message Template Format 2', 'b', 'card'],
  [T.TAG_80_RESPONSE_TEMPLATE_FORMAT_1, 'Response Message Template Format 1', 'b', 'card'],
  [T.TAG_81_AMOUNT_AUTHORISED_BINARY, 'Amount, Authorised (Binary)', 'b', 'terminal'],
  [T.TAG_82_APPLICATION_INTERCHANGE_PROFILE, 'Application Interchange Profile', 'b', 'card'],
  [T.TAG_83_COMMAND_TEMPLATE, 'Command Template', 'b', 'terminal'],
  [T.TAG_84_DF_NAME, 'Dedicated File (DF) Name', 'b', 'card'],
  [T.TAG_86_ISSUER_SCRIPT_COMMAND, 'Issuer Script Command', 'b', 'issuer'],
  [T.TAG_87_APPLICATION_PRIORITY_INDICATOR, 'Application Priority Indicator', 'b', 'card'],
  [T.TAG_88_SFI, 'Short File Identifier (SFI)', 'b', 'card'],
  [T.TAG_89_AUTHORISATION_CODE, 'Authorisation Code', 'ans', 'issuer'],
  [T.TAG_8A_AUTHORISATION_RESPONSE_CODE, 'Authorisation Response Code', 'an', 'issuer'],
  [T.TAG_8C_CDOL1, 'Card Risk Management Data Object List 1 (CDOL1)', 'b', 'card'],
  [T.TAG_8D_CDOL2, 'Card Risk Management Data Object List 2 (CDOL2)', 'b', 'card'],
  [T.TAG_8E_CVM_LIST, 'Cardholder Verification Method (CVM) List', 'b', 'card'],
  [T.TAG_8F_CA_PUBLIC_KEY_INDEX, 'Certification Authority Public Key Index', 'b', 'card'],
  [T.TAG_90_ISSUER_PUBLIC_KEY_CERTIFICATE, 'Issuer Public Key Certificate', 'b', 'card'],
  [T.TAG_91_ISSUER_AUTHENTICATION_DATA, 'Issuer Authentication Data', 'b', 'issuer'],
  [T.TAG_92_ISSUER_PUBLIC_KEY_REMAINDER, 'Issuer Public Key Remainder', 'b', 'card'],
  [T.TAG_93_SIGNED_STATIC_APPLICATION_DATA, 'Signed Static Application Data', 'b', 'card'],
  [T.TAG_94_APPLICATION_FILE_LOCATOR, 'Application File Locator (AFL)', 'b', 'card'],
  [T.TAG_95_TERMINAL_VERIFICATION_RESULTS, 'Terminal Verification Results', 'b', 'terminal'],
  [T.TAG_97_TDOL, 'Transaction Certificate Data Object List (TDOL)', 'b', 'card'],
  [T.TAG_98_TC_HASH_VALUE, 'Transaction Certificate (TC) Hash Value', 'b', 'terminal'],
  [T.TAG_99_TRANSACTION_PIN_DATA, 'Transaction Personal Identification Number (PIN) Data', 'b', 'terminal'],
  [T.TAG_9A_TRANSACTION_DATE, 'Transaction Date', 'n', 'terminal', 'YYMMDD'],
  [T.TAG_9B_TRANSACTION_STATUS_INFORMATION, 'Transaction Status Information', 'b', 'terminal'],
  [T.TAG_9C_TRANSACTION_TYPE, 'Transaction Type', 'n', 'terminal'],
  [T.TAG_9D_DDF_NAME, 'Directory Definition File (DDF) Name', 'b', 'card'],
  [T.TAG_9F01_ACQUIRER_IDENTIFIER, 'Acquirer Identifier', 'n', 'terminal'],
  [T.TAG_9F02_AMOUNT_AUTHORISED, 'Amount, Authorised (Numeric)', 'n', 'terminal'],
  [T.TAG_9F03_AMOUNT_OTHER, 'Amount, Other (Numeric)', 'n', 'terminal'],
  [T.TAG_9F04_AMOUNT_OTHER_BINARY, 'Amount, Other (Binary)', 'b', 'terminal'],
  [T.TAG_9F05_APPLICATION_DISCRETIONARY_DATA, 'Application Discretionary Data', 'b', 'card'],
  [T.TAG_9F06_TERMINAL_AID, 'Application Identifier (AID) - terminal', 'b', 'terminal'],
  [T.TAG_9F07_APPLICATION_USAGE_CONTROL, 'Application Usage Control', 'b', 'card'],
  [T.TAG_9F08_CARD_APPLICATION_VERSION_NUMBER, 'Application Version Number (card)', 'b', 'card'],
  [T.TAG_9F09_TERMINAL_APPLICATION_VERSION_NUMBER, 'Application Version Number (terminal)', 'b', 'terminal'],
  [T.TAG_9F0A_ASRPD, 'Application Selection Registered Proprietary Data', 'b', 'card'],
  [T.TAG_9F0B_CARDHOLDER_NAME_EXTENDED, 'Cardholder Name Extended', 'ans', 'card'],
  [T.TAG_9F0D_IAC_DEFAULT, 'Issuer Action Code - Default', 'b', 'card'],
  [T.TAG_9F0E_IAC_DENIAL, 'Issuer Action Code - Denial', 'b', 'card'],
  [T.TAG_9F0F_IAC_ONLINE, 'Issuer Action Code - Online', 'b', 'card'],
  [T.TAG_9F10_ISSUER_APPLICATION_DATA, 'Issuer Application Data', 'b', 'card'],
  [T.TAG_9F11_ISSUER_CODE_TABLE_INDEX, 'Issuer Code Table Index', 'n', 'card'],
  [T.TAG_9F12_APPLICATION_PREFERRED_NAME, 'Application Preferred Name', 'ans', 'card'],
  [T.TAG_9F13_LAST_ONLINE_ATC_REGISTER, 'Last Online Application Transaction Counter (ATC) Register', 'b', 'card'],
  [T.TAG_9F14_LOWER_CONSECUTIVE_OFFLINE_LIMIT, 'Lower Consecutive Offline Limit', 'b', 'card'],
  [T.TAG_9F15_MERCHANT_CATEGORY_CODE, 'Merchant Category Code', 'n', 'terminal'],
  [T.TAG_9F16_MERCHANT_IDENTIFIER, 'Merchant Identifier', 'ans', 'terminal'],
  [T.TAG_9F17_PIN_TRY_COUNTER, 'Personal Identification Number (PIN) Try Counter', 'b', 'card'],
  [T.TAG_9F18_ISSUER_SCRIPT_IDENTIFIER, 'Issuer Script Identifier', 'b', 'issuer'],
  [T.TAG_9F1A_TERMINAL_COUNTRY_CODE, 'Terminal Country Code', 'n', 'terminal'],
  [T.TAG_9F1B_TERMINAL_FLOOR_LIMIT, 'Terminal Floor Limit', 'b', 'terminal'],
  [T.TAG_9F1C_TERMINAL_IDENTIFICATION, 'Terminal Identification', 'an', 'terminal'],
  [T.TAG_9F1D_TERMINAL_RISK_MANAGEMENT_DATA, 'Terminal Risk Management Data', 'b', 'terminal'],
  [T.TAG_9F1E_IFD_SERIAL_NUMBER, 'Interface Device (IFD) Serial Number', 'an', 'terminal'],
  [T.TAG_9F1F_TRACK1_DISCRETIONARY_DATA, 'Track 1 Discretionary Data', 'ans', 'card'],
  [T.TAG_9F20_TRACK2_DISCRETIONARY_DATA, 'Track 2 Discretionary Data', 'cn', 'card'],
  [T.TAG_9F21_TRANSACTION_TIME, 'Transaction Time', 'n', 'terminal', 'HHMMSS'],
  [T.TAG_9F22_TERMINAL_CA_PUBLIC_KEY_INDEX, 'Certification Authority Public Key Index (terminal)', 'b', 'terminal'],
  [T.TAG_9F23_UPPER_CONSECUTIVE_OFFLINE_LIMIT, 'Upper Consecutive Offline Limit', 'b', 'card'],
  [T.TAG_9F24_PAYMENT_ACCOUNT_REFERENCE, 'Payment Account Reference (PAR)', 'an', 'card'],
  [T.TAG_9F26_APPLICATION_CRYPTOGRAM, 'Application Cryptogram', 'b', 'card'],
  [T.TAG_9F27_CRYPTOGRAM_INFORMATION_DATA, 'Cryptogram Information Data', 'b', 'card'],
  [T.TAG_9F2D_ICC_PIN_ENCIPHERMENT_PK_CERTIFICATE, 'ICC PIN Encipherment Public Key Certificate', 'b', 'card'],
  [T.TAG_9F2E_ICC_PIN_ENCIPHERMENT_PK_EXPONENT, 'ICC PIN Encipherment Public Key Exponent', 'b', 'card'],
  [T.TAG_9F2F_ICC_PIN_ENCIPHERMENT_PK_REMAINDER, 'ICC PIN Encipherment Public Key Remainder', 'b', 'card'],
  // See EMV 4.4 Book 4, A7 (9F30) and Book 3, Annex C8 (9F31: a primitive tag whose value holds BF4A / BF4B).
  [T.TAG_9F30_BIOMETRIC_TERMINAL_CAPABILITIES, 'Biometric Terminal Capabilities', 'b', 'terminal'],
  [T.TAG_9F31_CARD_BIT_GROUP_TEMPLATE, 'Card BIT Group Template', 'b', 'card'],
  [T.TAG_9F32_ISSUER_PUBLIC_KEY_EXPONENT, 'Issuer Public Key Exponent', 'b', 'card'],
  [T.TAG_9F33_TERMINAL_CAPABILITIES, 'Terminal Capabilities', 'b', 'terminal'],
  [T.TAG_9F34_CVM_RESULTS, 'Cardholder Verification Method (CVM) Results', 'b', 'terminal'],
  [T.TAG_9F35_TERMINAL_TYPE, 'Terminal Type', 'n', 'terminal'],
  [T.TAG_9F36_ATC, 'Application Transaction Counter (ATC)', 'b', 'card'],
  [T.TAG_9F37_UNPREDICTABLE_NUMBER, 'Unpredictable Number', 'b', 'terminal'],
  [T.TAG_9F38_PDOL, 'Processing Options Data Object List (PDOL)', 'b', 'card'],
  [T.TAG_9F39_POS_ENTRY_MODE, 'Point-of-Service (POS) Entry Mode', 'n', 'terminal'],
  [T.TAG_9F3A_AMOUNT_REFERENCE_CURRENCY, 'Amount, Reference Currency', 'b', 'terminal'],
  [T.TAG_9F3B_APPLICATION_REFERENCE_CURRENCY, 'Application Reference Currency', 'n', 'card'],
  [T.TAG_9F3C_TRANSACTION_REFERENCE_CURRENCY_CODE, 'Transaction Reference Currency Code', 'n', 'terminal'],
  [T.TAG_9F3D_TRANSACTION_REFERENCE_CURRENCY_EXPONENT, 'Transaction Reference Currency Exponent', 'n', 'terminal'],
  [T.TAG_9F40_ADDITIONAL_TERMINAL_CAPABILITIES, 'Additional Terminal Capabilities', 'b', 'terminal'],
  [T.TAG_9F41_TRANSACTION_SEQUENCE_COUNTER, 'Transaction Sequence Counter', 'n', 'terminal'],
  [T.TAG_9F42_APPLICATION_CURRENCY_CODE, 'Application Currency Code', 'n', 'card'],
  [T.TAG_9F43_APPLICATION_REFERENCE_CURRENCY_EXPONENT, 'Application Reference Currency Exponent', 'n', 'card'],
  [T.TAG_9F44_APPLICATION_CURRENCY_EXPONENT, 'Application Currency Exponent', 'n', 'card'],
  [T.TAG_9F45_DATA_AUTHENTICATION_CODE, 'Data Authentication Code', 'b', 'card'],
  [T.TAG_9F46_ICC_PUBLIC_KEY_CERTIFICATE, 'ICC Public Key Certificate', 'b', 'card'],
  [T.TAG_9F47_ICC_PUBLIC_KEY_EXPONENT, 'ICC Public Key Exponent', 'b', 'card'],
  [T.TAG_9F48_ICC_PUBLIC_KEY_REMAINDER, 'ICC Public Key Remainder', 'b', 'card'],
  [T.TAG_9F49_DDOL, 'Dynamic Data Authentication Data Object List (DDOL)', 'b', 'card'],
  [T.TAG_9F4A_SDA_TAG_LIST, 'Static Data Authentication Tag List', 'b', 'card'],
  [T.TAG_9F4B_SIGNED_DYNAMIC_APPLICATION_DATA, 'Signed Dynamic Application Data', 'b', 'card'],
  [T.TAG_9F4C_ICC_DYNAMIC_NUMBER, 'ICC Dynamic Number', 'b', 'card'],
  [T.TAG_9F4D_LOG_ENTRY, 'Log Entry', 'b', 'card'],
  [T.TAG_9F4E_MERCHANT_NAME_AND_LOCATION, 'Merchant Name and Location', 'ans', 'terminal'],
  [T.TAG_9F4F_LOG_FORMAT, 'Log Format', 'b', 'card'],
  [T.TAG_A5_FCI_PROPRIETARY_TEMPLATE, 'File Control Information (FCI) Proprietary Template', 'b', 'card'],
  [T.TAG_BF0C_FCI_ISSUER_DISCRETIONARY_DATA, 'File Control Information (FCI) Issuer Discretionary Data', 'b', 'card'],
];

/**
 * The EMV data element dictionary: tag → name, format, source, constructed.
 * @remarks See EMV 4.4 Book 3, Annex A (Data Elements Dictionary).
 */
export const EMV_TAGS: ReadonlyMap<number, TagInfo> = new Map(
  ROWS.map(([tag, name, format, source, layout]) => [
    tag,
    { name, format, source, constructed: isConstructedTag(tag), ...(layout ? { layout } : {}) },
  ]),
);

/**
 * Dictionary entry for `tag`, or `undefined` for a tag EMV Book 3 does not define (proprietary ones).
 * @remarks See EMV 4.4 Book 3, Annex A.
 */
export function describeTag(tag: number): TagInfo | undefined {
  return EMV_TAGS.get(tag);
}
